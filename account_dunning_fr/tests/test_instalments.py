import importlib.util
from datetime import date
from pathlib import Path

from odoo import Command
from odoo.tests import tagged

from .common import DunningCommon
from .test_claims import plain

MIGRATION = (
    Path(__file__).resolve().parent.parent
    / "migrations"
    / "18.0.2.0.0"
    / "post-migration.py"
)


@tagged("post_install", "-at_install")
class TestInstalments(DunningCommon):
    """An invoice with instalments is dunned instalment by instalment, and
    what a sent reminder stated never changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.half_and_half = cls.env["account.payment.term"].create(
            {
                "name": "50 % à 30 jours, 50 % à 60 jours",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 50, "nb_days": 30}
                    ),
                    Command.create(
                        {"value": "percent", "value_amount": 50, "nb_days": 60}
                    ),
                ],
            }
        )
        cls.level_notice.write({"apply_penalties": True, "apply_indemnity": True})

    def instalment_invoice(self, amount=1000.0):
        """1,000 invoiced on 01/01/2025: 500 due 31/01, 500 due 02/03."""
        move = self.init_invoice(
            "out_invoice",
            partner=self.customer,
            invoice_date=date(2025, 1, 1),
            amounts=[amount],
            taxes=[],
        )
        move.invoice_payment_term_id = self.half_and_half
        move.action_post()
        return move

    @staticmethod
    def instalments(move):
        return move.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        ).sorted("date_maturity")

    def notice_for(self, moves, day):
        return self.dunning_reminder(moves, self.level_notice, day)

    def render(self, reminder):
        content, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "account_dunning_fr.action_report_formal_notice", reminder.ids
        )
        return plain(content)

    def test_first_instalment_is_dunned_at_its_own_due_date(self):
        move = self.instalment_invoice()
        first, second = self.instalments(move)
        self.assertEqual(first.date_maturity, date(2025, 1, 31))
        self.assertEqual(second.date_maturity, date(2025, 3, 2))
        self.assertEqual(move.invoice_date_due, date(2025, 3, 2), "the last one")
        reminder = self.run_dunning(date(2025, 2, 1))
        self.assertEqual(reminder.level_id, self.level_email)
        self.assertEqual(reminder.line_ids, first)
        self.assertEqual(reminder.move_ids, move)
        self.assertAlmostEqual(reminder.amount_residual, 500.0)
        self.assertEqual(first.dunning_level_id, self.level_email)
        self.assertEqual(first.dunning_date_last, date(2025, 2, 1))
        self.assertFalse(second.dunning_level_id)
        self.assertEqual(move.dunning_level_id, self.level_email)
        self.assertEqual(move.dunning_date_last, date(2025, 2, 1))
        self.assertEqual(move.dunning_date_next, date(2025, 2, 8), "D+8 of the first")
        letter = plain(reminder.letter_attachment_id.raw)
        self.assertIn("31/01/2025", letter)
        self.assertIn("Total dû 500,00", letter)
        self.assertNotIn("1 000,00", letter)

    def test_each_instalment_climbs_the_ladder_from_its_own_due_date(self):
        move = self.instalment_invoice()
        first, second = self.instalments(move)
        for day in (date(2025, 2, 1), date(2025, 2, 8), date(2025, 2, 15)):
            self.run_dunning(day, calls_reached=True)
        self.assertEqual(first.dunning_level_id, self.level_letter)
        self.assertFalse(second.dunning_level_id)
        reminders = self.run_dunning(date(2025, 3, 3))
        notice = reminders.filtered("is_formal_notice")
        self.assertEqual(notice.line_ids, first)
        self.assertAlmostEqual(notice.amount_residual, 500.0)
        courtesy = reminders - notice
        self.assertEqual(courtesy.level_id, self.level_email)
        self.assertEqual(courtesy.line_ids, second)
        self.assertEqual(move.dunning_level_id, self.level_notice)
        self.assertEqual(move.dunning_date_next, date(2025, 3, 10), "D+8 of the 2nd")
        self.assertFalse(
            self.run_dunning(date(2025, 3, 3)), "a second run the same day does nothing"
        )

    def test_penalties_run_per_instalment_and_the_indemnity_once(self):
        move = self.instalment_invoice()
        notice = self.notice_for(move, date(2025, 3, 5))
        self.assertEqual(notice.line_ids, self.instalments(move))
        # 500 x (3.15 % + 10) x 33 days / 365 = 5.94 from 31/01,
        # 500 x 13.15 % x 3 days / 365 = 0.54 from 02/03
        # (the whole 1,000 from the last due date would give 1.08)
        self.assertAlmostEqual(notice.penalty_amount, 6.48)
        self.assertAlmostEqual(notice.indemnity_amount, 40.0, msg="once per invoice")
        details = move._dunning_penalty_details(date(2025, 3, 5))[move.id]
        self.assertAlmostEqual(details["penalty"], 6.48)
        self.assertAlmostEqual(details["indemnity"], 40.0)
        self.assertEqual(details["days_late"], 33)

    def test_formal_notice_for_an_instalment_less_a_payment_on_account(self):
        move = self.instalment_invoice()
        first, second = self.instalments(move)
        self.pay_on_account(200.0, date(2025, 2, 15))
        for day in (date(2025, 2, 1), date(2025, 2, 8), date(2025, 2, 15)):
            self.run_dunning(day, calls_reached=True)
        reminders = self.run_dunning(date(2025, 3, 5))
        notice = reminders.filtered("is_formal_notice")
        self.assertEqual(notice.state, "sent")
        self.assertEqual(notice.line_ids, first)
        # the 200 on account goes to the oldest debt, the first instalment:
        # 500 x 13.15 % x 15 days / 365 + 300 x 13.15 % x 18 days / 365 = 4.65
        self.assertAlmostEqual(notice.amount_residual, 300.0)
        self.assertAlmostEqual(notice.penalty_amount, 4.65)
        self.assertAlmostEqual(notice.indemnity_amount, 40.0)
        self.assertAlmostEqual(notice.amount_total, 344.65)
        courtesy = reminders - notice
        self.assertEqual(courtesy.line_ids, second)
        self.assertAlmostEqual(courtesy.amount_residual, 500.0)
        letter = plain(notice.letter_attachment_id.raw)
        self.assertIn("Déjà réglé / avoirs non imputés - 200,00", letter)
        self.assertIn("Principal 300,00", letter)
        self.assertIn("344,65", letter)
        self.assertIn(
            "trois cent quarante-quatre euros et soixante-cinq centimes", letter
        )

    def test_a_sent_formal_notice_never_changes(self):
        move = self.instalment_invoice()
        notice = self.notice_for(move, date(2025, 3, 5))
        notice.action_send()
        self.assertEqual(notice.state, "sent")
        stated = notice.read(
            ["amount_residual", "penalty_amount", "indemnity_amount", "notice_deadline"]
        )
        self.assertEqual(stated[0]["notice_deadline"], date(2025, 3, 13))
        text = self.render(notice)
        self.assertIn("6,48", text)
        letter = notice.letter_attachment_id
        self.level_notice.write({"notice_days": 15, "apply_penalties": False})
        self.pay(move, 300.0, date(2025, 3, 10))
        self.env.invalidate_all()
        self.assertEqual(
            notice.read(
                [
                    "amount_residual",
                    "penalty_amount",
                    "indemnity_amount",
                    "notice_deadline",
                ]
            ),
            stated,
        )
        self.assertEqual(self.render(notice), text, "a reprint says the same")
        action = notice.action_preview()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(f"/web/content/{letter.id}", action["url"])
        printed, _kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "account_dunning_fr.action_report_formal_notice", notice.ids
            )
        )
        self.assertEqual(printed, letter.raw, "Print gives the letter sent")
        invoice = self.env["account.move"].browse(
            notice.action_create_penalty_invoice()["res_id"]
        )
        self.assertEqual(
            sorted(invoice.invoice_line_ids.mapped("price_unit")), [6.48, 40.0]
        )

    def test_migration_gives_the_invoice_level_to_its_lines(self):
        move = self.instalment_invoice()
        reminder = self.notice_for(move, date(2025, 3, 5))
        lines = self.instalments(move)
        # the data of 18.0.1: the level on the invoice, reminders of invoices
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE account_move SET dunning_level_id = %s, dunning_date_last = %s "
            "WHERE id = %s",
            (self.level_letter.id, date(2025, 2, 20), move.id),
        )
        self.env.cr.execute(
            "UPDATE account_move_line SET dunning_level_id = NULL, "
            "dunning_date_last = NULL WHERE move_id = %s",
            (move.id,),
        )
        self.env.cr.execute(
            "DELETE FROM account_dunning_reminder_line_rel WHERE reminder_id = %s",
            (reminder.id,),
        )
        self.env.invalidate_all()
        self.assertFalse(reminder.line_ids)
        spec = importlib.util.spec_from_file_location("post_migration", MIGRATION)
        script = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(script)
        script.migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(lines.dunning_level_id, self.level_letter)
        self.assertEqual(set(lines.mapped("dunning_date_last")), {date(2025, 2, 20)})
        self.assertEqual(reminder.line_ids, lines)
        self.assertEqual(move.dunning_level_id, self.level_letter)
