from datetime import date

from odoo import Command
from odoo.tests import freeze_time, tagged
from odoo.tools import format_date, formatLang

from .common import DunningCommon

STATUS_FIELDS = ["dunning_status", "dunning_status_reason", "dunning_status_note"]


@tagged("post_install", "-at_install")
class TestDunningStatus(DunningCommon):
    """Why an open invoice is or is not chased today: what the daily run
    decides, said on the invoice and searchable in "Invoices to chase"."""

    def status(self, invoice):
        invoice.invalidate_recordset(STATUS_FIELDS)
        return invoice.dunning_status, invoice.dunning_status_reason

    def note(self, invoice):
        invoice.invalidate_recordset(STATUS_FIELDS)
        return invoice.dunning_status_note

    def day(self, value):
        return format_date(self.env, value)

    def found(self, invoice, **domain):
        return invoice in self.env["account.move"].search(
            [("id", "=", invoice.id)]
            + [(name, "=", value) for name, value in domain.items()]
        )

    def test_status_follows_the_run_day_by_day(self):
        invoice = self._invoice(due=date(2025, 1, 31))
        with freeze_time("2025-01-20"):
            self.assertEqual(self.status(invoice), ("waiting", "next_level"))
            self.assertEqual(
                self.note(invoice), f"Next reminder on {self.day(date(2025, 2, 1))}"
            )
        with freeze_time("2025-02-01"):
            self.assertEqual(self.status(invoice), ("due", "level_due"))
            self.assertEqual(self.note(invoice), "Due today: Rappel (D+1)")
            self.assertTrue(self.found(invoice, dunning_status="due"))
            self.assertEqual(self.run_dunning(date(2025, 2, 1)).move_ids, invoice)
            self.assertEqual(self.status(invoice), ("waiting", "next_level"))
            self.assertEqual(
                self.note(invoice), f"Next reminder on {self.day(date(2025, 2, 8))}"
            )
            self.assertFalse(self.found(invoice, dunning_status="due"))
            self.assertFalse(self.run_dunning(date(2025, 2, 1)), "nothing more")

    @freeze_time("2025-02-20")
    def test_each_reason_that_keeps_an_invoice_out_is_named(self):
        invoice = self._invoice(due=date(2025, 1, 31))
        self.assertEqual(self.status(invoice), ("due", "level_due"))

        invoice.dunning_blocked_until = date(2025, 3, 10)
        self.assertEqual(self.status(invoice), ("excluded", "invoice_blocked"))
        self.assertEqual(
            self.note(invoice), f"Excluded until {self.day(date(2025, 3, 10))}"
        )
        self.assertTrue(self.found(invoice, dunning_status_reason="invoice_blocked"))
        invoice.dunning_blocked_until = False

        promise = self.env["account.dunning.promise"].create(
            {
                "partner_id": self.customer.id,
                "move_ids": [Command.set(invoice.ids)],
                "date_promised": date(2025, 2, 25),
                "amount": 1000.0,
            }
        )
        self.assertEqual(self.status(invoice), ("excluded", "promise"))
        self.assertEqual(
            self.note(invoice), f"Payment promised for {self.day(date(2025, 2, 25))}"
        )
        self.assertTrue(self.found(invoice, dunning_status_reason="promise"))
        self.assertFalse(self.run_dunning(date(2025, 2, 20)), "the run agrees")
        promise.unlink()

        self.customer.collective_procedure = "redressement"
        self.assertEqual(self.status(invoice), ("excluded", "procedure"))
        self.assertTrue(self.found(invoice, dunning_status="excluded"))
        self.customer.collective_procedure = "none"

        self.scenario.min_amount = 5000.0
        self.assertEqual(self.status(invoice), ("excluded", "under_minimum"))
        self.assertIn("under the scenario minimum", self.note(invoice))
        self.assertIn(
            formatLang(self.env, 5000.0, currency_obj=self.company.currency_id),
            self.note(invoice),
        )
        self.assertTrue(self.found(invoice, dunning_status_reason="under_minimum"))
        self.assertFalse(self.run_dunning(date(2025, 2, 20)), "the run agrees")
        self.scenario.min_amount = 10.0

        self.assertEqual(self.run_dunning(date(2025, 2, 20)).move_ids, invoice)
        invoice.invalidate_recordset()
        self.assertEqual(self.status(invoice), ("waiting", "next_level"))

    def test_a_reminder_still_to_send_is_what_the_invoice_waits_for(self):
        self.scenario.auto_send = False
        invoice = self._invoice(due=date(2025, 1, 31))
        draft = self.run_dunning(date(2025, 2, 1))
        with freeze_time("2025-03-05"):
            self.assertEqual(self.status(invoice), ("waiting", "unsent"))
            self.assertEqual(
                self.note(invoice),
                "Waiting: the reminder at Rappel (D+1) has not gone yet",
            )
            self.assertFalse(invoice.dunning_date_last, "never sent")
            draft.action_send()
            self.assertEqual(draft.state, "queued")
            self.assertEqual(
                self.status(invoice), ("waiting", "unsent"), "its email has not left"
            )
            self.send_queued_emails()
            self.assertEqual(self.status(invoice), ("due", "level_due"))

    @freeze_time("2025-02-20")
    def test_a_paid_invoice_has_nothing_to_chase_and_french_users_read_french(self):
        invoice = self._invoice(due=date(2025, 1, 31))
        self.pay(invoice, 1000.0, date(2025, 2, 19))
        self.assertEqual(self.status(invoice), ("none", "paid"))
        other = self._invoice(due=date(2025, 2, 10))
        french = other.with_context(lang="fr_FR")
        french.invalidate_recordset(STATUS_FIELDS)
        self.assertEqual(
            french.dunning_status_note, "À relancer aujourd'hui : Rappel (J+1)"
        )
