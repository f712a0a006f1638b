from datetime import date

from odoo.tests import Form, freeze_time, tagged
from odoo.tools import html2plaintext

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestPhoneReminders(DunningCommon):
    """The phone level is a call to make: the reminder is "To call" until the
    call reaches the customer."""

    @classmethod
    def default_env_context(cls):
        return {}

    def call(self, reminder, outcome, **values):
        wizard = Form(
            self.env["account.dunning.call.wizard"].with_context(
                **reminder.action_dunning_log_call()["context"]
            )
        )
        wizard.outcome = outcome
        for name, value in values.items():
            setattr(wizard, name, value)
        return wizard.save().action_confirm()

    def phone_reminder(self):
        """The phone reminder of an invoice due on 31/01, the customer having
        another invoice overdue since 06/02 and paid 200 on 03/02."""
        self.invoice = self._invoice(amount=1000.0, due=date(2025, 1, 31))
        # the email first, sent (a draft would hold the phone level)
        email = self.run_dunning(date(2025, 2, 1))
        if email.state == "draft":
            self.send(email)
        self.other = self._invoice(amount=300.0, due=date(2025, 2, 6))
        self.pay(self.invoice, 200.0, date(2025, 2, 3))
        reminders = self.run_dunning(date(2025, 2, 8))
        return reminders.filtered(lambda r: r.level_id == self.level_phone)

    @freeze_time("2025-02-08")
    def test_a_call_not_answered_keeps_the_reminder_to_call_then_a_promise(self):
        self.level_phone.credit_hold = True
        reminder = self.phone_reminder()
        self.assertEqual(reminder.state, "to_call", "nobody called yet: not sent")
        self.assertEqual(reminder.activity_ids.date_deadline, date(2025, 2, 8))
        self.assertFalse(self.customer.dunning_credit_hold)

        self.call(reminder, "no_answer")
        self.assertEqual(reminder.state, "to_call")
        self.assertEqual(
            reminder.activity_ids.date_deadline,
            date(2025, 2, 9),
            "not reached: called again the next day",
        )
        self.assertIn("call again on 09/02/2025", reminder.message_ids[0].body)

        action = self.call(reminder, "promise", note="Virement vendredi")
        self.assertEqual(reminder.state, "sent", "the customer was reached")
        self.assertFalse(reminder.activity_ids)
        self.assertTrue(self.customer.dunning_credit_hold, "the level's effects")
        calls = self.env["account.dunning.call"].search(
            [("reminder_id", "=", reminder.id)]
        )
        self.assertEqual(calls.mapped("outcome"), ["promise", "no_answer"])
        self.assertEqual(action["res_model"], "account.dunning.promise.wizard")
        promise = Form(
            self.env["account.dunning.promise.wizard"].with_context(**action["context"])
        )
        promise.date_promised = date(2025, 2, 14)
        promise.save().action_confirm()
        self.assertEqual(calls[0].promise_ids.amount, 800.0)

    @freeze_time("2025-02-08")
    def test_a_draft_phone_reminder_is_called_without_sending_it_first(self):
        self.scenario.auto_send = False
        reminder = self.phone_reminder()
        self.assertEqual(reminder.state, "draft")
        self.call(reminder, "callback", callback_date=date(2025, 2, 12))
        self.assertEqual(reminder.state, "sent")
        self.assertIn(
            date(2025, 2, 12), self.customer.activity_ids.mapped("date_deadline")
        )

    @freeze_time("2025-02-08")
    def test_the_call_sheet_lists_all_overdue_invoices_and_the_payments(self):
        reminder = self.phone_reminder()
        self.assertEqual(reminder.move_ids, self.invoice)
        sheet = html2plaintext(reminder.call_file)
        for expected in (self.invoice.name, self.other.name, "8 days", "2 days"):
            self.assertIn(expected, sheet)
        self.assertNotIn(".0 days", sheet, "days are whole numbers")
        self.assertIn("Last payments", sheet)
        self.assertRegex(sheet, r"03/02/2025\s+200,00", "the payment, in French")
