from odoo import api, fields, models
from odoo.exceptions import UserError

from ..lib import promises as promise_rules
from ..models import rule_messages

INTERVAL_UNITS = [("days", "Days"), ("weeks", "Weeks"), ("months", "Months")]


class AccountDunningPlanWizard(models.TransientModel):
    _name = "account.dunning.plan.wizard"
    _inherit = "account.dunning.wizard.mixin"
    _description = "Propose a payment plan"

    amount_total = fields.Monetary(
        string="Amount to spread",
        currency_field="currency_id",
        compute="_compute_amount_total",
        store=True,
        readonly=False,
    )
    installment_count = fields.Integer(
        string="Number of instalments", default=3, required=True
    )
    first_date = fields.Date(
        string="First instalment",
        required=True,
        default=lambda self: fields.Date.add(fields.Date.context_today(self), days=15),
    )
    interval = fields.Integer(string="Every", default=1, required=True)
    interval_unit = fields.Selection(
        INTERVAL_UNITS, string="Unit", default="months", required=True
    )
    line_ids = fields.One2many(
        "account.dunning.plan.wizard.line",
        "wizard_id",
        string="Instalments",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )
    plan_error = fields.Char(compute="_compute_line_ids", store=True)
    objection_id = fields.Many2one("account.dunning.objection")

    @api.depends("move_ids")
    def _compute_amount_total(self):
        for wizard in self:
            wizard.amount_total = wizard.amount_residual

    @api.depends(
        "amount_total", "installment_count", "first_date", "interval", "interval_unit"
    )
    def _compute_line_ids(self):
        for wizard in self:
            try:
                installments = (
                    promise_rules.split_plan(
                        wizard.amount_total,
                        wizard.installment_count,
                        wizard.first_date,
                        wizard.interval,
                        wizard.interval_unit,
                        wizard.currency_id.decimal_places,
                    )
                    if wizard.first_date
                    else []
                )
            except promise_rules.PlanError as error:
                wizard.plan_error = rule_messages.rule_message(self.env, error)
                installments = []
            else:
                wizard.plan_error = False
            wizard.line_ids = [fields.Command.clear()] + [
                fields.Command.create({"date": day, "amount": amount})
                for day, amount in installments
            ]

    def _check_amount_due(self):
        """A plan spreads the whole amount due on its invoices: no more, and
        no less, which would leave the rest undunned while the plan runs."""
        currency = self.currency_id
        values = {
            "total": currency.format(self.amount_total),
            "due": currency.format(self.amount_residual),
        }
        difference = currency.compare_amounts(self.amount_total, self.amount_residual)
        if difference > 0:
            raise UserError(
                self.env._(
                    "The payment plan spreads %(total)s, more than what is still "
                    "due on the selected invoices (%(due)s): spread the amount due.",
                    **values,
                )
            )
        if difference < 0:
            raise UserError(
                self.env._(
                    "The payment plan spreads %(total)s but %(due)s is still due on "
                    "the selected invoices: a plan covers the whole amount due. To "
                    "spread part of it, select fewer invoices or register the "
                    "payment received first.",
                    **values,
                )
            )

    def _installments(self):
        lines = self.line_ids.sorted(lambda line: (line.sequence, line.id))
        return [promise_rules.Installment(line.date, line.amount) for line in lines]

    def action_confirm(self):
        """Create one promise per installment under one plan reference and
        print the confirmation letter for the customer to sign."""
        self.ensure_one()
        self._check_amount_due()
        promises = self.env["account.dunning.promise"]._create_plan(
            self._prepare_common_vals(),
            self._installments(),
            self.amount_total,
            self.currency_id,
        )
        if self.objection_id:
            self.objection_id.message_post(
                body=self.env._(
                    "Payment plan %(plan)s proposed: %(count)s instalments.",
                    plan=promises[0].plan_ref,
                    count=len(promises),
                )
            )
        return promises.action_print_plan()


class AccountDunningPlanWizardLine(models.TransientModel):
    _name = "account.dunning.plan.wizard.line"
    _description = "Proposed instalment"
    _order = "sequence, date, id"

    wizard_id = fields.Many2one(
        "account.dunning.plan.wizard", required=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    date = fields.Date(required=True)
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    amount = fields.Monetary(currency_field="currency_id", required=True)
