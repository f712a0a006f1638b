from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import freeze_time

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestLatePayment(DunningCommon):
    """LEGAL_FR's worked examples computed on real invoices and payments."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.consumer = cls.env["res.partner"].create(
            {
                "name": "Jean Dupuis",
                "dunning_debtor_kind": "consumer",
                "email": "jean.dupuis@example.fr",
            }
        )

    def details(self, move, day):
        return move._dunning_penalty_details(day)[move.id]

    def test_tv3_penalties_split_at_the_half_year(self):
        move = self._invoice(
            amount=12345.67, invoice_date=date(2025, 2, 13), due=date(2025, 3, 15)
        )
        self.pay(move, 12345.67, date(2025, 8, 2))
        detail = self.details(move, date(2025, 8, 2))
        self.assertEqual(detail["kind"], "penalty")
        self.assertAlmostEqual(detail["penalty"], 611.53, places=2)
        self.assertAlmostEqual(detail["indemnity"], 40.0, places=2)
        self.assertEqual(
            [(line["days"], line["rate"]) for line in detail["rate_lines"]],
            [(107, 13.15), (33, 12.15)],
        )
        self.assertEqual(detail["principal"], 0.0)

    def test_tv4_partial_payments_reduce_the_base(self):
        move = self._invoice(
            amount=10000.0, invoice_date=date(2025, 8, 31), due=date(2025, 9, 30)
        )
        self.pay(move, 4000.0, date(2025, 10, 31))
        self.pay(move, 6000.0, date(2025, 12, 15))
        detail = self.details(move, date(2025, 12, 15))
        self.assertAlmostEqual(detail["penalty"], 193.07, places=2)
        self.assertAlmostEqual(detail["indemnity"], 40.0, places=2)

    def test_tv5_credit_note_reduces_the_base(self):
        move = self._invoice(
            amount=5000.0, invoice_date=date(2025, 1, 29), due=date(2025, 2, 28)
        )
        refund = self._invoice(
            amount=1200.0,
            invoice_date=date(2025, 4, 10),
            due=date(2025, 4, 10),
            move_type="out_refund",
        )
        (move + refund).line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        ).reconcile()
        self.pay(move, 3800.0, date(2025, 5, 20))
        detail = self.details(move, date(2025, 5, 20))
        self.assertAlmostEqual(detail["penalty"], 128.62, places=2)
        self.assertAlmostEqual(detail["indemnity"], 40.0, places=2)

    def test_tv6_contractual_rate_below_three_times_the_legal_rate(self):
        with (
            freeze_time("2025-09-01"),
            self.assertRaisesRegex(ValidationError, "8.28%"),
        ):
            self.company.dunning_penalty_rate = 8.0
        with freeze_time("2026-02-01"):
            self.company.dunning_penalty_rate = 8.0
        move = self._invoice(
            amount=2400.0, invoice_date=date(2026, 1, 1), due=date(2026, 1, 31)
        )
        detail = self.details(move, date(2026, 3, 2))
        self.assertEqual(detail["kind"], "contractual")
        self.assertEqual(detail["rate_lines"][0]["rate"], 8.0)
        # 2,400 x 8 % x 30 / 365
        self.assertAlmostEqual(detail["penalty"], 15.78, places=2)
        old = self._invoice(
            amount=2400.0, invoice_date=date(2025, 8, 1), due=date(2025, 8, 31)
        )
        with self.assertRaisesRegex(UserError, "H2 2025"):
            old._dunning_penalty_details(date(2025, 10, 1))

    def test_tv8_consumer_owes_legal_interest_from_the_notice_only(self):
        move = self._invoice(
            partner=self.consumer,
            amount=1850.0,
            invoice_date=date(2025, 5, 1),
            due=date(2025, 5, 31),
        )
        before = self.details(move, date(2025, 6, 30))
        self.assertEqual(
            (before["kind"], before["penalty"], before["indemnity"]), ("none", 0.0, 0.0)
        )
        self.dunning_reminder(
            move,
            self.level_notice,
            date(2025, 6, 18),
            state="sent",
            acknowledgement_date=date(2025, 6, 20),
        )
        self.pay(move, 1850.0, date(2025, 9, 10))
        detail = self.details(move, date(2025, 9, 10))
        self.assertEqual(detail["kind"], "legal_interest")
        self.assertAlmostEqual(detail["penalty"], 11.95, places=2)
        self.assertEqual(detail["indemnity"], 0.0)
        self.assertEqual([line["rate"] for line in detail["rate_lines"]], [3.71, 2.76])

    def test_tv9_penalties_stop_at_the_collective_procedure(self):
        self.customer.write(
            {
                "collective_procedure": "redressement",
                "collective_procedure_date": date(2025, 11, 5),
            }
        )
        move = self._invoice(
            amount=8000.0, invoice_date=date(2025, 8, 31), due=date(2025, 9, 30)
        )
        detail = self.details(move, date(2026, 1, 15))
        self.assertAlmostEqual(detail["penalty"], 93.21, places=2)
        self.assertEqual(sum(line["days"] for line in detail["rate_lines"]), 35)

    def test_foreign_currency_invoice(self):
        usd = self.setup_other_currency("USD", rates=[("2025-01-01", 1.25)])
        move = self._invoice(
            amount=1000.0,
            invoice_date=date(2025, 7, 1),
            due=date(2025, 7, 31),
            currency=usd,
        )
        detail = self.details(move, date(2025, 8, 30))
        # 1,000 USD x 12.15 % x 30 / 365, in dollars; 40 EUR converted at 1.25
        self.assertAlmostEqual(detail["penalty"], 9.99, places=2)
        self.assertAlmostEqual(detail["indemnity"], 50.0, places=2)
        self.assertEqual(detail["principal"], 1000.0)

    def test_missing_rate_names_the_half_year_and_puts_the_reminder_in_error(self):
        self.level_notice.write({"apply_penalties": True, "apply_indemnity": True})
        self.scenario.progressive = False  # 66 days late: the notice at once
        late = self._invoice(
            amount=500.0, invoice_date=date(2026, 5, 1), due=date(2026, 5, 31)
        )
        on_time = self._invoice(
            partner=self.other_customer,
            amount=700.0,
            invoice_date=date(2026, 7, 1),
            due=date(2026, 7, 25),
        )
        self.assertFalse(
            self.env["account.dunning.rate"].search([("date_start", "=", "2026-07-01")])
        )
        reminders = self.run_dunning(date(2026, 8, 5))
        notice = reminders.filtered(lambda r: r.move_ids == late)
        self.assertEqual(notice.level_id, self.level_notice)
        self.assertEqual(notice.state, "error")
        self.assertIn("H2 2026", notice.error_message)
        self.assertIn("Reference rates", notice.error_message)
        other = reminders.filtered(lambda r: r.move_ids == on_time)
        self.assertEqual(other.state, "to_call", "its call is scheduled, not in error")
        with self.assertRaisesRegex(UserError, "H2 2026"):
            notice.action_send()
        self.env["account.dunning.rate"].create(
            {
                "date_start": date(2026, 7, 1),
                "ecb_rate": 2.15,
                "legal_rate_private": 6.5,
                "legal_rate_other": 2.5,
            }
        )
        notice.action_send()
        self.assertEqual(notice.state, "sent")
        self.assertAlmostEqual(notice.indemnity_amount, 40.0, places=2)
        self.assertGreater(notice.penalty_amount, 0.0)
        self.assertEqual(notice.notice_deadline, date(2026, 8, 13))

    def test_rate_must_start_a_half_year(self):
        with self.assertRaisesRegex(ValidationError, "1 January or 1 July"):
            self.env["account.dunning.rate"].create(
                {
                    "date_start": date(2030, 3, 1),
                    "ecb_rate": 1.0,
                    "legal_rate_private": 1.0,
                    "legal_rate_other": 1.0,
                }
            )

    def test_shipped_rates(self):
        rates = self.env["account.dunning.rate"].search([])
        self.assertEqual(len(rates), 23)
        last = rates[0]
        self.assertEqual(
            (last.date_start, last.penalty_rate, last.legal_rate_other),
            (date(2026, 1, 1), 12.15, 2.62),
        )

    def test_rates_readable_by_accountants_editable_by_administrators(self):
        user = self.env["res.users"].create(
            {
                "name": "Comptable",
                "login": "comptable.rates",
                "groups_id": [
                    Command.set(
                        [
                            self.env.ref("account_dunning_fr.group_dunning_user").id,
                            self.env.ref("account.group_account_invoice").id,
                        ]
                    )
                ],
            }
        )
        rate = self.env["account.dunning.rate"].search([], limit=1)
        self.assertTrue(rate.with_user(user).ecb_rate >= 0)
        with self.assertRaises(AccessError):
            rate.with_user(user).ecb_rate = 9.0
        # shared by all companies: a manager of one company may not change them
        user.groups_id |= self.env.ref("account_dunning_fr.group_dunning_manager")
        with self.assertRaises(AccessError):
            rate.with_user(user).ecb_rate = 9.0
        user.groups_id |= self.env.ref("base.group_system")
        rate.with_user(user).ecb_rate = 2.2
        self.assertEqual(rate.ecb_rate, 2.2)

    def test_penalty_invoice_from_a_reminder(self):
        self.level_notice.write({"apply_penalties": True, "apply_indemnity": True})
        move = self._invoice(
            amount=12345.67, invoice_date=date(2025, 2, 13), due=date(2025, 3, 15)
        )
        reminder = self.dunning_reminder(move, self.level_notice, date(2025, 8, 2))
        self.assertAlmostEqual(reminder.penalty_amount, 611.53, places=2)
        self.assertAlmostEqual(
            reminder.amount_total, 12345.67 + 611.53 + 40.0, places=2
        )
        with self.assertRaisesRegex(UserError, "Send reminder .* first"):
            reminder.action_create_penalty_invoice()
        reminder.state = "sent"
        reminder.action_create_penalty_invoice()
        invoice = reminder.penalty_move_id
        self.assertEqual(invoice.partner_id, self.customer)
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(
            sorted(invoice.invoice_line_ids.mapped("price_unit")), [40.0, 611.53]
        )
        self.assertFalse(invoice.invoice_line_ids.tax_ids)
        self.assertAlmostEqual(invoice.amount_total, 651.53, places=2)
        with self.assertRaisesRegex(UserError, "already been invoiced"):
            reminder.action_create_penalty_invoice()

    def test_prescription_date_and_warning(self):
        with freeze_time("2026-02-01"):
            move = self._invoice(
                amount=900.0, invoice_date=date(2021, 3, 1), due=date(2021, 3, 31)
            )
            self.assertEqual(move.dunning_prescription_date, date(2026, 3, 31))
            self.assertTrue(move.dunning_prescription_warning)
            self.pay(move, 100.0, date(2025, 1, 15))
            move.invalidate_recordset()
            self.assertEqual(move.dunning_prescription_date, date(2030, 1, 15))
            self.assertFalse(move.dunning_prescription_warning)

    def test_amounts_shown_on_the_invoice_today(self):
        with freeze_time("2025-08-02"):
            move = self._invoice(
                amount=12345.67, invoice_date=date(2025, 2, 13), due=date(2025, 3, 15)
            )
            self.assertAlmostEqual(move.dunning_penalty_amount, 611.53, places=2)
            self.assertAlmostEqual(move.dunning_indemnity_amount, 40.0, places=2)
            self.assertFalse(move.dunning_penalty_error)

    def test_payment_terms_beyond_the_lme_are_flagged(self):
        terms = self.env["account.payment.term"].create(
            [
                {
                    "name": name,
                    "line_ids": [
                        Command.create(
                            {
                                "value": "percent",
                                "value_amount": 100.0,
                                "nb_days": days,
                                "delay_type": kind,
                            }
                        )
                    ],
                }
                for name, days, kind in (
                    ("60 jours", 60, "days_after"),
                    ("90 jours", 90, "days_after"),
                    ("45 jours fin de mois", 45, "days_after_end_of_month"),
                    ("60 jours fin de mois", 60, "days_after_end_of_month"),
                )
            ]
        )
        self.assertEqual(
            [bool(term.dunning_lme_warning) for term in terms],
            [False, True, False, True],
        )
        self.assertIn("legal cap of 60 days", terms[1].dunning_lme_warning)
        self.assertIn("L441-10", terms[3].dunning_lme_warning)
