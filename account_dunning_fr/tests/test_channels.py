from datetime import date

from odoo.tests import tagged
from odoo.tools import html2plaintext

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestChannels(DunningCommon):
    @classmethod
    def default_env_context(cls):
        return {}

    def test_email_lists_the_invoices_and_attaches_the_letter(self):
        first = self._invoice(amount=1200.0, due=date(2025, 1, 31))
        second = self._invoice(amount=300.0, due=date(2025, 1, 30))
        reminder = self.run_dunning(date(2025, 2, 1))
        self.assertEqual(reminder.state, "sent")
        email = reminder.message_ids.filtered(
            lambda m: m.message_type == "comment" and m.partner_ids
        )
        self.assertEqual(len(email), 1)
        self.assertEqual(email.partner_ids, self.customer)
        self.assertIn(reminder.name, email.subject)
        self.assertIn("factures impayées", email.subject)
        for invoice in first | second:
            self.assertIn(invoice.name, email.body)
        # in the customer's language: "1 500,00 €" (no-break spaces) in French
        body = html2plaintext(email.body).replace("\u202f", " ").replace("\xa0", " ")
        total = "1 500,00" if self.customer.lang == "fr_FR" else "1,500.00"
        self.assertIn(total, body, "the total due is in the email")
        self.assertEqual(email.attachment_ids, reminder.letter_attachment_id)
        self.assertTrue(reminder.letter_attachment_id.raw)
        letter = reminder.letter_attachment_id.raw.decode()
        self.assertIn(first.name, letter)
        self.assertIn("Boulangerie Martin", letter)
        # Logged in the chatter of the customer and of each invoice.
        self.assertIn(reminder.name, self.customer.message_ids[0].body)
        self.assertTrue(self.customer.message_ids[0].attachment_ids)
        for invoice in first | second:
            self.assertIn(reminder.name, invoice.message_ids[0].body)

    def test_customer_without_email_falls_back_to_a_letter(self):
        self.customer.email = False
        self._invoice(due=date(2025, 1, 31))
        reminder = self.run_dunning(date(2025, 2, 1))
        self.assertEqual(reminder.state, "sent")
        self.assertEqual(reminder.channel, "letter")
        self.assertTrue(
            any(
                "has no email address" in body
                for body in reminder.message_ids.mapped("body")
            )
        )
        self.assertFalse(reminder.message_ids.filtered(lambda m: m.partner_ids))

    def test_letter_is_generated_and_queued_for_printing(self):
        self._invoice(due=date(2025, 1, 31))
        self.run_dunning(date(2025, 2, 1))
        self.scenario.progressive = False  # straight from the email to the letter
        reminder = self.run_dunning(date(2025, 2, 20))
        self.assertEqual(reminder.channel, "letter")
        self.assertEqual(reminder.state, "sent")
        self.assertTrue(reminder.letter_attachment_id)
        self.assertFalse(reminder.is_printed)
        queue = self.env["account.dunning.reminder"].search(
            [
                ("channel", "in", ("letter", "registered_letter")),
                ("state", "=", "sent"),
                ("is_printed", "=", False),
            ]
        )
        self.assertIn(reminder, queue)
        reminder.action_mark_printed()
        self.assertTrue(reminder.is_printed)
        letter = reminder.letter_attachment_id.raw.decode()
        self.assertIn(
            "Malgré notre précédent rappel", letter, "firm tone at the letter level"
        )

    def test_registered_letter_records_its_number_and_puts_the_customer_on_hold(self):
        self.scenario.progressive = False
        self._invoice(due=date(2025, 1, 31))
        reminder = self.run_dunning(date(2025, 3, 5))
        self.assertEqual(reminder.level_id, self.level_notice)
        self.assertEqual(reminder.channel, "registered_letter")
        self.assertTrue(self.customer.dunning_credit_hold)
        reminder.write(
            {
                "registered_number": "1A 234 567 8901 2",
                "acknowledgement_date": date(2025, 3, 8),
            }
        )
        self.assertEqual(reminder.registered_number, "1A 234 567 8901 2")
        self.assertIn(
            "Lettre recommandée avec accusé de réception",
            reminder.letter_attachment_id.raw.decode(),
        )

    def test_phone_level_creates_an_activity_with_the_call_file(self):
        accountant = self.env.user
        self.scenario.user_id = accountant
        invoice = self._invoice(due=date(2025, 1, 31))
        self.run_dunning(date(2025, 2, 1))
        reminder = self.run_dunning(date(2025, 2, 8))
        self.assertEqual(reminder.channel, "phone")
        activity = reminder.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, accountant)
        self.assertEqual(
            activity.activity_type_id, self.env.ref("mail.mail_activity_data_call")
        )
        # the call file is for the accountant: in the user's language (English)
        for expected in (invoice.name, "+33 1 23 45 67 89", "payment promise"):
            self.assertIn(expected, activity.note)
        self.assertIn(
            "(Rappel)", activity.note, "the call file lists the reminders already sent"
        )

    def test_queue_for_validation_when_the_scenario_does_not_auto_send(self):
        self.scenario.auto_send = False
        self._invoice(due=date(2025, 1, 31))
        self._invoice(partner=self.other_customer, due=date(2025, 1, 31))
        queue = self.run_dunning(date(2025, 2, 1))
        self.assertEqual(set(queue.mapped("state")), {"draft"})
        self.assertFalse(
            queue.message_ids.filtered(lambda m: m.partner_ids), "nothing sent yet"
        )
        self.assertFalse(
            self.run_dunning(date(2025, 2, 2)), "the queue is not prepared twice"
        )
        self.send(queue)
        self.assertEqual(set(queue.mapped("state")), {"sent"})

    def test_a_higher_level_replaces_the_draft_still_waiting(self):
        """Without a progressive ladder, a level due replaces the draft of the
        level before (on a progressive one it waits for it: TestEscalation)."""
        self.scenario.write({"auto_send": False, "progressive": False})
        invoice = self._invoice(due=date(2025, 1, 31))
        other = self._invoice(amount=200.0, due=date(2025, 2, 5))
        waiting = self.run_dunning(date(2025, 2, 1))
        self.assertEqual(waiting.move_ids, invoice)
        newer = self.run_dunning(date(2025, 2, 8))
        self.assertEqual(
            newer.filtered(lambda r: r.level_id == self.level_phone).move_ids, invoice
        )
        self.assertEqual(waiting.state, "cancel")
        self.assertIn("Superseded by", waiting.message_ids[0].body)
        self.assertEqual(
            newer.filtered(lambda r: r.level_id == self.level_email).move_ids, other
        )

    def test_cancelled_reminder_is_not_prepared_again(self):
        self.scenario.auto_send = False
        invoice = self._invoice(due=date(2025, 1, 31))
        reminder = self.run_dunning(date(2025, 2, 1))
        reminder.action_cancel()
        self.assertEqual(reminder.state, "cancel")
        self.assertFalse(self.run_dunning(date(2025, 2, 2)))
        self.assertEqual(self.run_dunning(date(2025, 2, 8)).move_ids, invoice)

    def test_sms_without_the_sms_module_puts_the_reminder_in_error(self):
        self.level_email.channel = "sms"
        self._invoice(due=date(2025, 1, 31))
        reminder = self.run_dunning(date(2025, 2, 1))
        if "sms.sms" in self.env:
            self.assertEqual(reminder.state, "sent")
        else:
            self.assertEqual(reminder.state, "error")
            self.assertIn("SMS", reminder.error_message)

    def test_sent_reminder_cannot_be_deleted_or_cancelled(self):
        self._invoice(due=date(2025, 1, 31))
        reminder = self.run_dunning(date(2025, 2, 1))
        with self.assertRaisesRegex(Exception, "part of the file's history"):
            reminder.unlink()
        with self.assertRaisesRegex(Exception, "already been sent"):
            reminder.action_cancel()
