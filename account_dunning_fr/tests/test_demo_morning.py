from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestDemoFirstMorning(DunningCommon, AccountTestInvoicingHttpCommon):
    """The demo's first morning on any day: the shipped rates may stop
    half-years before today; the demo's own rule
    (``account.dunning.rate._demo_fill_missing_rates``) fills them, and the
    invoices dated relative to today, as in demo/account_dunning_demo.xml,
    give a worklist with nothing in error and letters that render."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.tour_enabled = False
        rates = cls.env["account.dunning.rate"]
        # shipped data stopping at H1 2026, read on a later day
        rates.search([("date_start", ">", date(2026, 1, 1))]).unlink()
        cls.today = fields.Date.context_today(rates)
        cls.demo_rates = rates._demo_fill_missing_rates()
        cls.scenario.auto_send = False
        for level in (cls.level_letter, cls.level_notice):
            level.write({"apply_penalties": True, "apply_indemnity": True})
        third = cls.env["res.partner"].create(
            {"name": "Imprimerie Leroy", "is_company": True, "lang": "fr_FR"}
        )
        for partner, days_late in (
            (cls.customer, 40),
            (cls.other_customer, 20),
            (third, 3),
        ):
            due = cls.today - relativedelta(days=days_late)
            cls._invoice(
                partner=partner,
                amount=1850.0,
                invoice_date=due - relativedelta(days=30),
                due=due,
            )
        cls.env["account.dunning.scenario"]._run_dunning()
        cls.reminders = cls.env["account.dunning.reminder"].search(
            [("company_id", "=", cls.company.id)]
        )

    def test_demo_rates_reach_today_and_say_what_they_are(self):
        latest = self.env["account.dunning.rate"].search(
            [], order="date_start desc", limit=1
        )
        self.assertLessEqual(latest.date_start, self.today)
        self.assertGreater(latest.date_start, self.today - relativedelta(months=6))
        if self.today >= date(2026, 7, 1):
            self.assertTrue(self.demo_rates)
        self.assertTrue(all(self.demo_rates.mapped("demo_value")))

    def test_nothing_in_error_and_every_letter_renders(self):
        self.assertEqual(len(self.reminders), 3)
        errors = self.reminders.filtered(lambda r: r.state == "error")
        self.assertFalse(errors, errors.mapped("error_message"))
        reports = self.env["ir.actions.report"]
        for reminder in self.reminders:
            if reminder.level_id.apply_penalties:
                self.assertGreater(reminder.penalty_amount, 0.0)
                self.assertEqual(reminder.indemnity_amount, 40.0)
            report = (
                "account_dunning_fr.action_report_formal_notice"
                if reminder.level_id.is_formal_notice
                else "account_dunning_fr.action_report_dunning_letter"
            )
            html = reports._render_qweb_html(report, reminder.ids)[0].decode()
            self.assertIn(reminder.name, html)

    def test_the_morning_worklist_in_the_browser(self):
        self.start_tour(
            "/odoo",
            "account_dunning_fr_demo_morning_tour",
            login=self.env.user.login,
        )
