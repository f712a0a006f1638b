from contextlib import contextmanager
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from .common import DunningCommon

DUNNING_USER = "account.group_account_invoice,account_dunning_fr.group_dunning_user"


@tagged("post_install", "-at_install")
class TestBadInput(DunningCommon):
    """Issue 13: what is wrong is refused with what to fix, and each field is
    shown only to whom it belongs. One test per numbered case of the issue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._invoice(amount=2000.0, due=date(2025, 1, 31))
        cls.dunner = new_test_user(
            cls.env,
            "dunner_13",
            groups=DUNNING_USER,
            company_id=cls.company.id,
            company_ids=cls.company.ids,
        )

    @contextmanager
    def assertRefused(self, exception, regex):
        """``assertRaisesRegex`` that also rolls back what was refused (Odoo
        overrides only ``assertRaises`` with a savepoint)."""
        with self.assertRaises(exception) as catcher:
            yield
        self.assertRegex(str(catcher.exception), regex)

    def promise_vals(self, moves, amount, date_promised, **values):
        return {
            "partner_id": self.customer.id,
            "move_ids": [Command.set(moves.ids)],
            "amount": amount,
            "date_promised": date_promised,
            **values,
        }

    def wizard(self, model, moves):
        context = moves.action_dunning_register_promise()["context"]
        return self.env[model].with_context(**context)

    def plan(self, moves, **values):
        form = Form(self.wizard("account.dunning.plan.wizard", moves))
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    # ------------------------------------------------------------------
    # 1. Promises and plan instalments are for today or later
    # ------------------------------------------------------------------
    @freeze_time("2025-03-10")
    def test_01_promise_or_plan_in_the_past_is_refused(self):
        Promise = self.env["account.dunning.promise"]
        with self.assertRefused(ValidationError, "already past"):
            Promise.create(self.promise_vals(self.invoice, 500.0, date(2025, 3, 9)))
        plan = self.plan(self.invoice, installment_count=2, first_date=date(2025, 3, 1))
        with self.assertRefused(UserError, "before today"):
            plan.action_confirm()
        self.assertFalse(self.invoice.dunning_promise_ids)
        # today is a date a customer can promise
        promise = Promise.create(
            self.promise_vals(self.invoice, 500.0, date(2025, 3, 10))
        )
        with self.assertRefused(ValidationError, "already past"):
            promise.date_promised = date(2025, 3, 1)
        Promise._check_promises(date(2025, 3, 10))
        self.assertEqual(promise.state, "open")
        self.assertEqual(self.customer.broken_promise_count, 0)
        self.assertFalse(self.invoice.dunning_escalate)

    # ------------------------------------------------------------------
    # 2. A promise is about invoices of the customer the user can read
    # ------------------------------------------------------------------
    @freeze_time("2025-03-10")
    def test_02_promise_needs_readable_invoices_of_the_customer(self):
        Promise = self.env["account.dunning.promise"]
        with self.assertRefused(ValidationError, "at least one invoice"):
            Promise.create(
                self.promise_vals(self.invoice.browse(), 500.0, date(2025, 3, 20))
            )
        other_company = self.setup_other_company(name="Filiale Lyon")["company"]
        elsewhere = self._invoice(company=other_company, due=date(2025, 1, 31))
        context = elsewhere.action_dunning_register_promise()["context"]
        Wizard = (
            self.env["account.dunning.promise.wizard"]
            .with_user(self.dunner)
            .with_context(**context, allowed_company_ids=self.company.ids)
        )
        with self.assertRefused(ValidationError, "cannot read"):
            Wizard.create(
                {"date_promised": date(2025, 3, 20), "amount": 100.0}
            ).action_confirm()
        self.assertFalse(Promise.search([("partner_id", "=", self.customer.id)]))

    # ------------------------------------------------------------------
    # 3. No promise or plan above what is due
    # ------------------------------------------------------------------
    @freeze_time("2025-03-10")
    def test_03_promise_or_plan_above_the_amount_due_is_refused(self):
        with self.assertRefused(ValidationError, "more than what is still due"):
            self.env["account.dunning.promise"].create(
                self.promise_vals(self.invoice, 2500.0, date(2025, 3, 20))
            )
        plan = self.plan(self.invoice, installment_count=4)
        plan.amount_total = 20000.0
        with self.assertRefused(UserError, r"20[\s,.]?000[.,]00"):
            plan.action_confirm()
        plan.amount_total = 1500.0
        with self.assertRefused(UserError, "whole amount due"):
            plan.action_confirm()
        self.assertFalse(self.invoice.dunning_promise_ids)
        plan.amount_total = 2000.0
        plan.action_confirm()
        self.assertEqual(sum(self.invoice.dunning_promise_ids.mapped("amount")), 2000)

    # ------------------------------------------------------------------
    # 4. A scenario in use keeps at least one level
    # ------------------------------------------------------------------
    def test_04_scenario_in_use_keeps_a_level(self):
        Scenario = self.env["account.dunning.scenario"]
        empty = Scenario.create({"name": "Vide", "company_id": self.company.id})
        with self.assertRefused(ValidationError, "has no level"):
            self.company.dunning_scenario_id = empty
        # the company's default
        with self.assertRefused(UserError, "at least one level"):
            self.scenario.level_ids.unlink()
        with self.assertRefused(UserError, "at least one level"):
            self.scenario.level_ids.action_archive()
        with self.assertRefused(UserError, "default scenario"):
            self.scenario.unlink()
        # a customer's own scenario
        large = self._create_scenario(self.company, name="Grands comptes")
        self.customer.dunning_scenario_id = large
        with self.assertRefused(UserError, "at least one level"):
            large.level_ids.unlink()
        # some levels may go, and a scenario nobody uses may be emptied
        self.scenario.level_ids[1:].unlink()
        spare = self._create_scenario(self.company, name="Inutilisé")
        spare.level_ids.unlink()
        self.assertFalse(spare.level_ids)
        reminder = self.run_dunning(date(2025, 2, 1))
        self.assertEqual(reminder.move_ids, self.invoice)

    # ------------------------------------------------------------------
    # 5. Another currency: Odoo's rate of the date, or an error naming it
    # ------------------------------------------------------------------
    def test_05_no_exchange_rate_no_reminder(self):
        chf = self.env.ref("base.CHF")
        chf.active = True
        chf.rate_ids.unlink()
        self.level_email.apply_indemnity = True
        invoice = self._invoice(
            partner=self.other_customer, amount=1000.0, currency=chf
        )
        reminder = self.run_dunning(date(2025, 2, 1)).filtered(
            lambda r: r.move_ids == invoice
        )
        self.assertEqual(reminder.state, "error")
        self.assertIn("CHF", reminder.error_message)
        self.assertIn("01/02/2025", reminder.error_message)
        self.assertFalse(reminder.indemnity_amount)
        with self.assertRefused(UserError, "exchange rate"):
            reminder.action_send()
        self.env["res.currency.rate"].create(
            {
                "name": "2025-02-01",
                "currency_id": chf.id,
                "rate": 0.95,
                "company_id": self.company.id,
            }
        )
        self.send(reminder)
        self.assertEqual(reminder.state, "sent", reminder.error_message)
        # the 40 EUR at the rate of the reminder's date
        self.assertAlmostEqual(reminder.indemnity_amount, 38.0, places=2)
        self.assertEqual(reminder._amount_words(51), "cinquante et un francs suisses")

    # ------------------------------------------------------------------
    # 6. The payment contact is a contact of the customer
    # ------------------------------------------------------------------
    def test_06_payment_contact_belongs_to_the_customer(self):
        with self.assertRefused(ValidationError, "not a contact of"):
            self.customer.dunning_contact_id = self.other_customer
        context = self.customer.action_dunning_log_call()["context"]
        with self.assertRefused(ValidationError, "not a contact of"):
            self.env["account.dunning.call.wizard"].with_context(**context).create(
                {"outcome": "wrong_contact", "new_contact_id": self.other_customer.id}
            ).action_confirm()
        self.assertFalse(self.customer.dunning_contact_id)
        accounting = self.env["res.partner"].create(
            {"name": "Comptabilité fournisseurs", "parent_id": self.customer.id}
        )
        self.customer.dunning_contact_id = accounting
        self.assertEqual(self.customer._dunning_recipient(), accounting)

    # ------------------------------------------------------------------
    # 7. Portal customers never read the internal dunning fields
    # ------------------------------------------------------------------
    def test_07_portal_customer_does_not_read_internal_fields(self):
        contact = self.env["res.partner"].create(
            {"name": "Paul Martin", "parent_id": self.customer.id}
        )
        portal = new_test_user(
            self.env, "portal_13", groups="base.group_portal", partner_id=contact.id
        )
        self.invoice.message_subscribe(partner_ids=self.customer.ids)
        self.run_dunning(date(2025, 2, 1))
        self.customer.write(
            {
                "payer_profile": "chronic",
                "avg_days_late": 45,
                "dunning_litigation": True,
            }
        )
        for record in (self.customer, self.invoice):
            internal = [
                name
                for name, field in record._fields.items()
                if field._module == "account_dunning_fr"
            ]
            self.assertTrue(internal)
            as_portal = record.with_user(portal)
            self.assertEqual(as_portal.read(["name"])[0]["name"], record.name)
            self.assertFalse(set(internal) & set(as_portal.fields_get()), record)
            for name in internal:
                with self.assertRaises(AccessError, msg=name):
                    as_portal.read([name])
            # the dunning team still reads them
            self.assertTrue(record.with_user(self.dunner).read(internal))
        self.assertEqual(self.customer.with_user(self.dunner).payer_profile, "chronic")

    # ------------------------------------------------------------------
    # 8. A report's error is the UserError, never a QWebException
    # ------------------------------------------------------------------
    def test_08_missing_rate_in_a_report_is_a_user_error(self):
        """The customer's only invoice falls due in a half-year without rates:
        the court file and the formal notice say which rate to add."""
        self.level_notice.apply_penalties = True
        customer = self.other_customer
        late = self._invoice(
            partner=customer,
            amount=500.0,
            invoice_date=date(2031, 7, 1),
            due=date(2031, 7, 31),
        )
        customer.dunning_litigation = True
        with freeze_time("2031-09-05"):
            # the half-year's start, in the user's language or the customer's
            with self.assertRefused(UserError, "01/07/2031"):
                customer.action_dunning_court_file()
            notice = self.dunning_reminder(late, self.level_notice, date(2031, 9, 5))
            self.assertEqual(notice.state, "error")
            with self.assertRefused(UserError, "01/07/2031"):
                self.env["ir.actions.report"]._render_qweb_html(
                    "account_dunning_fr.action_report_formal_notice", notice.ids
                )

    # ------------------------------------------------------------------
    # 9. Reference data shared by all companies
    # ------------------------------------------------------------------
    def test_09_shared_reference_data_is_edited_by_administrators(self):
        company_b = self.setup_other_company(name="Filiale Bordeaux")["company"]
        manager_b = new_test_user(
            self.env,
            "dunmgr_b13",
            groups="account_dunning_fr.group_dunning_manager",
            company_id=company_b.id,
            company_ids=company_b.ids,
        )
        rate = self.env["account.dunning.rate"].search([], limit=1)
        kind = self.env.ref("account_dunning_fr.objection_type_commercial_dispute")
        self.assertGreaterEqual(rate.with_user(manager_b).ecb_rate, 0)
        self.assertTrue(kind.with_user(manager_b).name)
        with self.assertRaises(AccessError):
            rate.with_user(manager_b).ecb_rate = 9.0
        with self.assertRaises(AccessError):
            self.env["account.dunning.rate"].with_user(manager_b).create(
                {
                    "date_start": date(2031, 1, 1),
                    "ecb_rate": 1.0,
                    "legal_rate_private": 1.0,
                    "legal_rate_other": 1.0,
                }
            )
        with self.assertRaises(AccessError):
            kind.with_user(manager_b).suspend_days = 0
        admin = new_test_user(
            self.env,
            "admin_13",
            groups="base.group_system,account_dunning_fr.group_dunning_manager",
            company_id=self.company.id,
            company_ids=(self.company | company_b).ids,
        )
        rate.with_user(admin).ecb_rate = 2.2
        self.assertEqual(rate.ecb_rate, 2.2)

    # ------------------------------------------------------------------
    # Deliver 2: the domains of the views, checked on the server
    # ------------------------------------------------------------------
    def test_relational_domains_are_checked_on_the_server(self):
        stranger = self._invoice(partner=self.other_customer, due=date(2025, 1, 31))
        reminder = self.run_dunning(date(2025, 2, 1)).filtered(
            lambda r: r.partner_id == self.customer
        )
        self.assertEqual(reminder.move_ids, self.invoice)
        with self.assertRefused(ValidationError, "addressed to Garage Dupont"):
            reminder.move_ids = [Command.link(stranger.id)]
        with self.assertRefused(ValidationError, "not a contact of"):
            reminder.contact_id = self.other_customer
        with self.assertRefused(ValidationError, "not a contact of"):
            self.wizard("account.dunning.objection.wizard", self.invoice).create(
                {
                    "partner_id": self.customer.id,
                    "contact_id": self.other_customer.id,
                    "type_id": self.env.ref(
                        "account_dunning_fr.objection_type_commercial_dispute"
                    ).id,
                }
            )
        invoice_template = self.env.ref("account.email_template_edi_invoice")
        with self.assertRefused(ValidationError, "template for reminders"):
            self.level_email.mail_template_id = invoice_template
