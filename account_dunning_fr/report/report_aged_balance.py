from odoo import api, fields, models

from ..lib import analytics

AMOUNTS = (*(bucket.name for bucket in analytics.AGE_BUCKETS), "amount_total")


class ReportAgedBalance(models.AbstractModel):
    """The printed aged balance: one section per company, with its letterhead."""

    _name = "report.account_dunning_fr.report_aged_balance"
    _description = "Aged balance (printed)"

    @api.model
    def _get_report_values(self, docids, data=None):
        rows = self.env["account.dunning.aged.balance"].browse(docids).exists()
        sections = []
        for company, company_rows in sorted(
            rows.grouped("company_id").items(), key=lambda item: item[0].name
        ):
            sections.append(
                {
                    "company": company,
                    "rows": company_rows.sorted(
                        lambda row: ((row.partner_id.name or "").lower(), row.id)
                    ),
                    "totals": {
                        name: company.currency_id.round(sum(company_rows.mapped(name)))
                        for name in AMOUNTS
                    },
                }
            )
        return {
            "doc_ids": rows.ids,
            "doc_model": rows._name,
            "docs": rows,
            "sections": sections,
            "columns": [
                (name, rows._fields[name]._description_string(self.env))
                for name in AMOUNTS
            ],
            "date": fields.Date.context_today(self),
        }
