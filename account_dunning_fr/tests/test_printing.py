import io
from datetime import date
from unittest import mock

from odoo.tests import Form, tagged
from odoo.tools import mute_logger
from odoo.tools.pdf import PdfFileReader

from .common import DunningCommon, one_page_pdf

REMINDER_LOGGER = "odoo.addons.account_dunning_fr.models.account_dunning_reminder"


@tagged("post_install", "-at_install")
class TestPrintingAndSending(DunningCommon):
    """Printing and sending by hand: one reminder at fault never stops the
    others; an email is reviewed before it goes and followed until it left."""

    @classmethod
    def default_env_context(cls):
        return {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.third_customer = cls.env["res.partner"].create(
            {"name": "Imprimerie Leroy", "is_company": True}
        )

    def reminder(self, partner, level):
        invoice = self._invoice(partner=partner, due=date(2025, 1, 31))
        return self.dunning_reminder(invoice, level, date(2025, 2, 20))

    def letters(self):
        return self.env["account.dunning.reminder"].concat(
            *(
                self.reminder(partner, self.level_letter)
                for partner in (self.customer, self.other_customer, self.third_customer)
            )
        )

    def failing_render(self, method, partner):
        """Patch the report ``method`` to fail for ``partner``'s reminder; the
        others render (as a one-page PDF for ``_render_qweb_pdf``)."""
        render = getattr(type(self.env["ir.actions.report"]), method)

        def render_fails_for_one(report, report_ref, res_ids=None, data=None):
            reminders = self.env["account.dunning.reminder"].browse(res_ids)
            if partner in reminders.partner_id:
                raise OSError("wkhtmltopdf crashed")
            if method == "_render_qweb_pdf":
                return one_page_pdf(reminders.name), "pdf"
            return render(report, report_ref, res_ids=res_ids, data=data)

        return mock.patch.object(
            type(self.env["ir.actions.report"]), method, render_fails_for_one
        )

    def test_mass_print_merges_the_letters_and_isolates_the_one_that_fails(self):
        letters = self.letters()
        with (
            self.failing_render("_render_qweb_pdf", self.other_customer),
            mute_logger(REMINDER_LOGGER),
        ):
            action = letters.action_print()
        failed = letters.filtered(lambda r: r.partner_id == self.other_customer)
        self.assertEqual(failed.state, "error")
        self.assertIn("wkhtmltopdf crashed", failed.error_message)
        self.assertEqual(set((letters - failed).mapped("state")), {"draft"})
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn(failed.name, action["params"]["message"])
        url = action["params"]["next"]["url"]
        attachment = self.env["ir.attachment"].browse(
            int(url.split("/web/content/")[1].split("?")[0])
        )
        pages = len(PdfFileReader(io.BytesIO(attachment.raw)).pages)
        self.assertEqual(pages, 2, "the two letters printed, in one PDF")

    def test_print_of_a_sent_letter_is_the_letter_sent(self):
        letter = self.reminder(self.customer, self.level_letter)
        letter.action_send()
        self.assertEqual(letter.state, "sent")
        action = letter.action_print()
        self.assertEqual(
            action["url"],
            f"/web/content/{letter.letter_attachment_id.id}?download=true",
        )
        letter.action_mark_printed()
        self.assertTrue(letter.is_printed)

    def test_mass_send_sends_the_others_when_one_letter_fails(self):
        letters = self.letters()
        with (
            self.failing_render("_pre_render_qweb_pdf", self.third_customer),
            mute_logger(REMINDER_LOGGER),
        ):
            letters.action_send()
        failed = letters.filtered(lambda r: r.partner_id == self.third_customer)
        self.assertEqual(failed.state, "error")
        self.assertIn("wkhtmltopdf crashed", failed.error_message)
        self.assertEqual(set((letters - failed).mapped("state")), {"sent"})

    def test_send_by_hand_opens_the_composer_to_review_the_email(self):
        reminder = self.reminder(self.customer, self.level_email)
        action = reminder.action_compose_email()
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertEqual(reminder.state, "draft", "nothing sent before the review")
        self.assertFalse(reminder.message_ids.filtered("partner_ids"))
        composer = Form(
            self.env["mail.compose.message"].with_context(**action["context"])
        )
        self.assertIn(reminder.name, composer.subject)
        self.assertEqual(composer.attachment_ids[:], reminder.letter_attachment_id)
        self.assertIn(self.customer, composer.partner_ids[:])
        composer.body = composer.body + "<p>Bien cordialement, Julie</p>"
        composer.save().action_send_mail()
        self.assertEqual(reminder.state, "sent")
        email = reminder.mail_message_id
        self.assertIn(self.customer, email.partner_ids)
        self.assertIn("Julie", email.body)
        self.assertEqual(email.attachment_ids, reminder.letter_attachment_id)
        self.assertIn(reminder.name, self.customer.message_ids[0].body)

    def test_an_email_that_fails_puts_the_reminder_in_error(self):
        sent, failing = (
            self.reminder(self.customer, self.level_email),
            self.reminder(self.other_customer, self.level_email),
        )
        (sent | failing).action_send()  # the daily run's way: queued
        self.assertEqual(set((sent | failing).mapped("state")), {"queued"})
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("mail_message_id", "in", (sent | failing).mail_message_id.ids)])
        )
        self.assertEqual(len(mails), 2)
        send_email = type(self.env["ir.mail_server"]).send_email

        def refuse_garage(server, message, *args, **kwargs):
            if "garage-dupont" in message["To"]:
                raise ConnectionRefusedError("550 mailbox unavailable")
            return send_email(server, message, *args, **kwargs)

        with (
            mock.patch.object(
                type(self.env["ir.mail_server"]), "send_email", refuse_garage
            ),
            mute_logger("odoo.addons.mail.models.mail_mail"),
        ):
            mails.send()
        self.assertEqual(sent.state, "sent")
        self.assertEqual(failing.state, "error")
        self.assertIn("550 mailbox unavailable", failing.error_message)
        self.assertIn("could not be sent", failing.message_ids[0].body)
