from datetime import date

from odoo.tests import Form, freeze_time, tagged

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestCollectiveProcedure(DunningCommon):
    """A customer in redressement judiciaire (LEGAL_FR section 7, TV9): the
    proof of claim is due two months after the BODACC publication (four for
    a creditor outside metropolitan France), its invoices say so, and the
    penalties stop running at the opening judgment (L622-28)."""

    def _open_procedure(self):
        with Form(self.customer) as customer:
            customer.collective_procedure = "redressement"
            customer.collective_procedure_date = date(2025, 11, 5)
            customer.collective_procedure_bodacc_date = date(2025, 11, 20)

    def test_the_claim_deadline_comes_from_the_bodacc_date(self):
        self.company.partner_id.write(
            {"country_id": self.env.ref("base.fr").id, "zip": "69002"}
        )
        self._open_procedure()
        self.assertEqual(
            self.customer.collective_procedure_claim_deadline, date(2026, 1, 20)
        )

    def test_four_months_for_a_creditor_outside_metropolitan_france(self):
        self.company.partner_id.write(
            {"country_id": self.env.ref("base.fr").id, "zip": "97400"}
        )
        self._open_procedure()
        self.assertEqual(
            self.customer.collective_procedure_claim_deadline, date(2026, 3, 20)
        )

    @freeze_time("2026-01-31")
    def test_the_invoice_says_the_procedure_and_freezes_the_penalties(self):
        invoice = self._invoice(
            amount=8000.0, invoice_date=date(2025, 8, 31), due=date(2025, 9, 30)
        )
        self.assertFalse(invoice.dunning_procedure_note)
        self.assertGreater(invoice.dunning_penalty_amount, 93.21)
        self.company.partner_id.write(
            {"country_id": self.env.ref("base.fr").id, "zip": "69002"}
        )
        self._open_procedure()
        invoice.invalidate_recordset()
        note = invoice.dunning_procedure_note
        self.assertIn("Receivership (redressement judiciaire)", note)
        self.assertIn("penalties stopped running on 04/11/2025", note)
        self.assertIn("by 20/01/2026", note)
        # 35 days at 12.15 % up to the day before the opening, then nothing
        self.assertEqual(invoice.dunning_penalty_amount, 93.21)
        self.assertEqual(invoice.dunning_indemnity_amount, 40.0)
        with freeze_time("2026-06-30"):
            invoice.invalidate_recordset()
            self.assertEqual(invoice.dunning_penalty_amount, 93.21)
        # the banner is on the customer's invoice form
        arch = self.env["account.move"].get_view(
            self.env.ref("account.view_move_form").id
        )["arch"]
        self.assertIn('name="dunning_procedure_note"', arch)
