from datetime import date, timedelta
from unittest import mock

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon

from .common import DunningCommon, one_page_pdf


@tagged("post_install", "-at_install")
class TestDunningTours(DunningCommon, AccountTestInvoicingHttpCommon):
    """What the accountant clicks through, in a real browser.

    The tours (static/tests/tours) select by menu xml ids, field and button
    names, never by visible labels. They log in as the accountant of
    DunningCommon's French company (account manager, hence dunning manager).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The accountant is an administrator: no onboarding tour in the way.
        cls.env.user.tour_enabled = False
        cls.scenario.auto_send = False
        cls.invoice = cls._invoice(due=date(2025, 1, 31))
        cls.reminder = cls.env["account.dunning.scenario"]._run_dunning(
            date(2025, 2, 1)
        )
        # The objection tour takes the first suggestion of the catalogue.
        cls.dispute = cls.env.ref(
            "account_dunning_fr.objection_type_commercial_dispute"
        )
        cls.dispute.sequence = 0

    def start_dunning_tour(self, tour):
        self.start_tour("/odoo", tour, login=self.env.user.login)
        # The browser worked through the server: read what it wrote.
        self.env.invalidate_all()

    def test_01_morning_worklist_sends_a_draft_reminder(self):
        self.assertRecordValues(
            self.reminder,
            [
                {
                    "partner_id": self.customer.id,
                    "level_id": self.level_email.id,
                    "state": "draft",
                }
            ],
        )
        self.start_dunning_tour("account_dunning_fr_queue_tour")
        self.assertEqual(self.reminder.state, "queued", self.reminder.error_message)
        self.send_queued_emails()
        self.assertEqual(self.reminder.state, "sent", self.reminder.error_message)

    def test_02_objection_recorded_from_the_invoice(self):
        self.start_dunning_tour("account_dunning_fr_invoice_objection_tour")
        objection = self.invoice.dunning_objection_ids
        self.assertRecordValues(
            objection,
            [
                {
                    "type_id": self.dispute.id,
                    "partner_id": self.customer.id,
                    "state": "open",
                }
            ],
        )
        self.assertEqual(objection.move_ids, self.invoice)
        self.assertTrue(objection.holds_dunning, "a dispute suspends the dunning")

    def test_03_customer_dunning_tab(self):
        self.start_dunning_tour("account_dunning_fr_partner_tour")

    def test_04_dashboard_tiles_open_their_lists(self):
        self.env["res.partner"]._dunning_update_payer_profiles()
        self.start_dunning_tour("account_dunning_fr_dashboard_tour")

    def test_08_worklist_says_why_each_invoice_is_or_is_not_chased(self):
        promised = self._invoice(amount=400.0, due=date(2025, 1, 31))
        self.env["account.dunning.promise"].create(
            {
                "partner_id": self.customer.id,
                "move_ids": [Command.set(promised.ids)],
                "date_promised": fields.Date.today() + timedelta(days=10),
                "amount": 400.0,
            }
        )
        self.assertEqual(self.invoice.dunning_status_reason, "unsent")
        self.assertEqual(promised.dunning_status_reason, "promise")
        self.start_dunning_tour("account_dunning_fr_status_tour")

    def manual_reminder(self, partner, level):
        invoice = self._invoice(partner=partner, due=date(2025, 1, 31))
        return self.dunning_reminder(invoice, level, fields.Date.today())

    def test_05_phone_call_logged_from_the_draft_reminder(self):
        reminder = self.manual_reminder(self.customer, self.level_phone)
        self.start_tour(
            "/odoo/action-account_dunning_fr.account_dunning_reminder_action/"
            f"{reminder.id}",
            "account_dunning_fr_phone_call_tour",
            login=self.env.user.login,
        )
        self.env.invalidate_all()
        self.assertEqual(reminder.state, "sent", reminder.error_message)
        call = self.env["account.dunning.call"].search(
            [("reminder_id", "=", reminder.id)]
        )
        self.assertEqual(call.outcome, "promise")
        self.assertRecordValues(
            call.promise_ids,
            [{"date_promised": date(2030, 12, 31), "amount": 1000.0}],
        )

    def test_06_manual_reminder_prefilled_from_the_customer(self):
        self.start_dunning_tour("account_dunning_fr_manual_reminder_tour")
        reminder = self.env["account.dunning.reminder"].search(
            [("partner_id", "=", self.customer.id), ("id", "!=", self.reminder.id)]
        )
        self.assertRecordValues(
            reminder,
            [
                {
                    "contact_id": self.customer.id,
                    "level_id": self.level_phone.id,
                    "channel": "phone",
                    "state": "draft",
                }
            ],
        )
        self.assertEqual(reminder.move_ids, self.invoice)

    def test_07_print_the_letters_then_mark_them_printed(self):
        letters = self.manual_reminder(
            self.customer, self.level_letter
        ) | self.manual_reminder(self.other_customer, self.level_letter)
        letters.action_send()
        self.assertEqual(set(letters.mapped("state")), {"sent"})
        report = type(self.env["ir.actions.report"])
        with mock.patch.object(  # tests render reports as HTML, not PDF
            report,
            "_render_qweb_pdf",
            lambda _report, _ref, res_ids=None, data=None: (
                one_page_pdf(str(res_ids)),
                "pdf",
            ),
        ):
            self.start_dunning_tour("account_dunning_fr_print_tour")
        printed = self.env["ir.attachment"].search(
            [("name", "=like", "Reminders to print %"), ("res_model", "=", False)]
        )
        self.assertEqual(len(printed), 1, "one PDF for all the letters")
        self.assertTrue(printed.raw.startswith(b"%PDF"))
        self.assertEqual(letters.mapped("is_printed"), [True, True])
        self.assertFalse(self.reminder.is_printed, "an email is not printed")
