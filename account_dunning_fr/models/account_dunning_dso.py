from odoo import fields, models


class AccountDunningDso(models.Model):
    """The company's DSO at each month-end: its trend, written every night."""

    _name = "account.dunning.dso"
    _description = "DSO at month-end"
    _order = "company_id, date desc"
    _rec_name = "date"

    company_id = fields.Many2one("res.company", required=True, index=True)
    date = fields.Date(string="Month-end", required=True, index=True)
    dso = fields.Float(
        string="DSO (days)",
        digits=(16, 1),
        aggregator="avg",
        help="Days sales outstanding by the countback method on that day.",
    )
    receivable = fields.Monetary(
        string="Open receivable",
        currency_field="currency_id",
        help="Receivable of the company on that day, tax included, net of the "
        "payments and credit notes not yet reconciled.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id", store=True)

    _sql_constraints = [
        (
            "company_date_uniq",
            "unique(company_id, date)",
            "The DSO of a company is recorded once per month-end.",
        )
    ]

    def _dunning_record(self, company, values):
        """Store ``{month-end: (dso, receivable)}`` of ``company``, replacing
        what an earlier night computed for the same month-ends."""
        existing = {
            record.date: record
            for record in self.search(
                [("company_id", "=", company.id), ("date", "in", list(values))]
            )
        }
        to_create = []
        for day, (dso, receivable) in values.items():
            vals = {"dso": dso, "receivable": receivable}
            if day in existing:
                existing[day].write(vals)
            else:
                to_create.append(dict(vals, company_id=company.id, date=day))
        self.create(to_create)
