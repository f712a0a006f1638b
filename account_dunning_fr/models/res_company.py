from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..lib import analytics, penalties
from ..lib import dates as date_rules
from . import rule_messages


class ResCompany(models.Model):
    _inherit = "res.company"

    dunning_scenario_id = fields.Many2one(
        "account.dunning.scenario",
        string="Default dunning scenario",
        domain="[('company_id', '=', id)]",
        help="Scenario of customers that have none.",
    )
    dunning_promise_grace_days = fields.Integer(
        string="Payment promise grace period (days)",
        default=3,
        help="A payment received this number of days after the promised date still "
        "keeps the promise (bank processing times).",
    )
    dunning_portal_promise_days = fields.Integer(
        string="Portal promises: at most (days ahead)",
        default=60,
        help="On the customer portal, a customer can promise a payment, or start "
        "a payment plan, at most this number of days ahead.",
    )
    dunning_penalty_rate = fields.Float(
        string="Contractual penalty rate (%)",
        digits=(16, 2),
        help="Late-payment penalty rate set by your terms and conditions. Empty: the "
        "default statutory rate, ECB rate + 10 points. It cannot be lower than "
        "three times the legal interest rate of the half-year.",
    )
    dunning_penalty_product_id = fields.Many2one(
        "product.product",
        string="Late-payment penalty product",
        help="Product of the penalty invoices (no VAT); its income account applies.",
    )
    dunning_indemnity_product_id = fields.Many2one(
        "product.product",
        string="Fixed indemnity product",
        help="Product for the fixed indemnity for recovery costs (no VAT).",
    )

    def write(self, vals):
        result = super().write(vals)
        if "dunning_scenario_id" in vals:
            # another default ladder: the instalments are read again
            self.env["account.move.line"]._dunning_reschedule(
                [("company_id", "in", self.ids)]
            )
        return result

    @api.constrains("dunning_scenario_id")
    def _check_dunning_scenario(self):
        for company in self.filtered("dunning_scenario_id"):
            company.dunning_scenario_id._check_assignable(company, company.name)

    dunning_profile_min_invoices = fields.Integer(
        string="Paid invoices needed for a profile",
        default=analytics.DEFAULT_THRESHOLDS.min_invoices,
        help="With fewer invoices fully paid over the last 12 months, the customer "
        "is a new customer.",
    )
    dunning_chronic_late_ratio = fields.Float(
        string="Chronic: late payment ratio from (%)",
        digits=(16, 1),
        default=analytics.DEFAULT_THRESHOLDS.chronic_late_ratio,
    )
    dunning_chronic_days_late = fields.Float(
        string="Chronic: average delay above (days)",
        digits=(16, 1),
        default=analytics.DEFAULT_THRESHOLDS.chronic_days_late,
    )
    dunning_chronic_broken_promises = fields.Integer(
        string="Chronic: broken promises from",
        default=analytics.DEFAULT_THRESHOLDS.chronic_broken_promises,
    )
    dunning_good_late_ratio = fields.Float(
        string="Good payer: late payment ratio up to (%)",
        digits=(16, 1),
        default=analytics.DEFAULT_THRESHOLDS.good_late_ratio,
    )
    dunning_good_days_late = fields.Float(
        string="Good payer: average delay up to (days)",
        digits=(16, 1),
        default=analytics.DEFAULT_THRESHOLDS.good_days_late,
    )
    dunning_dso = fields.Float(
        string="DSO (days)",
        digits=(16, 1),
        readonly=True,
        help="Days sales outstanding by the countback method, computed every night.",
    )
    dunning_dso_date = fields.Date(string="DSO computed on", readonly=True)

    def _dunning_outside_metropolitan(self):
        """Whether this company, as a creditor, is outside metropolitan France
        (four months instead of two to declare a claim, R622-24)."""
        self.ensure_one()
        partner = self.partner_id
        return not date_rules.is_metropolitan_france(
            partner.country_id.code, partner.zip
        )

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

    @api.constrains("dunning_penalty_rate")
    def _check_dunning_penalty_rate(self):
        rates = self.env["account.dunning.rate"]
        legal = rates._rate_tables()["legal_rate_other"]
        today = fields.Date.context_today(self)
        for company in self.filtered("dunning_penalty_rate"):
            if company.dunning_penalty_rate < 0:
                raise ValidationError(
                    self.env._("The contractual rate cannot be negative.")
                )
            try:
                penalties.check_contractual_rate(
                    company.dunning_penalty_rate,
                    penalties.half_year_of(today),
                    legal,
                )
            except penalties.RateError as error:
                raise ValidationError(
                    rule_messages.rule_message(self.env, error)
                ) from error

    @api.constrains("dunning_portal_promise_days")
    def _check_dunning_portal_promise_days(self):
        if any(company.dunning_portal_promise_days < 1 for company in self):
            raise ValidationError(
                self.env._(
                    "Customers promise on the portal at most a number of days "
                    "ahead: enter 1 day or more."
                )
            )
