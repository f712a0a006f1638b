from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestConfiguration(DunningCommon):
    def test_negative_delay_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.level_email.delay_days = -3

    def test_two_levels_with_the_same_delay_are_refused(self):
        with self.assertRaisesRegex(
            ValidationError, "longer delay than the previous one"
        ):
            self.scenario.write(
                {
                    "level_ids": [
                        Command.create(
                            {
                                "sequence": 50,
                                "name": "Doublon",
                                "delay_days": 30,
                                "channel": "email",
                            }
                        )
                    ]
                }
            )

    def test_levels_out_of_order_are_refused(self):
        with self.assertRaisesRegex(
            ValidationError, "longer delay than the previous one"
        ):
            self.level_letter.sequence = 5

    def test_scenario_without_level_cannot_be_given_to_a_customer(self):
        empty = self.env["account.dunning.scenario"].create(
            {"name": "Vide", "company_id": self.company.id}
        )
        with self.assertRaisesRegex(ValidationError, "has no level"):
            self.customer.dunning_scenario_id = empty

    def test_formal_notice_needs_a_deadline(self):
        with self.assertRaisesRegex(ValidationError, "at least one day"):
            self.level_notice.notice_days = 0

    def test_default_data_is_the_french_ladder(self):
        standard = self.env.ref("account_dunning_fr.scenario_standard").sudo()
        self.assertEqual(
            standard.level_ids.mapped("channel"),
            ["email", "phone", "email", "registered_letter", "letter"],
        )
        notice = standard.level_ids.filtered("is_formal_notice")
        self.assertEqual(len(notice), 1)
        self.assertTrue(notice.apply_penalties and notice.apply_indemnity)
        self.assertTrue(standard.level_ids[-1].litigation)
        self.assertGreater(standard.preventive_days, 0)
        self.assertEqual(standard.company_id.dunning_scenario_id, standard)
        large = self.env.ref("account_dunning_fr.scenario_large_account").sudo()
        self.assertEqual(large.level_ids[0].channel, "phone")

    def test_cron_runs_the_escalation(self):
        cron = self.env.ref("account_dunning_fr.ir_cron_dunning_escalation")
        self.assertIn("_run_dunning", cron.code)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
