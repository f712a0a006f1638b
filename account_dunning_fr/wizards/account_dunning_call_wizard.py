from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.account_dunning_call import CALL_OUTCOMES


class AccountDunningCallWizard(models.TransientModel):
    _name = "account.dunning.call.wizard"
    _inherit = "account.dunning.wizard.mixin"
    _description = "Call log entry"

    outcome = fields.Selection(CALL_OUTCOMES, required=True, default="promise")
    callback_date = fields.Date(string="Call back on")
    new_contact_id = fields.Many2one(
        "res.partner",
        string="Right contact",
        domain="[('parent_id', '=', partner_id)]",
        help="Becomes the customer's payment contact.",
    )
    note = fields.Text(string="Call report")
    reminder_id = fields.Many2one("account.dunning.reminder", string="Phone reminder")
    call_file = fields.Html(
        string="Call sheet", compute="_compute_call_file", sanitize=False
    )

    @api.depends("partner_id", "contact_id", "move_ids")
    def _compute_call_file(self):
        types = self.env["account.dunning.objection.type"].search([])
        for wizard in self:
            wizard.call_file = self.env["ir.qweb"]._render(
                "account_dunning_fr.dunning_call_wizard_file",
                dict(
                    self.env["account.dunning.call"]._call_sheet_values(
                        wizard.partner_id, wizard.company_id
                    ),
                    reminder=wizard,
                    objection_types=types,
                ),
            )

    @api.constrains("new_contact_id", "partner_id")
    def _check_new_contact(self):
        for wizard in self:
            wizard.partner_id._dunning_check_contact(wizard.new_contact_id)

    def action_confirm(self):
        self.ensure_one()
        if self.outcome == "callback" and not self.callback_date:
            raise UserError(
                self.env._("Enter the date on which to call the customer back.")
            )
        customer = self.partner_id.commercial_partner_id._dunning_as_company(
            self.company_id
        )
        if self.outcome == "wrong_contact" and self.new_contact_id:
            customer.dunning_contact_id = self.new_contact_id
        vals = self._prepare_common_vals()
        vals.pop("call_id")
        call = self.env["account.dunning.call"].create(
            dict(
                vals,
                outcome=self.outcome,
                callback_date=self.callback_date,
                note=self.note,
                reminder_id=self.reminder_id.id,
            )
        )
        self.call_id = call
        if self.reminder_id:
            self.reminder_id._log_call(call)
        if self.outcome == "callback":
            customer.activity_schedule(
                "mail.mail_activity_data_call",
                date_deadline=self.callback_date,
                summary=self.env._("Call back about the unpaid invoices"),
                note=self.note,
                user_id=self.env.uid,
            )
        if self.outcome == "promise":
            return self._chain(
                "account_dunning_fr.account_dunning_promise_wizard_action"
            )
        if self.outcome == "objection":
            return self._chain(
                "account_dunning_fr.account_dunning_objection_wizard_action"
            )
        return {"type": "ir.actions.act_window_close"}
