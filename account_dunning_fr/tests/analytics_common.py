from datetime import timedelta

from odoo import Command
from odoo.tests import freeze_time, new_test_user

from .common import DunningCommon


class AnalyticsCommon(DunningCommon):
    """Crafted payment histories with real accounting: posted invoices,
    payments registered on chosen days, credit notes, dollars and a second
    company; a dunning user who works in the first company only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.usd = cls.setup_other_currency(
            "USD", rates=[("2025-01-01", 1.25), ("2025-04-01", 1.10)]
        )
        cls.company_2 = cls.setup_other_company(name="Filiale Lyon")["company"]
        cls.dunner = new_test_user(
            cls.env,
            login="controleur",
            name="Contrôleur crédit",
            lang="en_US",  # reads the source texts, like the test user
            groups="account_dunning_fr.group_dunning_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    @classmethod
    def invoice(cls, due, amount=1000.0, **values):
        """A posted customer invoice due on ``due``, issued 30 days before."""
        values.setdefault("invoice_date", due - timedelta(days=30))
        return cls._invoice(amount=amount, due=due, **values)

    @classmethod
    def pay_in_company(cls, invoice, amount, day, currency=None):
        """Register a payment of ``invoice`` on ``day``, in its company."""
        vals = {"amount": amount, "payment_date": day}
        if currency:
            vals["currency_id"] = currency.id
        return (
            cls.env["account.payment.register"]
            .with_company(invoice.company_id)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(vals)
            ._create_payments()
        )

    @classmethod
    def paid(cls, due, paid_on, amount=1000.0, **values):
        """An invoice due on ``due``, paid in full on ``paid_on``."""
        invoice = cls.invoice(due, amount, **values)
        cls.pay_in_company(invoice, invoice.amount_residual, paid_on)
        return invoice

    @classmethod
    def credit_note(cls, day, amount, partner=None, company=None):
        """A posted credit note dated ``day``, not reconciled yet."""
        return cls._invoice(
            partner=partner,
            amount=amount,
            invoice_date=day,
            due=day,
            company=company,
            move_type="out_refund",
        )

    @classmethod
    def reconcile(cls, invoice, credit_note):
        """Allocate ``credit_note`` to ``invoice``, as the invoice's
        "Add" outstanding credit button does."""
        line = credit_note.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        invoice.js_assign_outstanding_line(line.id)

    @classmethod
    def promise(cls, invoice, amount, date_promised, date):
        """A promise recorded on ``date`` (a promise is of a payment to come
        on the day it is recorded)."""
        with freeze_time(date):
            return cls.env["account.dunning.promise"].create(
                {
                    "partner_id": invoice.commercial_partner_id.id,
                    "move_ids": [Command.set(invoice.ids)],
                    "amount": amount,
                    "currency_id": invoice.currency_id.id,
                    "date": date,
                    "date_promised": date_promised,
                }
            )

    @classmethod
    def update_profiles(cls, day):
        cls.env["res.partner"]._dunning_update_payer_profiles(day)

    def figures(self, partner=None, company=None):
        """(profile, average delay, % paid late, broken promises, DSO) of a
        customer in a company, as the partner form shows them."""
        partner = (partner or self.customer).with_company(company or self.company)
        return (
            partner.payer_profile,
            partner.avg_days_late,
            partner.late_payment_ratio,
            partner.broken_promise_count,
            partner.dunning_dso,
        )
