from datetime import date

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestEscalation(DunningCommon):
    def test_stepwise_escalation_over_the_ladder(self):
        invoice = self._invoice(due=date(2025, 1, 31))
        self.assertFalse(
            self.run_dunning(date(2025, 1, 31)), "nothing on the due date itself"
        )
        steps = {}
        for day in (
            date(2025, 2, 1),
            date(2025, 2, 8),
            date(2025, 2, 15),
            date(2025, 3, 2),
        ):
            reminders = self.run_dunning(day, calls_reached=True)
            self.assertEqual(len(reminders), 1, day)
            steps[day] = reminders.level_id
            self.assertEqual(invoice.dunning_level_id, reminders.level_id)
            self.assertEqual(invoice.dunning_date_last, day)
        self.assertEqual(
            list(steps.values()),
            [
                self.level_email,
                self.level_phone,
                self.level_letter,
                self.level_notice,
            ],
        )
        self.assertEqual(invoice.dunning_reminder_count, 4)
        self.assertFalse(invoice.dunning_date_next, "no level after the formal notice")

    def test_days_overdue_and_next_date(self):
        invoice = self._invoice(due=date(2025, 1, 31))
        self.run_dunning(date(2025, 2, 3))
        # progressive: the phone call 7 days after the email sent on 3/2
        self.assertEqual(invoice.dunning_date_next, date(2025, 2, 10))
        with freeze_time("2025-02-10"):
            invoice.invalidate_recordset(["days_overdue"])
            self.assertEqual(invoice.days_overdue, 10)

    def test_second_run_the_same_day_changes_nothing(self):
        self._invoice(due=date(2025, 1, 31))
        first = self.run_dunning(date(2025, 2, 10))
        self.assertEqual(len(first), 1)
        count = self.env["account.dunning.reminder"].search_count([])
        messages = self.env["mail.message"].search_count([])
        self.assertFalse(self.run_dunning(date(2025, 2, 10)))
        self.assertEqual(self.env["account.dunning.reminder"].search_count([]), count)
        self.assertEqual(self.env["mail.message"].search_count([]), messages)

    def test_invoice_found_late_starts_at_the_first_level(self):
        """Progressive ladder (the default): an invoice found 20 days late gets
        the first level, then each next one at the interval of the ladder
        after the previous was sent; its letters speak only of the reminders
        really sent."""
        invoice = self._invoice(due=date(2025, 1, 31))
        first = self.run_dunning(date(2025, 2, 20))
        self.assertEqual(first.level_id, self.level_email)
        self.assertEqual(first.state, "sent")
        self.assertEqual(invoice.dunning_date_last, date(2025, 2, 20))
        self.assertEqual(invoice.dunning_date_next, date(2025, 2, 27), "+7 days")
        self.assertFalse(self.run_dunning(date(2025, 2, 26)))
        second = self.run_dunning(date(2025, 2, 27))
        self.assertEqual(second.level_id, self.level_phone)
        self.assertEqual(second._previous_sent_count(), 1)

    def test_the_next_level_waits_for_the_previous_one_to_be_sent(self):
        self.scenario.auto_send = False
        invoice = self._invoice(due=date(2025, 1, 31))
        draft = self.run_dunning(date(2025, 2, 1))
        self.assertEqual(draft.state, "draft")
        self.assertFalse(invoice.dunning_date_last, "prepared is not sent")
        self.assertFalse(self.run_dunning(date(2025, 3, 5)), "email still to send")
        self.assertEqual(draft.state, "draft", "not superseded")
        self.send(draft)
        self.assertEqual(invoice.dunning_date_last, date(2025, 2, 1))
        self.assertEqual(self.run_dunning(date(2025, 3, 5)).level_id, self.level_phone)

    def test_an_email_reminder_is_sent_when_its_mail_left(self):
        """The run queues the email: the reminder waits in Odoo's mail queue,
        the invoice is not reminded yet and its next level waits for it; the
        queue sends it: the reminder is sent, the next level comes."""
        invoice = self._invoice(due=date(2025, 1, 31))
        email = self.run_dunning(date(2025, 2, 1), mails_sent=False)
        self.assertEqual(email.state, "queued")
        self.assertFalse(invoice.dunning_date_last, "queued is not sent")
        self.assertFalse(
            self.run_dunning(date(2025, 3, 5), mails_sent=False),
            "the email has not left",
        )
        self.send_queued_emails()
        self.assertEqual(email.state, "sent")
        self.assertEqual(invoice.dunning_date_last, date(2025, 2, 1))
        self.assertEqual(self.run_dunning(date(2025, 3, 5)).level_id, self.level_phone)

    def test_without_progressive_ladder_a_late_invoice_jumps(self):
        self.scenario.progressive = False
        invoice = self._invoice(due=date(2025, 1, 31))
        reminder = self.run_dunning(date(2025, 2, 20))
        self.assertEqual(reminder.level_id, self.level_letter)
        self.assertEqual(invoice.dunning_level_id, self.level_letter)
        self.assertEqual(reminder._previous_sent_count(), 0)
        self.assertNotIn("previous", str(reminder.with_context(lang="en_US")._intro()))

    def test_invoices_of_one_customer_are_grouped_per_level(self):
        self.scenario.progressive = False  # the oldest one goes to the letter
        first = self._invoice(amount=500.0, due=date(2025, 1, 31))
        second = self._invoice(amount=700.0, due=date(2025, 1, 30))
        later = self._invoice(amount=300.0, due=date(2025, 1, 10))
        other = self._invoice(
            partner=self.other_customer, amount=200.0, due=date(2025, 1, 31)
        )
        reminders = self.run_dunning(date(2025, 2, 3))
        self.assertEqual(len(reminders), 3)
        mine = reminders.filtered(lambda r: r.partner_id == self.customer)
        by_level = {r.level_id: r for r in mine}
        self.assertEqual(by_level[self.level_email].move_ids, first | second)
        self.assertEqual(by_level[self.level_email].amount_residual, 1200.0)
        self.assertEqual(by_level[self.level_letter].move_ids, later)
        self.assertEqual(
            reminders.filtered(lambda r: r.partner_id == self.other_customer).move_ids,
            other,
        )

    def test_invoices_of_a_contact_are_dunned_on_the_company(self):
        contact = self.env["res.partner"].create(
            {
                "name": "Claire Martin",
                "parent_id": self.customer.id,
                "email": "claire@boulangerie-martin.fr",
            }
        )
        self._invoice(partner=contact, due=date(2025, 1, 31))
        self._invoice(due=date(2025, 1, 31))
        reminder = self.run_dunning(date(2025, 2, 1))
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.partner_id, self.customer)
        self.assertEqual(len(reminder.move_ids), 2)

    def test_dunning_contact_receives_the_reminder(self):
        accounting = self.env["res.partner"].create(
            {
                "name": "Service comptabilité fournisseurs",
                "parent_id": self.customer.id,
                "email": "fournisseurs@boulangerie-martin.fr",
            }
        )
        self.customer.dunning_contact_id = accounting
        self._invoice(due=date(2025, 1, 31))
        reminder = self.run_dunning(date(2025, 2, 1))
        self.assertEqual(reminder.contact_id, accounting)

    def test_preventive_reminder_before_the_due_date(self):
        self.scenario.preventive_days = 5
        invoice = self._invoice(due=date(2025, 1, 31))
        self.assertFalse(self.run_dunning(date(2025, 1, 20)))
        reminder = self.run_dunning(date(2025, 1, 27))
        self.assertTrue(reminder.is_preventive)
        self.assertFalse(reminder.level_id)
        self.assertEqual(reminder.channel, "email")
        self.assertEqual(invoice.dunning_preventive_date, date(2025, 1, 27))
        self.assertFalse(
            self.run_dunning(date(2025, 1, 28)), "one courtesy reminder only"
        )
        self.assertEqual(self.run_dunning(date(2025, 2, 1)).level_id, self.level_email)

    def test_customer_scenario_overrides_the_company_default(self):
        large = self._create_scenario(self.company, name="Grands comptes")
        large.level_ids[0].delay_days = 5
        self.customer.dunning_scenario_id = large
        self._invoice(due=date(2025, 1, 31))
        self.assertFalse(self.run_dunning(date(2025, 2, 1)))
        self.assertEqual(self.run_dunning(date(2025, 2, 5)).scenario_id, large)

    def test_broken_promise_flag_escalates_at_once(self):
        invoice = self._invoice(due=date(2025, 1, 31))
        self.run_dunning(date(2025, 2, 1))
        invoice.dunning_escalate = True
        reminder = self.run_dunning(date(2025, 2, 3))
        self.assertEqual(reminder.level_id, self.level_phone)
        self.assertFalse(invoice.dunning_escalate)

    # ------------------------------------------------------------------
    # Exclusions
    # ------------------------------------------------------------------
    def test_blocked_invoice_is_not_dunned(self):
        self._invoice(due=date(2025, 1, 31)).dunning_blocked = True
        self.assertFalse(self.run_dunning(date(2025, 2, 10)))

    def test_invoice_suspended_until_a_date(self):
        invoice = self._invoice(due=date(2025, 1, 31))
        invoice.dunning_blocked_until = date(2025, 2, 10)
        self.assertFalse(self.run_dunning(date(2025, 2, 10)))
        self.assertEqual(self.run_dunning(date(2025, 2, 11)).move_ids, invoice)

    def test_blocked_customer_is_not_dunned(self):
        self._invoice(due=date(2025, 1, 31))
        self.customer.dunning_blocked = True
        self.assertFalse(self.run_dunning(date(2025, 2, 10)))

    def test_paid_invoice_is_not_dunned(self):
        invoice = self._invoice(due=date(2025, 1, 31))
        self.pay(invoice, 1000.0, date(2025, 2, 5))
        self.assertEqual(invoice.payment_state in ("paid", "in_payment"), True)
        self.assertFalse(self.run_dunning(date(2025, 2, 10)))

    def test_partially_paid_invoice_is_dunned_for_its_residual(self):
        invoice = self._invoice(due=date(2025, 1, 31))
        self.pay(invoice, 400.0, date(2025, 2, 5))
        reminder = self.run_dunning(date(2025, 2, 10))
        self.assertEqual(reminder.move_ids, invoice)
        self.assertEqual(reminder.amount_residual, 600.0)

    def test_balance_under_the_scenario_minimum_is_not_dunned(self):
        self.scenario.min_amount = 50.0
        self._invoice(amount=49.99, due=date(2025, 1, 31))
        self.assertFalse(self.run_dunning(date(2025, 2, 10)))
        self._invoice(amount=0.01, due=date(2025, 1, 31))
        self.assertEqual(len(self.run_dunning(date(2025, 2, 10)).move_ids), 2)

    def test_open_credit_note_covering_the_debt_stops_dunning(self):
        self._invoice(amount=1000.0, due=date(2025, 1, 31))
        refund = self._invoice(
            amount=1000.0, due=date(2025, 1, 31), move_type="out_refund"
        )
        self.assertFalse(self.run_dunning(date(2025, 2, 10)))
        self.assertFalse(refund.dunning_reminder_ids, "credit notes are never dunned")

    def test_open_dispute_objection_suspends_dunning(self):
        invoice = self._invoice(due=date(2025, 1, 31))
        other = self._invoice(amount=300.0, due=date(2025, 1, 31))
        dispute = self.env["account.dunning.objection.type"].create(
            {
                "code": "TEST_DISPUTE",
                "name": "Litige commercial",
                "category": "dispute",
                "action": "suspend",
            }
        )
        objection = self.env["account.dunning.objection"].create(
            {
                "type_id": dispute.id,
                "partner_id": self.customer.id,
                "move_ids": [Command.set(invoice.ids)],
            }
        )
        self.assertEqual(self.run_dunning(date(2025, 2, 10)).move_ids, other)
        objection.state = "resolved"
        self.assertEqual(self.run_dunning(date(2025, 2, 11)).move_ids, invoice)

    @freeze_time("2025-02-01")  # the promise is for a later date
    def test_open_promise_holds_its_invoices_until_its_date(self):
        invoice = self._invoice(due=date(2025, 1, 31))
        self.env["account.dunning.promise"].create(
            {
                "partner_id": self.customer.id,
                "move_ids": [Command.set(invoice.ids)],
                "date_promised": date(2025, 2, 15),
                "amount": 1000.0,
            }
        )
        self.assertFalse(self.run_dunning(date(2025, 2, 15)))
        self.assertEqual(self.run_dunning(date(2025, 2, 16)).move_ids, invoice)

    def test_customer_under_collective_procedure_is_not_dunned(self):
        self._invoice(due=date(2025, 1, 31))
        self.customer.collective_procedure = "redressement"
        self.assertFalse(self.run_dunning(date(2025, 2, 10)))

    def test_draft_invoice_is_not_dunned(self):
        invoice = self.init_invoice(
            "out_invoice",
            partner=self.customer,
            invoice_date=date(2025, 1, 1),
            amounts=[1000.0],
            taxes=[],
        )
        invoice.invoice_date_due = date(2025, 1, 31)
        self.assertFalse(self.run_dunning(date(2025, 2, 10)))

    # ------------------------------------------------------------------
    # Companies and currencies
    # ------------------------------------------------------------------
    def test_each_company_uses_its_own_scenario(self):
        other_company = self.setup_other_company(name="Filiale Lyon")["company"]
        self.env.user.company_ids |= other_company
        other_scenario = self._create_scenario(other_company, name="Lyon")
        other_company.dunning_scenario_id = other_scenario
        mine = self._invoice(due=date(2025, 1, 31))
        theirs = self._invoice(due=date(2025, 1, 31), company=other_company)
        reminders = self.run_dunning(date(2025, 2, 1))
        self.assertEqual(len(reminders), 2)
        by_company = {r.company_id: r for r in reminders}
        self.assertEqual(by_company[self.company].move_ids, mine)
        self.assertEqual(by_company[self.company].scenario_id, self.scenario)
        self.assertEqual(by_company[other_company].move_ids, theirs)
        self.assertEqual(by_company[other_company].scenario_id, other_scenario)

    def test_company_without_scenario_is_left_alone(self):
        other_company = self.setup_other_company(name="Filiale sans scénario")[
            "company"
        ]
        self.env.user.company_ids |= other_company
        self._invoice(due=date(2025, 1, 31), company=other_company)
        self.assertFalse(self.run_dunning(date(2025, 2, 1)))

    def test_scenario_of_another_company_is_refused_on_a_customer(self):
        other_company = self.setup_other_company(name="Filiale Nantes")["company"]
        self.env.user.company_ids |= other_company
        foreign = self._create_scenario(other_company, name="Nantes")
        with self.assertRaisesRegex(ValidationError, "belongs to company"):
            self.customer.dunning_scenario_id = foreign

    def test_one_reminder_per_currency(self):
        usd = self.setup_other_currency("USD")
        eur_invoice = self._invoice(amount=1000.0, due=date(2025, 1, 31))
        usd_invoice = self._invoice(amount=2000.0, due=date(2025, 1, 31), currency=usd)
        reminders = self.run_dunning(date(2025, 2, 1))
        self.assertEqual(len(reminders), 2)
        usd_reminder = reminders.filtered(lambda r: r.currency_id == usd)
        self.assertEqual(usd_reminder.move_ids, usd_invoice)
        self.assertEqual(usd_reminder.amount_residual, 2000.0)
        self.assertEqual(
            reminders.filtered(
                lambda r: r.currency_id == self.company.currency_id
            ).move_ids,
            eur_invoice,
        )
