import re
from datetime import date, timedelta

from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from .analytics_common import AnalyticsCommon

DAY = date(2025, 6, 30)  # the window runs from 2024-07-01 to 2025-06-30
PAID = ("paid", "in_payment")


@tagged("post_install", "-at_install")
class TestPayerProfile(AnalyticsCommon):
    """DESIGN Behaviour 8: the payer profile from 12 months of history."""

    def test_a_customer_paying_on_time_is_a_good_payer(self):
        self.paid(date(2025, 2, 28), date(2025, 2, 25))
        self.paid(date(2025, 3, 31), date(2025, 3, 31))
        self.paid(date(2025, 4, 30), date(2025, 4, 29))
        self.update_profiles(DAY)
        self.assertEqual(self.figures(), ("good", 0.0, 0.0, 0, 0.0))
        self.assertIn("courteous tone", self.customer.dunning_payer_attitude)

    def test_partial_payments_count_from_the_last_one(self):
        first = self.invoice(date(2025, 3, 31))
        self.pay_in_company(first, 400.0, date(2025, 3, 20))
        self.pay_in_company(first, 600.0, date(2025, 4, 10))  # 10 days late
        self.paid(date(2025, 4, 30), date(2025, 4, 30))
        self.paid(date(2025, 5, 31), date(2025, 6, 12))  # 12 days late
        still_open = self.invoice(date(2025, 5, 15))
        self.pay_in_company(still_open, 500.0, date(2025, 5, 10))
        self.update_profiles(DAY)
        # 3 invoices fully paid, 2 late: 66.7 %; (10 + 0 + 12) / 3 = 7.3 days
        profile, days, ratio, broken, _dso = self.figures()
        self.assertEqual((profile, days, ratio, broken), ("chronic", 7.3, 66.7, 0))
        self.assertIn("deposit or prepayment", self.customer.dunning_payer_attitude)

    def test_only_the_invoices_paid_in_the_last_twelve_months_count(self):
        self.paid(date(2024, 3, 22), date(2024, 6, 30))  # 100 days late, before
        self.paid(date(2024, 7, 1), date(2024, 7, 1))  # first day of the window
        self.paid(date(2025, 1, 31), date(2025, 1, 30))
        self.paid(date(2025, 2, 28), date(2025, 2, 28))
        self.paid(date(2025, 3, 31), date(2025, 3, 31))
        self.paid(date(2025, 4, 30), date(2025, 5, 20))  # 20 days late
        self.paid(date(2025, 6, 20), date(2025, 7, 5))  # paid after the day
        self.update_profiles(DAY)
        # 5 invoices, 1 late by 20 days: 20 %, 4 days on average
        profile, days, ratio, _broken, _dso = self.figures()
        self.assertEqual((profile, days, ratio), ("occasional", 4.0, 20.0))
        self.assertIn("Occasional late payer", self.customer.dunning_payer_attitude)

    def test_an_invoice_in_dollars_paid_late_at_another_rate(self):
        invoice = self.invoice(date(2025, 3, 1), currency=self.usd)
        self.pay_in_company(invoice, 1000.0, date(2025, 6, 2), currency=self.usd)
        self.assertIn(invoice.payment_state, PAID)
        self.assertTrue(
            invoice.line_ids.matched_credit_ids.exchange_move_id,
            "paid at another rate than invoiced: an exchange difference",
        )
        self.paid(date(2025, 4, 30), date(2025, 4, 30))
        self.paid(date(2025, 5, 31), date(2025, 5, 28))
        self.update_profiles(DAY)
        # 93 days late over 3 invoices: 31 days on average, beyond 30
        profile, days, ratio, _broken, _dso = self.figures()
        self.assertEqual((profile, days, ratio), ("chronic", 31.0, 33.3))

    def test_credit_notes_are_not_payments(self):
        cancelled = self.invoice(date(2025, 3, 31))
        self.reconcile(cancelled, self.credit_note(date(2025, 4, 15), 1000.0))
        self.assertEqual(cancelled.payment_state, "reversed", "not a paid invoice")
        on_time = self.invoice(date(2025, 4, 30))
        self.pay_in_company(on_time, 700.0, date(2025, 4, 28))
        self.reconcile(on_time, self.credit_note(date(2025, 5, 5), 300.0))
        late = self.invoice(date(2025, 5, 31))
        self.reconcile(late, self.credit_note(date(2025, 5, 20), 200.0))
        self.pay_in_company(late, 800.0, date(2025, 6, 10))  # 10 days late
        self.paid(date(2025, 6, 15), date(2025, 6, 15))
        for invoice in on_time | late:
            self.assertIn(invoice.payment_state, PAID)
        self.update_profiles(DAY)
        profile, days, ratio, _broken, _dso = self.figures()
        self.assertEqual((profile, days, ratio), ("occasional", 3.3, 33.3))

    def test_broken_promises_count_at_once_and_make_a_chronic_payer(self):
        for due in (date(2025, 2, 28), date(2025, 3, 31), date(2025, 4, 30)):
            self.paid(due, due)
        invoice = self.invoice(date(2025, 5, 31))
        check = self.env["account.dunning.promise"]._check_promises
        self.promise(invoice, 500.0, date(2025, 6, 5), date(2025, 6, 1))
        check(date(2025, 6, 10))
        profile, _days, _ratio, broken, _dso = self.figures()
        self.assertEqual((profile, broken), ("occasional", 1))
        self.promise(invoice, 500.0, date(2025, 6, 15), date(2025, 6, 12))
        self.pay_in_company(invoice, 200.0, date(2025, 6, 14))
        check(date(2025, 6, 20))
        self.assertEqual(self.figures()[0::3], ("chronic", 2))
        self.update_profiles(DAY)
        self.assertEqual(self.figures()[0::3], ("chronic", 2))
        # a year later the history has left the window: a new customer again
        self.update_profiles(date(2026, 6, 20))
        self.assertEqual(self.figures()[:4], ("new", 0.0, 0.0, 0))

    def test_fewer_than_three_paid_invoices_make_a_new_customer(self):
        self.paid(date(2025, 3, 31), date(2025, 5, 10))  # 40 days late
        self.paid(date(2025, 4, 30), date(2025, 4, 30))
        self.update_profiles(DAY)
        profile, days, ratio, _broken, _dso = self.figures()
        self.assertEqual((profile, days, ratio), ("new", 20.0, 50.0))
        self.assertIn("New customer", self.customer.dunning_payer_attitude)

    def test_each_company_judges_by_its_own_invoices(self):
        for due in (date(2025, 2, 28), date(2025, 3, 31), date(2025, 4, 30)):
            self.paid(due, due)
            self.paid(due, due + timedelta(days=40), company=self.company_2)
        self.update_profiles(DAY)
        self.assertEqual(self.figures()[:3], ("good", 0.0, 0.0))
        self.assertEqual(
            self.figures(company=self.company_2)[:3], ("chronic", 40.0, 100.0)
        )

    def test_the_thresholds_are_company_settings(self):
        self.paid(date(2025, 2, 28), date(2025, 2, 28))
        self.paid(date(2025, 3, 31), date(2025, 4, 3))  # 3 days late
        self.update_profiles(DAY)
        self.assertEqual(self.figures()[:3], ("new", 1.5, 50.0))
        settings = self.env["res.config.settings"].create(
            {
                "dunning_profile_min_invoices": 2,
                "dunning_chronic_late_ratio": 60.0,
                "dunning_good_late_ratio": 50.0,
            }
        )
        settings.execute()
        self.update_profiles(DAY)
        self.assertEqual(self.figures()[:3], ("good", 1.5, 50.0))
        with self.assertRaisesRegex(
            ValidationError, "late payment ratio of a good payer"
        ):
            self.company.dunning_good_late_ratio = 70.0
        with self.assertRaisesRegex(ValidationError, "between 0 and 100"):
            self.company.dunning_chronic_late_ratio = 150.0

    def test_the_nightly_cron_computes_every_customer(self):
        for due in (date(2025, 2, 28), date(2025, 3, 31), date(2025, 4, 30)):
            self.paid(due, due)
            self.paid(due, date(2025, 5, 31), partner=self.other_customer)
        with freeze_time(DAY):
            self.env.ref(
                "account_dunning_fr.ir_cron_dunning_payer_profile"
            ).method_direct_trigger()
        self.assertEqual(self.figures()[0], "good")
        self.assertEqual(self.figures(self.other_customer)[0], "chronic")
        customers = self.env["res.partner"].with_user(self.dunner)
        self.assertEqual(
            customers.search([("payer_profile", "=", "chronic")]), self.other_customer
        )
        groups = dict(
            customers._read_group(
                [("id", "in", (self.customer | self.other_customer).ids)],
                ["payer_profile"],
                ["__count"],
            )
        )
        self.assertEqual(groups, {"good": 1, "chronic": 1})

    def test_the_call_file_gives_the_profile_and_the_attitude(self):
        for due in (date(2025, 2, 28), date(2025, 3, 31), date(2025, 4, 30)):
            self.paid(due, due + timedelta(days=5))
        self.update_profiles(DAY)
        invoice = self.invoice(date(2025, 6, 1))
        self.run_dunning(date(2025, 6, 2))
        reminder = self.run_dunning(date(2025, 6, 9))
        self.assertEqual(reminder.channel, "phone")
        for sheet in (reminder.call_file, reminder.activity_ids.note):
            text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", sheet))
            self.assertRegex(
                text,
                r"Payer profile Chronic bad payer Paid late \(%\) 100[.,]0 "
                r"Average delay \(days\) 5 Broken promises 0 ",
            )
            self.assertIn("Attitude to adopt: Chronic bad payer: remove", text)
            self.assertIn(invoice.name, text)
