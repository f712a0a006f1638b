from datetime import date
from unittest.mock import patch

from odoo import fields
from odoo.tests import Form, freeze_time, new_test_user, tagged

from ..models import res_partner
from .common import DunningCommon

DUNNING_USER = "account.group_account_invoice,account_dunning_fr.group_dunning_user"
DUNNING_MANAGER = (
    "account.group_account_invoice,account_dunning_fr.group_dunning_manager"
)


@tagged("post_install", "-at_install")
class TestAccessCompanies(DunningCommon):
    """Issue 10: per-company dunning decisions, private individuals, what a
    dunning user may do without other groups, and "run now" in the user's
    own companies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company(name="Filiale Lyon")["company"]
        cls.scenario_b = cls._create_scenario(cls.company_b)
        cls.company_b.dunning_scenario_id = cls.scenario_b
        cls.dunner = new_test_user(
            cls.env,
            "dunner_a",
            groups=DUNNING_USER,
            company_id=cls.company.id,
            company_ids=cls.company.ids,
        )
        cls.manager_a = new_test_user(
            cls.env,
            "dunmgr_a",
            groups=DUNNING_MANAGER,
            company_id=cls.company.id,
            company_ids=cls.company.ids,
        )
        cls.manager_b = new_test_user(
            cls.env,
            "dunmgr_b",
            groups=DUNNING_MANAGER,
            company_id=cls.company_b.id,
            company_ids=cls.company_b.ids,
        )

    def as_user(self, user, records):
        """``records`` as ``user`` working in his own companies."""
        return records.with_user(user).with_context(
            allowed_company_ids=user.company_ids.ids
        )

    def reminders_of(self, company):
        return self.env["account.dunning.reminder"].search(
            [("company_id", "=", company.id), ("partner_id", "=", self.customer.id)]
        )

    # ------------------------------------------------------------------
    # Defect 7: blocked, credit hold and litigation are per company
    # ------------------------------------------------------------------
    def test_the_person_in_charge_works_for_the_company(self):
        """The reminder goes to the invoice's salesperson only if he works
        for the invoice's company (else no one: the scenario names none)."""
        self.scenario.user_id = False
        invoice = self._invoice()
        invoice.invoice_user_id = self.manager_b
        other = self._invoice(partner=self.env["res.partner"].create({"name": "B"}))
        other.invoice_user_id = self.dunner
        reminders = self.run_dunning(date(2025, 2, 1))
        by_move = {reminder.move_ids: reminder for reminder in reminders}
        self.assertFalse(by_move[invoice].user_id)
        self.assertEqual(by_move[other].user_id, self.dunner)

    def test_litigation_in_one_company_does_not_stop_the_other(self):
        self._invoice()
        invoice_b = self._invoice(company=self.company_b)
        customer_a = self.customer.with_company(self.company)
        customer_b = self.customer.with_company(self.company_b)
        customer_a.write({"dunning_litigation": True, "dunning_blocked": True})
        self.assertTrue(customer_a.dunning_litigation)
        self.assertFalse(customer_b.dunning_litigation)
        self.assertFalse(customer_b.dunning_blocked)
        Partner = self.env["res.partner"]
        for field in ("dunning_litigation", "dunning_blocked"):
            self.assertIn(
                self.customer,
                Partner.with_company(self.company).search([(field, "=", True)]),
            )
            self.assertNotIn(
                self.customer,
                Partner.with_company(self.company_b).search([(field, "=", True)]),
            )
        self.run_dunning(date(2025, 2, 1))
        self.assertFalse(self.reminders_of(self.company))
        self.assertEqual(self.reminders_of(self.company_b).move_ids, invoice_b)

    def test_credit_hold_of_a_level_holds_the_account_in_its_company_only(self):
        self._invoice(company=self.company_b)
        # straight to the last level, the one that holds the account
        self.scenario_b.write({"auto_send": False, "progressive": False})
        reminder = self.run_dunning(date(2025, 3, 5))
        self.assertEqual(reminder.level_id, self.scenario_b.level_ids[-1])
        self.assertTrue(reminder.level_id.credit_hold)
        reminder.action_send()
        self.assertEqual(reminder.state, "sent", reminder.error_message)
        self.assertTrue(self.customer.with_company(self.company_b).dunning_credit_hold)
        self.assertFalse(self.customer.with_company(self.company).dunning_credit_hold)

    # ------------------------------------------------------------------
    # Defect 8: a private individual is a consumer by default
    # ------------------------------------------------------------------
    def test_private_individual_defaults_to_consumer(self):
        Partner = self.env["res.partner"]
        person = Partner.create({"name": "Jeanne Petit"})
        self.assertEqual(person.dunning_debtor_kind, "consumer")
        for values in (
            {"is_company": True},
            {"vat": "FR23334175221"},
            {"parent_id": self.customer.id},
        ):
            with self.subTest(**values):
                partner = Partner.create(dict(values, name="Pro"))
                self.assertEqual(partner.dunning_debtor_kind, "professional")
        # in the form, before the user chose by hand
        form = Form(Partner)
        form.name = "Luc Moreau"
        self.assertEqual(form.dunning_debtor_kind, "consumer")
        form.company_type = "company"
        self.assertEqual(form.dunning_debtor_kind, "professional")
        form.company_type = "person"
        self.assertEqual(form.dunning_debtor_kind, "consumer")
        # and it stays editable
        person.dunning_debtor_kind = "professional"
        self.assertEqual(person.dunning_debtor_kind, "professional")
        form = Form(Partner)
        form.name = "Auto-entrepreneur"
        form.dunning_debtor_kind = "professional"
        self.assertEqual(form.save().dunning_debtor_kind, "professional")

    def test_no_indemnity_for_a_private_individual(self):
        person = self.env["res.partner"].create({"name": "Jeanne Petit"})
        invoice = self._invoice(partner=person)
        details = invoice._dunning_penalty_details(date(2025, 3, 1))[invoice.id]
        self.assertFalse(details["indemnity"])

    def test_private_individuals_filter(self):
        arch = self.env["res.partner"].get_views([(False, "search")])["views"][
            "search"
        ]["arch"]
        self.assertIn('name="dunning_consumer"', arch)

    # ------------------------------------------------------------------
    # Defect 9: a dunning user needs no other group
    # ------------------------------------------------------------------
    def wizard(self, user, model, invoice, **values):
        context = invoice.action_dunning_register_promise()["context"]
        form = Form(self.as_user(user, self.env[model]).with_context(**context))
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def customer_notes(self, author):
        return self.customer.message_ids.filtered(
            lambda m: m.author_id == author.partner_id
        )

    @freeze_time("2025-03-01")  # the promise and the plan are for later dates
    def test_dunning_user_records_promise_objection_call_and_plan(self):
        invoice = self._invoice()
        self.assertFalse(self.dunner.has_group("base.group_partner_manager"))
        self.wizard(
            self.dunner,
            "account.dunning.promise.wizard",
            invoice,
            date_promised=fields.Date.to_date("2025-03-15"),
        ).action_confirm()
        self.assertEqual(invoice.dunning_promise_ids.create_uid, self.dunner)
        self.wizard(
            self.dunner,
            "account.dunning.objection.wizard",
            invoice,
            type_id=self.env.ref(
                "account_dunning_fr.objection_type_commercial_dispute"
            ),
        ).action_confirm()
        self.assertEqual(invoice.dunning_objection_ids.create_uid, self.dunner)
        for values in (
            {"outcome": "callback", "callback_date": fields.Date.to_date("2025-03-20")},
            {"outcome": "no_answer"},
        ):
            self.wizard(
                self.dunner, "account.dunning.call.wizard", invoice, **values
            ).action_confirm()
        self.wizard(
            self.dunner,
            "account.dunning.plan.wizard",
            invoice,
            installment_count=2,
            first_date=fields.Date.to_date("2025-03-31"),
        ).action_confirm()
        self.assertEqual(len(invoice.dunning_promise_ids.filtered("plan_ref")), 2)
        self.wizard(
            self.dunner,
            "account.dunning.objection.wizard",
            invoice,
            type_id=self.env.ref(
                "account_dunning_fr.objection_type_collective_procedure"
            ),
            procedure_type="sauvegarde",
        ).action_confirm()
        self.assertEqual(self.customer.collective_procedure, "sauvegarde")
        notes = self.customer_notes(self.dunner)
        self.assertGreaterEqual(len(notes), 5, notes.mapped("body"))

    def test_dunning_user_sends_and_prepares_the_court_file(self):
        self._invoice()
        self.scenario.auto_send = False
        reminder = self.run_dunning(date(2025, 2, 1))
        self.send(self.as_user(self.dunner, reminder))
        self.assertEqual(reminder.state, "sent", reminder.error_message)
        # logged on the customer when the email left, by Odoo's mail queue
        self.assertTrue(
            self.customer.message_ids.filtered(lambda m: reminder.name in m.body)
        )
        self.customer.with_company(self.company).dunning_litigation = True
        # tests render reports as HTML, which merge_pdf cannot read
        with (
            freeze_time("2025-03-01"),  # penalties at the rates of 2025
            patch(f"{res_partner.__name__}.merge_pdf", return_value=b"%PDF-1.4"),
        ):
            action = self.as_user(
                self.dunner, self.customer
            ).action_dunning_court_file()
        self.assertIn("/web/content/", action["url"])
        self.assertTrue(
            self.customer_notes(self.dunner).filtered(
                lambda m: "Order for payment file" in m.body
            )
        )

    # ------------------------------------------------------------------
    # Defect 10: "run now" in the user's companies only, as that user
    # ------------------------------------------------------------------
    def test_run_now_stays_in_the_users_companies(self):
        self._invoice()
        self._invoice(company=self.company_b)
        action = self.env.ref("account_dunning_fr.action_run_dunning_now")
        with freeze_time("2025-02-01"):
            self.as_user(self.manager_a, action).run()
        self.assertFalse(self.reminders_of(self.company_b))
        reminders_a = self.reminders_of(self.company)
        self.assertTrue(reminders_a)
        self.assertEqual(reminders_a.create_uid, self.manager_a)
        with freeze_time("2025-02-01"):
            self.as_user(self.manager_b, action).run()
        reminders_b = self.reminders_of(self.company_b)
        self.assertTrue(reminders_b)
        self.assertEqual(reminders_b.create_uid, self.manager_b)
        self.assertEqual(self.reminders_of(self.company), reminders_a)
