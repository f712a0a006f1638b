from datetime import date

from odoo.tests import Form, freeze_time, tagged
from odoo.tools.safe_eval import safe_eval

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestManualReminders(DunningCommon):
    """A reminder written by hand starts from the customer."""

    @freeze_time("2025-02-20")
    def test_choosing_the_customer_fills_the_reminder(self):
        billing = self.env["res.partner"].create(
            {
                "name": "Service comptable",
                "type": "invoice",
                "parent_id": self.customer.id,
                "email": "factures@boulangerie-martin.fr",
            }
        )
        reminded = self._invoice(amount=1000.0, due=date(2025, 1, 31))
        self.run_dunning(date(2025, 2, 1))  # its email level is sent
        late = self._invoice(amount=400.0, due=date(2025, 2, 10))
        self._invoice(amount=500.0, due=date(2025, 3, 31))  # not due yet
        paid = self._invoice(amount=100.0, due=date(2025, 2, 5))
        self.pay(paid, 100.0, date(2025, 2, 6))
        self._invoice(partner=self.other_customer, due=date(2025, 1, 31))

        form = Form(self.env["account.dunning.reminder"])
        form.partner_id = self.customer
        self.assertEqual(form.contact_id, billing, "the invoice address")
        self.assertEqual(form.scenario_id, self.scenario)
        self.assertEqual(
            form.level_id, self.level_phone, "the level after the email sent"
        )
        self.assertEqual(form.channel, "phone", "the level's channel")
        reminder = form.save()
        self.assertEqual(reminder.move_ids, reminded | late, "its overdue invoices")
        self.assertEqual(
            reminder.line_ids, (reminded | late)._dunning_receivable_lines()
        )
        self.assertEqual(reminder.amount_residual, 1400.0)

        domain = safe_eval(
            reminder._fields["move_ids"].domain,
            {
                "commercial_partner_id": reminder.commercial_partner_id.id,
                "company_id": reminder.company_id.id,
            },
        )
        offered = self.env["account.move"].search(domain)
        self.assertEqual(
            offered.commercial_partner_id,
            self.customer,
            "the invoice picker offers only the customer's invoices",
        )
        self.assertNotIn(paid, offered, "nor the paid ones")

    @freeze_time("2025-02-20")
    def test_a_customer_never_reminded_starts_at_the_first_level(self):
        self.customer.dunning_contact_id = self.env["res.partner"].create(
            {"name": "Mme Paie", "parent_id": self.customer.id}
        )
        invoice = self._invoice(due=date(2025, 2, 15))
        form = Form(self.env["account.dunning.reminder"])
        form.partner_id = self.customer
        self.assertEqual(form.level_id, self.level_email)
        self.assertEqual(form.channel, "email")
        self.assertEqual(
            form.contact_id, self.customer.dunning_contact_id, "the payment contact"
        )
        form.level_id = self.level_letter
        self.assertEqual(form.channel, "letter")
        self.assertEqual(form.save().move_ids, invoice)
