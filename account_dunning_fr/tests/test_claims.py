import html
import re
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..lib import penalties
from .common import DunningCommon


def plain(raw):
    """The text of a rendered letter, spaces normalised."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", raw.decode()))
    return re.sub(r"\s+", " ", text.replace("\xa0", " ").replace("\u202f", " "))


@tagged("post_install", "-at_install")
class TestClaims(DunningCommon):
    """A reminder claims exactly what is owed, checked again when it is sent."""

    @classmethod
    def default_env_context(cls):
        return {}

    def notice_for(self, moves, day):
        return self.dunning_reminder(moves, self.level_notice, day)

    # -- A. payments on account and credit notes not yet reconciled ---------
    def test_payment_on_account_reduces_what_the_reminder_claims(self):
        self._invoice(amount=1000.0, due=date(2025, 1, 30))
        self._invoice(amount=1000.0, due=date(2025, 1, 31))
        payment = self.pay_on_account(1000.0, date(2025, 1, 25))
        self.assertFalse(payment.move_id.line_ids.filtered("reconciled"))
        reminder = self.run_dunning(date(2025, 2, 1))
        self.assertEqual(reminder.state, "sent")
        self.assertAlmostEqual(reminder.amount_residual, 1000.0)
        self.assertAlmostEqual(reminder.amount_total, 1000.0)
        letter = plain(reminder.letter_attachment_id.raw)
        self.assertIn("Déjà réglé / avoirs non imputés", letter)
        self.assertIn("2 000,00", letter, "the open invoices")
        self.assertIn("1 000,00", letter, "the net amount claimed")

    def test_credit_note_goes_to_the_oldest_debt_and_penalties_follow(self):
        self.level_notice.write({"apply_penalties": True, "apply_indemnity": True})
        older = self._invoice(
            amount=1000.0, invoice_date=date(2025, 1, 1), due=date(2025, 1, 20)
        )
        newer = self._invoice(
            amount=1000.0, invoice_date=date(2025, 1, 5), due=date(2025, 1, 31)
        )
        self._invoice(
            amount=600.0,
            invoice_date=date(2025, 2, 10),
            due=date(2025, 2, 10),
            move_type="out_refund",
        )
        day = date(2025, 4, 1)
        notice = self.notice_for(older | newer, day)
        self.assertAlmostEqual(notice.amount_residual, 1400.0)
        rates = penalties.default_rates(
            self.env["account.dunning.rate"]._rate_tables()["ecb_rate"]
        )
        expected = penalties.statement(
            [
                penalties.Invoice(older.id, 1000, older.invoice_date_due),
                penalties.Invoice(newer.id, 1000, newer.invoice_date_due),
            ],
            day,
            rates,
            payments=[(date(2025, 2, 10), 600)],
        )
        self.assertAlmostEqual(float(expected.principal), 1400.0)
        self.assertAlmostEqual(
            notice.penalty_amount, float(expected.penalties), delta=0.011
        )
        gross = penalties.statement(
            [penalties.Invoice(m.id, 1000, m.invoice_date_due) for m in older | newer],
            day,
            rates,
        )
        self.assertLess(notice.penalty_amount, float(gross.penalties) - 1)
        values = notice._formal_notice_values()
        self.assertAlmostEqual(values["principal"], 1400.0)
        self.assertAlmostEqual(values["allocated"], 600.0)
        self.assertAlmostEqual(values["total"], notice.amount_total)
        notice.action_send()
        letter = plain(notice.letter_attachment_id.raw)
        self.assertIn("Déjà réglé / avoirs non imputés", letter)
        self.assertIn("1 400,00", letter)

    def test_credit_covering_everything_claims_nothing(self):
        self.scenario.auto_send = False
        invoice = self._invoice(amount=500.0, due=date(2025, 1, 31))
        self._invoice(amount=300.0, due=date(2025, 1, 20))
        self.pay_on_account(800.0, date(2025, 2, 3))
        reminder = self.notice_for(invoice, date(2025, 2, 5))
        self.assertEqual(reminder.amount_residual, 0.0)

    # -- B. checked again when sent -----------------------------------------
    def test_invoice_paid_before_sending_leaves_the_draft(self):
        self.scenario.auto_send = False
        paid = self._invoice(amount=1200.0, due=date(2025, 1, 30))
        unpaid = self._invoice(amount=300.0, due=date(2025, 1, 31))
        reminder = self.run_dunning(date(2025, 2, 1))
        self.assertEqual(reminder.move_ids, paid | unpaid)
        self.assertAlmostEqual(reminder.amount_residual, 1500.0)
        self.pay(paid, 1200.0, date(2025, 2, 2))
        self.send(reminder)
        self.assertEqual(reminder.state, "sent")
        self.assertEqual(reminder.move_ids, unpaid)
        self.assertAlmostEqual(reminder.amount_residual, 300.0)
        self.assertTrue(
            any(paid.name in body for body in reminder.message_ids.mapped("body"))
        )
        letter = plain(reminder.letter_attachment_id.raw)
        self.assertNotIn(paid.name, letter)
        self.assertNotIn("1 500,00", letter)
        self.assertIn("300,00", letter)

    def test_partial_payment_before_sending_refreshes_the_total(self):
        self.scenario.auto_send = False
        invoice = self._invoice(amount=1000.0, due=date(2025, 1, 31))
        reminder = self.run_dunning(date(2025, 2, 1))
        self.pay(invoice, 400.0, date(2025, 2, 1))
        self.send(reminder)
        self.assertEqual(reminder.state, "sent")
        self.assertAlmostEqual(reminder.amount_residual, 600.0)
        letter = plain(reminder.letter_attachment_id.raw)
        self.assertIn("Total dû 600,00", letter, "the lines and the total agree")

    def test_draft_with_nothing_left_to_claim_is_cancelled_not_sent(self):
        self.scenario.auto_send = False
        paid = self._invoice(amount=1000.0, due=date(2025, 1, 31))
        covered = self._invoice(amount=200.0, due=date(2025, 1, 31))
        reminders = self.run_dunning(date(2025, 2, 1))
        self.assertEqual(reminders.move_ids, paid | covered)
        self.pay(paid, 1000.0, date(2025, 2, 2))
        self.pay_on_account(200.0, date(2025, 2, 2))
        reminders.action_send()
        self.assertEqual(reminders.state, "cancel")
        self.assertFalse(reminders.letter_attachment_id)
        self.assertFalse(
            reminders.message_ids.filtered(lambda m: m.partner_ids), "nothing sent"
        )
        self.assertIn(
            "nothing left to claim", " ".join(reminders.message_ids.mapped("body"))
        )

    # -- C. letters only for letters ------------------------------------------
    def test_phone_reminder_renders_no_letter(self):
        self.level_email.channel = "phone"
        self._invoice(due=date(2025, 1, 31))
        reminder = self.run_dunning(date(2025, 2, 1))
        self.assertEqual(reminder.state, "to_call", "a call to make")
        self.assertFalse(reminder.letter_attachment_id)
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", reminder._name), ("res_id", "=", reminder.id)]
            )
        )
        self.assertFalse(self.customer.message_ids[0].attachment_ids)
        _invoices, _reminders, attachments = (
            self.customer._dunning_court_file_documents()
        )
        self.assertFalse(attachments)

    def test_court_file_takes_only_letters_that_were_sent(self):
        self.level_email.channel = "phone"
        self.level_phone.channel = "letter"
        self._invoice(due=date(2025, 1, 31))
        call = self.run_dunning(date(2025, 2, 1))
        self.env["account.dunning.call.wizard"].with_context(
            **call.action_dunning_log_call()["context"]
        ).create(
            {"outcome": "callback", "callback_date": date(2025, 2, 3)}
        ).action_confirm()  # the customer reached: the call reminder is sent
        letter = self.run_dunning(date(2025, 2, 8))
        self.assertEqual((call | letter).mapped("state"), ["sent", "sent"])
        self.assertFalse(call.letter_attachment_id)
        self.assertTrue(letter.letter_attachment_id)
        enclosed = self.env["ir.attachment"].create(
            [
                {
                    "name": f"{reminder.name}.pdf",
                    "res_model": reminder._name,
                    "res_id": reminder.id,
                    "raw": b"%PDF-1.4",
                    "mimetype": "application/pdf",
                }
                for reminder in call | letter
            ]
        )
        _invoices, reminders, attachments = (
            self.customer._dunning_court_file_documents()
        )
        self.assertEqual(reminders, call | letter, "the history lists every reminder")
        self.assertEqual(attachments, enclosed[1], "only the letter's documents")

    # -- D. a reached level is archived, not deleted ---------------------------
    def test_reached_level_cannot_be_deleted_but_can_be_archived(self):
        invoice = self._invoice(due=date(2025, 1, 31))
        reminder = self.run_dunning(date(2025, 2, 1))
        self.assertEqual(invoice.dunning_level_id, self.level_email)
        with self.assertRaisesRegex(UserError, "Archive it instead"):
            self.level_email.unlink()
        self.level_email.action_archive()
        self.assertFalse(self.level_email.active)
        self.assertEqual(invoice.dunning_level_id, self.level_email)
        self.assertEqual(reminder.level_id, self.level_email)
        later = self.run_dunning(date(2025, 2, 8))
        self.assertEqual(later.level_id, self.level_phone)
        self.assertFalse(self.run_dunning(date(2025, 2, 9)))

    def test_level_never_reached_can_be_deleted(self):
        self._invoice(due=date(2025, 1, 31))
        self.run_dunning(date(2025, 2, 1))
        self.level_notice.unlink()
        self.assertEqual(len(self.scenario.level_ids), 3)

    def test_scenario_with_reached_levels_cannot_be_deleted(self):
        invoice = self._invoice(due=date(2025, 1, 31))
        self.run_dunning(date(2025, 2, 1))
        with self.assertRaisesRegex(UserError, "Archive it instead"):
            self.scenario.unlink()
        self.scenario.action_archive()
        self.assertEqual(invoice.dunning_level_id, self.level_email)
