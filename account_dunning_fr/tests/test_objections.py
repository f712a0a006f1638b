import base64

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, freeze_time, tagged

from .promise_common import DunningExchangeCase


@tagged("post_install", "-at_install")
class TestObjections(DunningExchangeCase):
    def register(self, invoice, code, **values):
        wizard = Form(
            self.env["account.dunning.objection.wizard"].with_context(
                **invoice.action_dunning_register_objection()["context"]
            )
        )
        wizard.type_id = self.env.ref(f"account_dunning_fr.objection_type_{code}")
        for name, value in values.items():
            setattr(wizard, name, value)
        action = wizard.save().action_confirm()
        return invoice.dunning_objection_ids[:1], action

    def emails_to(self, record, partner):
        return record.message_ids.filtered(lambda m: partner in m.partner_ids)

    def test_catalogue_ships_seeds_000_and_002(self):
        types = self.env["account.dunning.objection.type"].search([])
        self.assertGreaterEqual(len(types), 16)
        self.assertEqual(
            set(types.mapped("category")),
            {
                "benign",
                "dispute",
                "financial",
                "administrative",
                "insolvency",
                "bad_faith",
            },
        )
        for code in (
            "not_received",
            "cash_flow",
            "commercial_dispute",
            "cheque_sent",
            "collective_procedure",
            "delivery_slip",
            "payment_run",
            "due_date_dispute",
        ):
            kind = self.env.ref(f"account_dunning_fr.objection_type_{code}")
            self.assertTrue(kind.answer)

    def test_not_received_resends_a_duplicate_reviewed_in_the_composer(self):
        invoice = self.make_invoice()
        objection, action = self.register(invoice, "not_received")
        self.assertFalse(
            self.emails_to(objection, self.accountant), "nothing sent before review"
        )
        self.assertEqual(action["res_model"], "mail.compose.message")
        composer = Form(
            self.env["mail.compose.message"].with_context(**action["context"])
        )
        self.assertIn("DUPLICATA", composer.subject)
        self.assertEqual(composer.partner_ids[:], self.accountant)
        composer.save().action_send_mail()
        mail = self.emails_to(objection, self.accountant)
        self.assertEqual(len(mail), 1)
        self.assertIn("DUPLICATA", mail.subject)
        self.assertTrue(mail.attachment_ids[0].name.startswith("DUPLICATA"))
        self.assertIn("Invoice not received", self.messages(invoice))
        self.assertIn("DUPLICATA", self.messages(self.customer))

    def test_delivery_slip_sends_the_proof_attached_to_the_invoice(self):
        invoice = self.make_invoice()
        slip = self.env["ir.attachment"].create(
            {
                "name": "BL-0042.pdf",
                "raw": b"%PDF-1.4 slip",
                "res_model": "account.move",
                "res_id": invoice.id,
            }
        )
        objection, _action = self.register(invoice, "delivery_slip")
        mail = self.emails_to(objection, self.accountant)
        self.assertEqual(mail.attachment_ids.mapped("name"), ["BL-0042.pdf"])
        self.assertEqual(base64.b64decode(mail.attachment_ids.datas), slip.raw)

    def test_delivery_slip_without_proof_asks_the_accountant(self):
        invoice = self.make_invoice()
        objection, _action = self.register(invoice, "delivery_slip")
        self.assertFalse(self.emails_to(objection, self.accountant))
        self.assertIn("delivery slip", objection.activity_ids.summary)

    def test_dispute_suspends_dunning_until_resolved(self):
        invoice = self.make_invoice()
        objection, _action = self.register(invoice, "commercial_dispute")
        self.assertTrue(objection.holds_dunning)
        run = self.env["account.dunning.scenario"]._run_dunning
        self.assertFalse(run("2025-04-10"))
        self.assertFalse(invoice.dunning_level_id)
        objection.action_resolve()
        self.assertEqual(objection.state, "resolved")
        self.assertIn("dunning of the invoices resumes", self.messages(invoice))
        self.assertTrue(run("2025-04-11"))
        # progressive ladder: the first level first, however late it is
        self.assertEqual(invoice.dunning_level_id, self.level_1)

    def test_timed_suspension_ends_by_itself(self):
        invoice = self.make_invoice()
        objection = self.env["account.dunning.objection"].create(
            {
                "partner_id": self.customer.id,
                "move_ids": [fields.Command.set(invoice.ids)],
                "type_id": self.env.ref(
                    "account_dunning_fr.objection_type_management_approval"
                ).id,
                "date": "2025-04-01",
            }
        )
        self.assertEqual(str(objection.suspended_until), "2025-04-08")
        run = self.env["account.dunning.scenario"]._run_dunning
        self.assertFalse(run("2025-04-08"))
        self.assertTrue(run("2025-04-09"))

    def test_cash_flow_proposes_a_payment_plan(self):
        invoice = self.make_invoice(600)
        objection, action = self.register(invoice, "cash_flow")
        self.assertEqual(action["res_model"], "account.dunning.plan.wizard")
        self.assertEqual(action["context"]["default_objection_id"], objection.id)
        self.assertIn("payment plan", objection.activity_ids.summary)
        wizard = Form(
            self.env["account.dunning.plan.wizard"].with_context(**action["context"])
        )
        wizard.installment_count = 2
        wizard.save().action_confirm()
        self.assertEqual(invoice.dunning_promise_ids.mapped("amount"), [300, 300])
        self.assertIn("Payment plan", self.messages(objection))

    def test_cheque_sent_asks_for_a_bank_transfer(self):
        invoice = self.make_invoice()
        objection, _action = self.register(invoice, "cheque_sent")
        mail = self.emails_to(objection, self.accountant)
        self.assertIn("virement", mail.subject)
        self.assertIn("virement bancaire", mail.body)

    def test_collective_procedure_stops_dunning_and_opens_the_claim_file(self):
        invoice = self.make_invoice()
        mandataire = self.env["res.partner"].create({"name": "Me Mandataire"})
        objection, _action = self.register(
            invoice,
            "collective_procedure",
            procedure_type="redressement",
            procedure_date=fields.Date.to_date("2025-03-10"),
            procedure_bodacc_date=fields.Date.to_date("2025-03-20"),
            procedure_mandataire_id=mandataire,
        )
        self.assertEqual(self.customer.collective_procedure, "redressement")
        self.assertEqual(self.customer.collective_procedure_mandataire_id, mandataire)
        self.assertEqual(
            str(self.customer.collective_procedure_claim_deadline), "2025-05-20"
        )
        activity = self.customer.activity_ids.filtered(
            lambda a: "proof of claim" in a.summary
        )
        self.assertEqual(str(activity.date_deadline), "2025-05-20")
        self.assertFalse(
            self.env["account.dunning.scenario"]._run_dunning("2025-04-10")
        )
        self.assertIn("Collective insolvency proceedings", self.messages(invoice))

    def test_objection_on_bad_invoices_is_refused(self):
        kind = self.env.ref("account_dunning_fr.objection_type_commercial_dispute")
        paid = self.make_invoice(300)
        self.pay(paid, 300, "2025-03-02")
        draft = self.make_invoice(post=False)
        for invoice, message in (
            (paid, "already paid"),
            (draft, "not a posted customer invoice"),
        ):
            with self.assertRaisesRegex(ValidationError, message):
                self.env["account.dunning.objection"].create(
                    {
                        "partner_id": self.customer.id,
                        "type_id": kind.id,
                        "move_ids": [fields.Command.set(invoice.ids)],
                    }
                )

    @freeze_time("2025-04-01")  # the promise is for a later date
    def test_log_a_call_chains_into_the_promise(self):
        invoice = self.make_invoice(800)
        wizard = Form(
            self.env["account.dunning.call.wizard"].with_context(
                **invoice.action_dunning_log_call()["context"]
            )
        )
        self.assertEqual(wizard.contact_id, self.accountant)
        self.assertIn("Answers to objections", wizard.call_file)
        wizard.outcome = "promise"
        wizard.note = "Paiement promis pour le 15"
        action = wizard.save().action_confirm()
        call = self.env["account.dunning.call"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(action["res_model"], "account.dunning.promise.wizard")
        promise_form = Form(
            self.env["account.dunning.promise.wizard"].with_context(**action["context"])
        )
        promise_form.date_promised = fields.Date.to_date("2025-04-15")
        promise_form.save().action_confirm()
        self.assertEqual(call.promise_ids.amount, 800)
        self.assertIn("Dunning call", self.messages(invoice))

    def test_log_a_call_callback_and_wrong_contact(self):
        invoice = self.make_invoice()
        boss = self.env["res.partner"].create(
            {"name": "M. Directeur", "parent_id": self.customer.id}
        )
        wizard = Form(
            self.env["account.dunning.call.wizard"].with_context(
                **self.customer.action_dunning_log_call()["context"]
            )
        )
        self.assertEqual(wizard.move_ids[:], invoice)
        wizard.outcome = "wrong_contact"
        wizard.new_contact_id = boss
        wizard.save().action_confirm()
        self.assertEqual(self.customer.dunning_contact_id, boss)
        wizard = Form(
            self.env["account.dunning.call.wizard"].with_context(
                **invoice.action_dunning_log_call()["context"]
            )
        )
        wizard.outcome = "callback"
        wizard.callback_date = fields.Date.to_date("2025-04-22")
        wizard.save().action_confirm()
        self.assertIn(
            fields.Date.to_date("2025-04-22"),
            self.customer.activity_ids.mapped("date_deadline"),
        )

    def test_a_call_not_answered_from_the_phone_reminder_schedules_the_next(self):
        invoice = self.make_invoice()
        reminder = self.env["account.dunning.reminder"].create(
            {
                "partner_id": self.customer.id,
                "contact_id": self.accountant.id,
                "channel": "phone",
                "currency_id": invoice.currency_id.id,
                "move_ids": [fields.Command.set(invoice.ids)],
            }
        )
        reminder.activity_schedule("mail.mail_activity_data_call", user_id=self.env.uid)
        wizard = Form(
            self.env["account.dunning.call.wizard"].with_context(
                **reminder.action_dunning_log_call()["context"]
            )
        )
        wizard.outcome = "no_answer"
        wizard.save().action_confirm()
        self.assertEqual(
            reminder.activity_ids.date_deadline,
            fields.Date.add(fields.Date.today(), days=1),
            "not reached: a new call the next day",
        )
        self.assertEqual(reminder.state, "to_call")
        self.assertEqual(
            self.env["account.dunning.call"]
            .search([("partner_id", "=", self.customer.id)])
            .outcome,
            "no_answer",
        )
