from odoo import fields, models

from ..models.account_dunning_objection import REVIEWED


class AccountDunningObjectionWizard(models.TransientModel):
    _name = "account.dunning.objection.wizard"
    _inherit = ["account.dunning.wizard.mixin", "account.dunning.procedure.mixin"]
    _description = "Record an objection"

    type_id = fields.Many2one(
        "account.dunning.objection.type", string="Reason", required=True
    )
    action = fields.Selection(related="type_id.action")
    category = fields.Selection(related="type_id.category")
    answer = fields.Html(related="type_id.answer", string="Recommended answer")
    note = fields.Html()
    proof_attachment_ids = fields.Many2many(
        "ir.attachment",
        string="Supporting documents",
        help="Delivery slip or other document to send. Empty: the attachments of the "
        "invoices.",
    )

    def action_confirm(self):
        self.ensure_one()
        # the email of its action, if any, is reviewed in the composer
        objections = self.env["account.dunning.objection"].with_context(
            dunning_review_mail=True
        )
        objection = objections.create(
            dict(
                self._prepare_common_vals(),
                type_id=self.type_id.id,
                note=self.note,
                proof_attachment_ids=[
                    fields.Command.set(self.proof_attachment_ids.ids)
                ],
                procedure_type=self.procedure_type,
                procedure_date=self.procedure_date,
                procedure_bodacc_date=self.procedure_bodacc_date,
                procedure_mandataire_id=self.procedure_mandataire_id.id,
            )
        )
        if objection.action in REVIEWED:
            return objection.with_context(
                dunning_review_mail=False
            )._action_review_mail()
        if objection.action == "payment_plan":
            return self._chain(
                "account_dunning_fr.account_dunning_plan_wizard_action",
                objection_id=objection.id,
            )
        return {"type": "ir.actions.act_window_close"}
