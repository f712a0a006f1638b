from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..lib import penalties
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
