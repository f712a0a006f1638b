from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..lib import analytics
from . import rule_messages

DEFAULTS = analytics.DEFAULT_THRESHOLDS
RECEIVABLE_DOMAIN = [
    ("account_type", "=", "asset_receivable"),
    ("parent_state", "=", "posted"),
]
SALES_DOMAIN = [
    ("move_type", "in", ("out_invoice", "out_refund")),
    ("state", "=", "posted"),
]


class ResCompany(models.Model):
    """The payer-profile thresholds and the company's DSO."""

    _inherit = "res.company"

    dunning_profile_min_invoices = fields.Integer(
        string="Paid invoices needed for a profile",
        default=DEFAULTS.min_invoices,
        help="With fewer invoices fully paid over the last 12 months, the customer "
        "is a new customer.",
    )
    dunning_chronic_late_ratio = fields.Float(
        string="Chronic: late payment ratio from (%)",
        digits=(16, 1),
        default=DEFAULTS.chronic_late_ratio,
    )
    dunning_chronic_days_late = fields.Float(
        string="Chronic: average delay above (days)",
        digits=(16, 1),
        default=DEFAULTS.chronic_days_late,
    )
    dunning_chronic_broken_promises = fields.Integer(
        string="Chronic: broken promises from",
        default=DEFAULTS.chronic_broken_promises,
    )
    dunning_good_late_ratio = fields.Float(
        string="Good payer: late payment ratio up to (%)",
        digits=(16, 1),
        default=DEFAULTS.good_late_ratio,
    )
    dunning_good_days_late = fields.Float(
        string="Good payer: average delay up to (days)",
        digits=(16, 1),
        default=DEFAULTS.good_days_late,
    )
    dunning_dso = fields.Float(
        string="DSO (days)",
        digits=(16, 1),
        readonly=True,
        help="Days sales outstanding by the countback method, computed every night.",
    )
    dunning_dso_date = fields.Date(string="DSO computed on", readonly=True)

    def _dunning_profile_thresholds(self):
        self.ensure_one()
        return analytics.Thresholds(
            min_invoices=self.dunning_profile_min_invoices,
            chronic_late_ratio=self.dunning_chronic_late_ratio,
            chronic_days_late=self.dunning_chronic_days_late,
            chronic_broken_promises=self.dunning_chronic_broken_promises,
            good_late_ratio=self.dunning_good_late_ratio,
            good_days_late=self.dunning_good_days_late,
        )

    @api.constrains(
        "dunning_profile_min_invoices",
        "dunning_chronic_late_ratio",
        "dunning_chronic_days_late",
        "dunning_chronic_broken_promises",
        "dunning_good_late_ratio",
        "dunning_good_days_late",
    )
    def _check_dunning_profile_thresholds(self):
        for company in self:
            try:
                analytics.check_thresholds(company._dunning_profile_thresholds())
            except analytics.ThresholdError as error:
                raise ValidationError(
                    rule_messages.rule_message(self.env, error)
                ) from error

    # ------------------------------------------------------------------
    # What the DSO is made of, read grouped
    # ------------------------------------------------------------------
    def _dunning_receivable(self, date, partners=None):
        """``{commercial partner: balance}`` of the receivable accounts on
        ``date`` in company currency (the partner-less lines under an empty
        recordset): what is still open then, net of every credit."""
        self.ensure_one()
        domain = [
            *RECEIVABLE_DOMAIN,
            ("company_id", "=", self.id),
            ("date", "<=", date),
        ]
        if partners is not None:
            domain.append(("partner_id", "child_of", partners.ids))
        balances = defaultdict(float)
        for partner, balance in self.env["account.move.line"]._read_group(
            domain, ["partner_id"], ["balance:sum"]
        ):
            balances[partner.commercial_partner_id] += balance
        return balances

    def _dunning_monthly_sales(self, date_from, date_to, partners=None):
        """``{commercial partner: {first day of month: sales}}``: customer
        invoices less credit notes dated from ``date_from`` to ``date_to``, tax
        included, in company currency."""
        self.ensure_one()
        domain = [
            *SALES_DOMAIN,
            ("company_id", "=", self.id),
            ("invoice_date", ">=", date_from),
            ("invoice_date", "<=", date_to),
        ]
        if partners is not None:
            domain.append(("commercial_partner_id", "in", partners.ids))
        sales = defaultdict(lambda: defaultdict(float))
        for partner, month, amount in self.env["account.move"]._read_group(
            domain,
            ["commercial_partner_id", "invoice_date:month"],
            ["amount_total_signed:sum"],
        ):
            sales[partner][month] += amount
        return sales

    def _dunning_update_dso(self, date):
        """Each company's DSO on ``date`` and at its 12 last month-ends."""
        history = self.env["account.dunning.dso"].sudo()
        for company in self:
            ends = analytics.month_ends(date, analytics.WINDOW_MONTHS)
            first = analytics.countback_periods(ends[0], analytics.DSO_HORIZON_MONTHS)[
                -1
            ][0]
            monthly = defaultdict(float)
            for months in company._dunning_monthly_sales(first, date).values():
                for month, amount in months.items():
                    monthly[month] += amount
            receivable_on = company._dunning_receivable_by_month_end(ends)
            company.sudo().write(
                {
                    "dunning_dso": analytics.countback_dso(
                        sum(company._dunning_receivable(date).values()),
                        monthly,
                        date,
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

    def _dunning_receivable_by_month_end(self, ends):
        """``{month-end: receivable balance on that day}`` for ``ends``."""
        self.ensure_one()
        by_month = self.env["account.move.line"]._read_group(
            [
                *RECEIVABLE_DOMAIN,
                ("company_id", "=", self.id),
                ("date", "<=", ends[-1]),
            ],
            ["date:month"],
            ["balance:sum"],
        )
        return {
            end: sum(balance for month, balance in by_month if month <= end)
            for end in ends
        }
