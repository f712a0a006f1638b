from odoo import models

REMINDER = "account.dunning.reminder"


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _postprocess_sent_message(
        self, success_pids, failure_reason=False, failure_type=None
    ):
        """Tell the reminders whether their email to the customer left (before
        a sent mail is deleted): sent, the reminder is sent; failed, it goes in
        error with the reason. The copies to the followers among the users
        decide nothing."""
        for mail in self.filtered(
            lambda m: m.model == REMINDER
            and (not m.recipient_ids or any(m.recipient_ids.mapped("partner_share")))
        ):
            self.env[REMINDER]._on_mail_delivery(
                mail.mail_message_id,
                failure_type
                and (failure_reason or mail.failure_reason or failure_type),
            )
        return super()._postprocess_sent_message(
            success_pids, failure_reason=failure_reason, failure_type=failure_type
        )
