from odoo import api, fields, models

from ..models.account_dunning_level import CHANNELS


class AccountDunningPromiseWizard(models.TransientModel):
    _name = "account.dunning.promise.wizard"
    _inherit = "account.dunning.wizard.mixin"
    _description = "Record a payment promise"

    date_promised = fields.Date(string="Promised date", required=True)
    amount = fields.Monetary(
        string="Promised amount",
        currency_field="currency_id",
        compute="_compute_amount",
        store=True,
        readonly=False,
    )
    amount_warning = fields.Char(compute="_compute_amount_warning")
    channel = fields.Selection(CHANNELS, default="phone")
    written_confirmation = fields.Boolean(string="Confirmed in writing")
    note = fields.Text()

    @api.depends("move_ids")
    def _compute_amount(self):
        for wizard in self:
            wizard.amount = wizard.amount_residual

    @api.depends("amount", "amount_residual")
    def _compute_amount_warning(self):
        for wizard in self:
            wizard.amount_warning = (
                wizard.move_ids
                and wizard.currency_id.compare_amounts(
                    wizard.amount, wizard.amount_residual
                )
                > 0
                and self.env._(
                    "The promised amount exceeds the amount still due on the "
                    "invoices (%(residual)s): check it with the customer.",
                    residual=wizard.currency_id.format(wizard.amount_residual),
                )
            )

    def action_confirm(self):
        self.ensure_one()
        self.env["account.dunning.promise"].create(
            dict(
                self._prepare_common_vals(),
                date_promised=self.date_promised,
                amount=self.amount,
                currency_id=self.currency_id.id,
                channel=self.channel,
                written_confirmation=self.written_confirmation,
                note=self.note,
            )
        )
        return {"type": "ir.actions.act_window_close"}
