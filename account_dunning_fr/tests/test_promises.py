from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from .promise_common import DunningExchangeCase


@tagged("post_install", "-at_install")
class TestPromises(DunningExchangeCase):
    def promise(self, invoice, amount, date_promised, date="2025-04-01"):
        """A promise made on ``date``, that day."""
        with freeze_time(date):
            return self.env["account.dunning.promise"].create(
                {
                    "partner_id": self.customer.id,
                    "move_ids": [fields.Command.set(invoice.ids)],
                    "amount": amount,
                    "currency_id": invoice.currency_id.id,
                    "date": date,
                    "date_promised": date_promised,
                }
            )

    def check(self, date):
        return self.env["account.dunning.promise"]._check_promises(date)

    def test_open_promise_holds_escalation_until_its_date(self):
        invoice = self.make_invoice()
        self.promise(invoice, 1200, "2025-04-15")
        run = self.env["account.dunning.scenario"]._run_dunning
        self.assertFalse(run("2025-04-10").filtered(lambda r: invoice in r.move_ids))
        self.assertFalse(invoice.dunning_level_id)
        self.assertTrue(run("2025-04-16").filtered(lambda r: invoice in r.move_ids))
        self.assertEqual(
            invoice.dunning_level_id, self.level_1, "the first level first"
        )

    def test_kept_promise(self):
        invoice = self.make_invoice()
        promise = self.promise(invoice, 1200, "2025-04-15")
        self.pay(invoice, 1200, "2025-04-14")
        self.assertEqual(self.check("2025-04-14"), promise)
        self.assertEqual(promise.state, "kept")
        self.assertEqual(promise.amount_received, 1200)
        self.assertEqual(self.customer.broken_promise_count, 0)
        self.assertIn("Promise kept", self.messages(invoice))

    def test_payment_within_grace_keeps_the_promise(self):
        self.company.dunning_promise_grace_days = 3
        invoice = self.make_invoice()
        promise = self.promise(invoice, 1200, "2025-04-15")
        self.check("2025-04-17")
        self.assertEqual(promise.state, "open")
        self.pay(invoice, 1200, "2025-04-18")
        self.check("2025-04-18")
        self.assertEqual(promise.state, "kept")

    def test_partial_promise_resumes_dunning(self):
        invoice = self.make_invoice()
        promise = self.promise(invoice, 1000, "2025-04-15")
        self.pay(invoice, 400, "2025-04-10")
        self.check("2025-04-30")
        self.assertEqual(promise.state, "partial")
        self.assertEqual(promise.amount_received, 400)
        self.assertFalse(invoice.dunning_escalate)
        self.assertIn("Promise partially kept", self.messages(invoice))

    def test_broken_promise_escalates_at_once_and_counts(self):
        invoice = self.make_invoice()
        run = self.env["account.dunning.scenario"]._run_dunning
        run("2025-03-05")
        self.assertEqual(invoice.dunning_level_id, self.level_1)
        promise = self.promise(invoice, 1200, "2025-03-10", date="2025-03-06")
        # A payment made before the promise does not count for it.
        with freeze_time("2025-03-20"):
            self.env.ref(
                "account_dunning_fr.ir_cron_dunning_promise_check"
            ).method_direct_trigger()
        self.assertEqual(promise.state, "broken")
        self.assertTrue(invoice.dunning_escalate)
        self.assertEqual(self.customer.broken_promise_count, 1)
        self.assertIn("Promise broken", self.messages(self.customer))
        # Level 2 is due only 30 days after the due date: the broken promise
        # jumps to it.
        reminders = run("2025-03-20")
        self.assertEqual(reminders.level_id, self.level_2)
        self.assertEqual(invoice.dunning_level_id, self.level_2)
        self.assertFalse(invoice.dunning_escalate)

    def test_check_promises_is_idempotent_and_batched(self):
        invoices = [self.make_invoice(100 * (i + 1)) for i in range(4)]
        promises = self.env["account.dunning.promise"]
        for invoice in invoices:
            promises |= self.promise(invoice, invoice.amount_total, "2025-04-15")
        self.pay(invoices[0], invoices[0].amount_total, "2025-04-12")
        with self.assertQueryCount(120):
            changed = self.check("2025-04-20")
        self.assertEqual(len(changed), 4)
        self.assertEqual(
            sorted(promises.mapped("state")), ["broken", "broken", "broken", "kept"]
        )
        self.assertFalse(self.check("2025-04-20"))
        self.assertEqual(self.customer.broken_promise_count, 3)

    def test_bad_promises_are_refused(self):
        invoice = self.make_invoice()
        with self.assertRaisesRegex(ValidationError, "strictly positive"):
            self.promise(invoice, 0, "2025-04-15")
        with self.assertRaisesRegex(ValidationError, "strictly positive"):
            self.promise(invoice, -5, "2025-04-15")
        draft = self.make_invoice(post=False)
        with self.assertRaisesRegex(ValidationError, "not a posted customer invoice"):
            self.promise(draft, 100, "2025-04-15")
        paid = self.make_invoice(300)
        self.pay(paid, 300, "2025-03-02")
        with self.assertRaisesRegex(ValidationError, "already paid"):
            self.promise(paid, 100, "2025-04-15")
        other = self.init_invoice(
            "out_invoice",
            partner=self.customer,
            invoice_date=fields.Date.to_date("2025-03-01"),
            amounts=[500],
            taxes=[],
            post=True,
            company=self.company_data_2["company"],
        )
        with self.assertRaisesRegex(ValidationError, "belongs to company"):
            self.promise(other, 100, "2025-04-15")

    @freeze_time("2025-04-01")
    def test_promise_above_residual_warns_then_is_refused(self):
        invoice = self.make_invoice(1000)
        wizard = Form(
            self.env["account.dunning.promise.wizard"].with_context(
                **invoice.action_dunning_register_promise()["context"]
            )
        )
        self.assertEqual(wizard.amount, 1000)
        wizard.amount = 1500
        wizard.date_promised = fields.Date.to_date("2025-04-15")
        self.assertIn("exceeds the amount still due", wizard.amount_warning)
        record = wizard.save()
        with self.assertRaises(ValidationError):
            record.action_confirm()
        self.assertFalse(invoice.dunning_promise_ids)
        wizard.amount = 1000
        wizard.save().action_confirm()
        promise = invoice.dunning_promise_ids
        self.assertEqual(promise.amount, 1000)
        self.assertFalse(promise.amount_warning)
        self.assertEqual(promise.contact_id, self.accountant)

    def plan_wizard(self, invoice, **values):
        wizard = Form(
            self.env["account.dunning.plan.wizard"].with_context(
                **invoice.action_dunning_payment_plan()["context"]
            )
        )
        for name, value in values.items():
            setattr(wizard, name, value)
        return wizard

    @freeze_time("2025-01-15")
    def test_plan_split_is_exact_to_the_cent(self):
        invoice = self.make_invoice(1000)
        wizard = self.plan_wizard(
            invoice,
            installment_count=3,
            first_date=fields.Date.to_date("2025-01-31"),
        ).save()
        self.assertEqual(wizard.line_ids.mapped("amount"), [333.33, 333.33, 333.34])
        self.assertEqual(
            [str(d) for d in wizard.line_ids.mapped("date")],
            ["2025-01-31", "2025-02-28", "2025-03-31"],
        )
        action = wizard.action_confirm()
        self.assertEqual(
            action["report_name"], "account_dunning_fr.report_payment_plan"
        )
        promises = invoice.dunning_promise_ids.sorted("date_promised")
        self.assertEqual(promises.mapped("amount"), [333.33, 333.33, 333.34])
        self.assertEqual(len(set(promises.mapped("plan_ref"))), 1)
        self.assertTrue(promises[0].plan_ref.startswith("ECH/"))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "account_dunning_fr.action_report_payment_plan", promises.ids
            )[0]
            .decode()
        )
        self.assertIn(promises[0].plan_ref, html)
        self.assertIn("Bon pour accord", html)

    @freeze_time("2025-04-01")
    def test_plan_bad_input(self):
        invoice = self.make_invoice(1000)
        wizard = self.plan_wizard(
            invoice, installment_count=2, first_date=fields.Date.to_date("2025-05-01")
        )
        with wizard.line_ids.edit(1) as line:
            line.date = fields.Date.to_date("2025-04-01")
        with self.assertRaisesRegex(UserError, "dates must increase"):
            wizard.save().action_confirm()
        wizard = self.plan_wizard(
            invoice, installment_count=2, first_date=fields.Date.to_date("2025-05-01")
        )
        with wizard.line_ids.edit(0) as line:
            line.amount = 0
        with self.assertRaisesRegex(UserError, "strictly positive"):
            wizard.save().action_confirm()
        self.assertFalse(invoice.dunning_promise_ids)

    def test_missed_installment_breaks_the_plan(self):
        invoice = self.make_invoice(900)
        with freeze_time("2025-04-01"):
            self.plan_wizard(
                invoice,
                installment_count=3,
                first_date=fields.Date.to_date("2025-04-10"),
            ).save().action_confirm()
        first, second, third = invoice.dunning_promise_ids.sorted("date_promised")
        self.pay(invoice, 300, "2025-04-09")
        self.check("2025-04-09")
        self.assertEqual(first.state, "kept")
        self.assertEqual((second | third).mapped("state"), ["open", "open"])
        self.check("2025-05-20")
        self.assertEqual(second.state, "broken")
        self.assertEqual(third.state, "cancel")
        self.assertTrue(invoice.dunning_escalate)
        self.assertEqual(self.customer.broken_promise_count, 1)
        self.assertIn("Payment plan ECH/", self.messages(invoice))
        self.assertIn("broken", self.messages(invoice))
