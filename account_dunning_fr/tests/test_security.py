from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestSecurity(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._invoice(due=date(2025, 1, 31))
        cls.scenario.auto_send = False
        cls.reminder = cls.env["account.dunning.scenario"]._run_dunning(
            date(2025, 2, 1)
        )
        common = {"company_id": cls.company.id, "company_ids": cls.company.ids}
        cls.billing = new_test_user(
            cls.env, "billing_fr", groups="account.group_account_invoice", **common
        )
        cls.dunner = new_test_user(
            cls.env,
            "dunner_fr",
            groups="account_dunning_fr.group_dunning_user",
            **common,
        )
        cls.manager = new_test_user(
            cls.env,
            "dunmgr_fr",
            groups="account_dunning_fr.group_dunning_manager",
            **common,
        )

    def test_billing_user_reads_but_does_not_send(self):
        reminder = self.reminder.with_user(self.billing)
        self.assertEqual(reminder.partner_id, self.customer)
        with self.assertRaises(AccessError):
            reminder.action_send()

    def test_dunning_user_sends_but_does_not_configure(self):
        self.send(self.reminder.with_user(self.dunner))
        self.assertEqual(self.reminder.state, "sent", self.reminder.error_message)
        with self.assertRaises(AccessError):
            self.scenario.with_user(self.dunner).min_amount = 0.0
        with self.assertRaises(AccessError):
            self.level_email.with_user(self.dunner).delay_days = 3

    def test_manager_configures_scenarios(self):
        self.scenario.with_user(self.manager).min_amount = 25.0
        self.assertEqual(self.scenario.min_amount, 25.0)

    def test_other_company_sees_nothing(self):
        other_company = self.setup_other_company(name="Filiale Bordeaux")["company"]
        outsider = new_test_user(
            self.env,
            "outsider_fr",
            groups="account_dunning_fr.group_dunning_manager",
            company_id=other_company.id,
            company_ids=other_company.ids,
        )
        Reminder = self.env["account.dunning.reminder"].with_user(outsider)
        self.assertFalse(Reminder.search([("id", "=", self.reminder.id)]))
        self.assertFalse(
            self.env["account.dunning.scenario"]
            .with_user(outsider)
            .search([("id", "=", self.scenario.id)])
        )
        with self.assertRaises(AccessError):
            self.reminder.with_user(outsider).read(["name"])
