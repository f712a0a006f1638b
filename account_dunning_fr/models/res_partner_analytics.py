from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from ..lib import analytics

PAYER_PROFILES = [
    (analytics.NEW, "New customer"),
    (analytics.GOOD, "Good payer"),
    (analytics.OCCASIONAL, "Occasional late payer"),
    (analytics.CHRONIC, "Chronic bad payer"),
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


class ResPartner(models.Model):
    """How a customer pays each company: computed every night, per company."""

    _inherit = "res.partner"

    payer_profile = fields.Selection(
        PAYER_PROFILES,
        string="Payer profile",
        company_dependent=True,
        readonly=True,
        help="From the invoices fully paid over the last 12 months and the broken "
        "promises: new customer (too few invoices), chronic bad payer, good payer "
        "or occasional late payer, by the thresholds of the company's settings. "
        "Computed every night.",
    )
    avg_days_late = fields.Float(
        string="Average delay (days)",
        digits=(16, 1),
        company_dependent=True,
        readonly=True,
        help="Over the invoices fully paid in the last 12 months: date of the last "
        "payment less the due date, 0 for an invoice paid on time.",
    )
    late_payment_ratio = fields.Float(
        string="Paid late (%)",
        digits=(16, 1),
        company_dependent=True,
        readonly=True,
        help="Share of the invoices fully paid in the last 12 months that were paid "
        "after their due date.",
    )
    broken_promise_count = fields.Integer(
        string="Broken promises",
        company_dependent=True,
        readonly=True,
        help="Payment promises broken or only partly kept in the last 12 months.",
    )
    dunning_dso = fields.Float(
        string="DSO (days)",
        digits=(16, 1),
        company_dependent=True,
        readonly=True,
        help="Days sales outstanding by the countback method: how many days of "
        "this customer's sales its open receivable represents.",
    )
    dunning_payer_attitude = fields.Text(
        string="Attitude to adopt", compute="_compute_dunning_payer_attitude"
    )

    @api.depends("payer_profile")
    @api.depends_context("company")
    def _compute_dunning_payer_attitude(self):
        attitudes = self._dunning_payer_attitudes()
        for partner in self:
            partner.dunning_payer_attitude = attitudes.get(
                partner.commercial_partner_id.payer_profile
            )

    def _dunning_payer_attitudes(self):
        """What the profile suggests when calling (seed 001)."""
        return {
            analytics.NEW: self.env._(
                "New customer: no payment history over the last 12 months yet. "
                "Confirm the payment terms and who handles the payments; hold to "
                "the agreed terms."
            ),
            analytics.GOOD: self.env._(
                "Good payer: a courteous tone, this is most likely an oversight "
                '("You have no doubt forgotten to pay invoice ...?"). The usual '
                "terms remain."
            ),
            analytics.OCCASIONAL: self.env._(
                "Occasional late payer: find out why this payment is late and obtain "
                "a precise date and amount; no special terms until it is paid."
            ),
            analytics.CHRONIC: self.env._(
                "Chronic bad payer: remove the special terms, deliver only against a "
                "deposit or prepayment, and apply the dunning fees and late-payment "
                "penalties."
            ),
        }

    # ------------------------------------------------------------------
    # The nightly computation
    # ------------------------------------------------------------------
    @api.model
    def _dunning_update_payer_profiles(self, date=None):
        """What the profile cron calls: the payer profile, its figures and the
        DSO of every customer in every company, then each company's DSO and
        its trend, on ``date`` (default today). Batched: a few grouped reads
        per company, whatever the number of customers."""
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        companies = self.env["res.company"].sudo().search([])
        for company in companies:
            self._dunning_update_analytics(company, date)
        companies._dunning_update_dso(date)

    @api.model
    def _dunning_update_analytics(self, company, date, partners=None):
        """Compute and store the figures of ``partners`` (commercial partners;
        None: all customers) in ``company`` on ``date``."""
        company = company.sudo()
        delays = self._dunning_payment_delays(company, date, partners)
        broken = self._dunning_broken_promises(company, date, partners)
        dso = self._dunning_customer_dso(company, date, partners)
        thresholds = company._dunning_profile_thresholds()
        customers = self.sudo().with_company(company)
        stored = customers._dunning_with_stored_analytics(partners)
        by_values = defaultdict(list)
        for partner_id in set(delays) | set(broken) | set(dso) | set(stored.ids):
            stats = analytics.payer_stats(delays.get(partner_id, ()))
            values = {
                "payer_profile": analytics.payer_profile(
                    stats, broken.get(partner_id, 0), thresholds
                ),
                "avg_days_late": stats.avg_days_late,
                "late_payment_ratio": stats.late_payment_ratio,
                "broken_promise_count": broken.get(partner_id, 0),
                "dunning_dso": dso.get(partner_id, 0.0),
            }
            by_values[tuple(values.items())].append(partner_id)
        for values, partner_ids in by_values.items():
            customers.browse(partner_ids).write(dict(values))

    @api.model
    def _dunning_with_stored_analytics(self, partners=None):
        """Those of ``partners`` (None: all) whose figures in the current
        company are not the defaults: an earlier computation may have to be
        reset."""
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
        return self.search(domain)

    @api.model
    def _dunning_payment_delays(self, company, date, partners=None):
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
    def _dunning_broken_promises(self, company, date, partners=None):
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
    def _dunning_customer_dso(self, company, date, partners=None):
        """``{commercial partner id: days}`` of the customers with something
        open on ``date``: their DSO by the countback method."""
        receivable = company._dunning_receivable(date, partners)
        first = analytics.countback_periods(date, analytics.DSO_HORIZON_MONTHS)[-1][0]
        sales = company._dunning_monthly_sales(first, date, partners)
        return {
            partner.id: analytics.countback_dso(amount, sales[partner], date)
            for partner, amount in receivable.items()
            if partner and company.currency_id.compare_amounts(amount, 0.0) > 0
        }
