from odoo import models


class AccountDunningComposerMixin(models.AbstractModel):
    """Odoo's email composer opened on dunning records, so that the accountant
    reviews an email before it goes: the reminder sent by hand, the duplicate
    an objection sends."""

    _name = "account.dunning.composer.mixin"
    _description = "Dunning email reviewed in the composer"

    def _dunning_composer_action(self, name, **context):
        """The composer's dialog on these records, one message each;
        ``context`` gives its ``default_*`` values and the flag that the
        record's ``message_post`` recognises."""
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_composition_mode": "comment",
                **context,
            },
        }
