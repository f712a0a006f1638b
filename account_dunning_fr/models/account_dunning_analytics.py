from collections import defaultdict

from odoo import api, models
from odoo.tools import SQL

from ..lib import analytics

RECEIVABLE_DOMAIN = [
    ("account_type", "=", "asset_receivable"),
    ("parent_state", "=", "posted"),
]
SALES_DOMAIN = [
    ("move_type", "in", ("out_invoice", "out_refund")),
    ("state", "=", "posted"),
]
# what the payment delays are read from, flushed before the query
PAYMENT_DELAY_FIELDS = {
    "account.partial.reconcile": [
        "debit_move_id",
        "credit_move_id",
        "max_date",
        "company_id",
    ],
    "account.move.line": ["move_id", "account_id"],
    "account.move": [
        "move_type",
        "state",
        "payment_state",
        "company_id",
        "commercial_partner_id",
        "invoice_date_due",
    ],
    "account.account": ["account_type"],
}


class AccountDunningAnalytics(models.AbstractModel):
    """Who pays how, computed in batch: the payer profiles and the DSO of the
    customers (stored on res.partner, per company), each company's DSO and its
    month-end trend (account.dunning.dso).

    The rules are lib/analytics.py; this model feeds them, per company, from
    one SQL query (the payment delays) and grouped reads, whatever the number
    of customers. It reads and writes as superuser: the figures are the
    company's, whoever triggers their computation.
    """

    _name = "account.dunning.analytics"
    _description = "Customer payment analytics"

    @api.model
    def _update_all(self, date):
        """Every customer of every company on ``date``, then the companies'
        DSO (res.partner._dunning_update_payer_profiles, the nightly cron)."""
        companies = self.env["res.company"].sudo().search([])
        for company in companies:
            self._update_customers(company, date)
        self._update_company_dso(companies, date)

    @api.model
    def _update_customers(self, company, date, partners=None):
        """Compute and store the figures of ``partners`` (commercial partners;
        None: all customers) in ``company`` on ``date``."""
        company = company.sudo()
        delays = self._payment_delays(company, date, partners)
        broken = self._broken_promises(company, date, partners)
        dso = self._customer_dso(company, date, partners)
        thresholds = company._dunning_profile_thresholds()
        customers = self.env["res.partner"].sudo().with_company(company)
        stored = self._with_stored_figures(customers, partners)
        candidates = customers.browse(set(delays) | set(broken) | set(dso)) | stored
        by_values = defaultdict(list)
        for partner in candidates:
            stats = analytics.payer_stats(delays.get(partner.id, ()))
            values = {
                "payer_profile": analytics.payer_profile(
                    stats, broken.get(partner.id, 0), thresholds
                ),
                "avg_days_late": stats.avg_days_late,
                "late_payment_ratio": stats.late_payment_ratio,
                "broken_promise_count": broken.get(partner.id, 0),
                "dunning_dso": dso.get(partner.id, 0.0),
            }
            # rounded as stored: a customer whose figures stay is not written
            new = {
                name: customers._fields[name].convert_to_cache(value, customers)
                for name, value in values.items()
            }
            if any(partner[name] != value for name, value in new.items()):
                by_values[tuple(new.items())].append(partner.id)
        for values, partner_ids in by_values.items():
            customers.browse(partner_ids).write(dict(values))

    @api.model
    def _with_stored_figures(self, customers, partners=None):
        """Those of ``partners`` (None: all) whose figures in the company of
        ``customers`` are not the defaults: an earlier computation may have to
        be reset."""
        domain = [
            "|",
            "|",
            "|",
            "|",
            (
                "payer_profile",
                "in",
                (analytics.GOOD, analytics.OCCASIONAL, analytics.CHRONIC),
            ),
            ("avg_days_late", ">", 0),
            ("late_payment_ratio", ">", 0),
            ("broken_promise_count", ">", 0),
            ("dunning_dso", ">", 0),
        ]
        if partners is not None:
            domain.append(("id", "in", partners.ids))
        return customers.search(domain)

    @api.model
    def _payment_delays(self, company, date, partners=None):
        """``{commercial partner id: [days]}``: for each customer invoice fully
        paid in the 12 months ending on ``date``, its last payment date less
        its due date. The credit notes allocated to it are not payments (an
        invoice settled by credit notes only is reversed, not paid). One
        query."""
        first, last = analytics.profile_window(date)
        for model, names in PAYMENT_DELAY_FIELDS.items():
            self.env[model].flush_model(names)
        partner_filter = (
            SQL("AND move.commercial_partner_id = ANY(%s)", partners.ids)
            if partners is not None
            else SQL()
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT move.commercial_partner_id,
                       ARRAY_AGG(paid.last_payment - move.invoice_date_due)
                  FROM (
                        SELECT line.move_id, MAX(part.max_date) AS last_payment
                          FROM account_partial_reconcile part
                          JOIN account_move_line line
                            ON line.id = part.debit_move_id
                          JOIN account_account account
                            ON account.id = line.account_id
                          JOIN account_move_line counterpart
                            ON counterpart.id = part.credit_move_id
                          JOIN account_move counterpart_move
                            ON counterpart_move.id = counterpart.move_id
                         WHERE part.company_id = %(company)s
                           AND part.max_date >= %(first)s
                           AND account.account_type = 'asset_receivable'
                           -- a credit note is not a payment
                           AND counterpart_move.move_type != 'out_refund'
                      GROUP BY line.move_id
                       ) paid
                  JOIN account_move move ON move.id = paid.move_id
                 WHERE move.company_id = %(company)s
                   AND move.move_type = 'out_invoice'
                   AND move.state = 'posted'
                   AND move.payment_state IN ('paid', 'in_payment')
                   AND paid.last_payment <= %(last)s
                   %(partner_filter)s
              GROUP BY move.commercial_partner_id
                """,
                company=company.id,
                first=first,
                last=last,
                partner_filter=partner_filter,
            )
        )
        return dict(rows)

    @api.model
    def _broken_promises(self, company, date, partners=None):
        """``{commercial partner id: count}`` of the promises broken or partly
        kept whose date fell in the 12 months ending on ``date``."""
        first, last = analytics.profile_window(date)
        domain = [
            ("company_id", "=", company.id),
            ("state", "in", ("broken", "partial")),
            ("date_promised", ">=", first),
            ("date_promised", "<=", last),
        ]
        if partners is not None:
            domain.append(("partner_id", "child_of", partners.ids))
        counts = defaultdict(int)
        for partner, count in (
            self.env["account.dunning.promise"]
            .sudo()
            ._read_group(domain, ["partner_id"], ["__count"])
        ):
            counts[partner.commercial_partner_id.id] += count
        return counts

    @api.model
    def _customer_dso(self, company, date, partners=None):
        """``{commercial partner id: days}`` of the customers with something
        open on ``date``: their DSO by the countback method."""
        receivable = self._receivable(company, date, partners)
        sales = self._monthly_sales(
            company, analytics.horizon_start(date), date, partners
        )
        return {
            partner.id: analytics.countback_dso(amount, sales[partner], date)
            for partner, amount in receivable.items()
            if partner and company.currency_id.compare_amounts(amount, 0.0) > 0
        }

    @api.model
    def _update_company_dso(self, companies, date):
        """Each company's DSO on ``date`` and at its 12 last month-ends."""
        history = self.env["account.dunning.dso"].sudo()
        for company in companies.sudo():
            ends = analytics.month_ends(date, analytics.WINDOW_MONTHS)
            first = analytics.horizon_start(ends[0])
            monthly = defaultdict(float)
            for months in self._monthly_sales(company, first, date).values():
                for month, amount in months.items():
                    monthly[month] += amount
            receivable_on = self._receivable_at_month_ends(company, ends)
            company.write(
                {
                    "dunning_dso": analytics.countback_dso(
                        sum(self._receivable(company, date).values()), monthly, date
                    ),
                    "dunning_dso_date": date,
                }
            )
            history._dunning_record(
                company,
                {
                    end: (
                        analytics.countback_dso(receivable_on[end], monthly, end),
                        receivable_on[end],
                    )
                    for end in ends
                },
            )

    # ------------------------------------------------------------------
    # What the DSO is made of, read grouped
    # ------------------------------------------------------------------
    @api.model
    def _receivable(self, company, date, partners=None):
        """``{commercial partner: balance}`` of ``company``'s receivable
        accounts on ``date`` in company currency (the partner-less lines under
        an empty recordset): what is still open then, net of every credit."""
        domain = [
            *RECEIVABLE_DOMAIN,
            ("company_id", "=", company.id),
            ("date", "<=", date),
        ]
        if partners is not None:
            domain.append(("partner_id", "child_of", partners.ids))
        balances = defaultdict(float)
        for partner, balance in (
            self.env["account.move.line"]
            .sudo()
            ._read_group(domain, ["partner_id"], ["balance:sum"])
        ):
            balances[partner.commercial_partner_id] += balance
        return balances

    @api.model
    def _receivable_at_month_ends(self, company, ends):
        """``{month-end: receivable balance of company on that day}``."""
        by_month = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    *RECEIVABLE_DOMAIN,
                    ("company_id", "=", company.id),
                    ("date", "<=", ends[-1]),
                ],
                ["date:month"],
                ["balance:sum"],
            )
        )
        return {
            end: sum(balance for month, balance in by_month if month <= end)
            for end in ends
        }

    @api.model
    def _monthly_sales(self, company, date_from, date_to, partners=None):
        """``{commercial partner: {first day of month: sales}}``: ``company``'s
        customer invoices less credit notes dated from ``date_from`` to
        ``date_to``, tax included, in company currency."""
        domain = [
            *SALES_DOMAIN,
            ("company_id", "=", company.id),
            ("invoice_date", ">=", date_from),
            ("invoice_date", "<=", date_to),
        ]
        if partners is not None:
            domain.append(("commercial_partner_id", "in", partners.ids))
        sales = defaultdict(lambda: defaultdict(float))
        for partner, month, amount in (
            self.env["account.move"]
            .sudo()
            ._read_group(
                domain,
                ["commercial_partner_id", "invoice_date:month"],
                ["amount_total_signed:sum"],
            )
        ):
            sales[partner][month] += amount
        return sales
