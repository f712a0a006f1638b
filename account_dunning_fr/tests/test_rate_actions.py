from datetime import date
from pathlib import Path
from unittest.mock import Mock, patch

import requests

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import freeze_time, new_test_user, tagged

from .common import DunningCommon

ECB_ANSWER = (Path(__file__).parent / "fixtures" / "ecb_mrr_fr.csv").read_text()
REQUESTS_GET = "odoo.addons.account_dunning_fr.models.account_dunning_rate.requests.get"


@tagged("post_install", "-at_install")
class TestRateActions(DunningCommon):
    """The reference rates stay current: the managers are asked for them
    before each half-year, the ECB rate comes from the ECB, a missing rate
    says where to enter it, and the 40 EUR never waits for a rate."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rate = cls.env["account.dunning.rate"]
        # the half-years after the shipped ones (H1 2026) are not entered,
        # whatever data the database holds
        cls.Rate.search([("date_start", ">", date(2026, 1, 1))]).unlink()
        cls.manager = new_test_user(
            cls.env,
            login="dunning_rates_manager",
            groups="account_dunning_fr.group_dunning_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            lang="fr_FR",
        )

    def _rate(self, start):
        return self.Rate.search([("date_start", "=", start)])

    def _rate_activities(self, user):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "account.dunning.rate"),
                ("user_id", "=", user.id),
            ]
        )

    # -- update from the ECB ------------------------------------------------

    @freeze_time("2026-12-01")
    def test_update_from_the_ecb_stores_the_rate_in_force_on_the_first_day(self):
        h2_2025 = self._rate(date(2025, 7, 1))
        h2_2025.ecb_rate = 3.0  # mistyped: the ECB's was 2.15 on 1 July 2025
        answer = Mock(text=ECB_ANSWER, raise_for_status=Mock())
        with patch(REQUESTS_GET, return_value=answer) as get:
            action = self.Rate.action_update_from_ecb()
        self.assertIn("data-api.ecb.europa.eu", get.call_args.args[0])
        self.assertIn("MRR_FR", get.call_args.args[0])
        self.assertEqual(h2_2025.ecb_rate, 2.15)
        self.assertEqual(h2_2025.penalty_rate, 12.15)
        self.assertEqual(self._rate(date(2024, 7, 1)).ecb_rate, 4.25)
        message = action["params"]["message"]
        self.assertIn("H2 2025: 3.00% → 2.15%", message)
        # legal rates are entered by hand: the missing half-year is named
        self.assertIn("H2 2026 is missing: ECB rate 2.15%", message)
        self.assertFalse(self._rate(date(2026, 7, 1)))

    def test_the_ecb_not_reached_says_what_to_do(self):
        with (
            patch(REQUESTS_GET, side_effect=requests.ConnectionError("no route")),
            self.assertRaisesRegex(UserError, "ECB Data API could not be reached"),
        ):
            self.Rate.action_update_from_ecb()
        answer = Mock(text="<html>maintenance</html>", raise_for_status=Mock())
        with (
            patch(REQUESTS_GET, return_value=answer),
            self.assertRaisesRegex(UserError, "Enter the rate by hand"),
        ):
            self.Rate.action_update_from_ecb()

    # -- the managers' to-do before each half-year --------------------------

    def test_one_activity_per_manager_before_each_half_year(self):
        self.Rate.create(
            {
                "date_start": date(2026, 7, 1),
                "ecb_rate": 2.15,
                "legal_rate_private": 6.5,
                "legal_rate_other": 2.5,
            }
        )
        cron = self.env.ref("account_dunning_fr.ir_cron_dunning_rates_reminder")
        with freeze_time("2026-11-15"):
            cron.method_direct_trigger()
        self.assertFalse(self._rate_activities(self.manager), "too early")
        with freeze_time("2026-12-10"):
            cron.method_direct_trigger()
            cron.method_direct_trigger()
        activity = self._rate_activities(self.manager)
        self.assertEqual(len(activity), 1, "never two for the same half-year")
        self.assertEqual(activity.date_deadline, date(2027, 1, 1))
        # in the manager's language, with the official sources
        self.assertEqual(activity.summary, "Saisir les taux du 1er semestre 2027")
        self.assertIn(
            "opérations principales de refinancement de la BCE", activity.note
        )
        self.assertIn("Banque de France", activity.note)
        with freeze_time("2026-12-20"):
            cron.method_direct_trigger()
        self.assertEqual(len(self._rate_activities(self.manager)), 1)

    # -- a missing rate -----------------------------------------------------

    @freeze_time("2026-08-20")
    def test_a_missing_rate_names_the_menu_and_spares_the_indemnity(self):
        invoice = self._invoice(
            amount=2400.0, invoice_date=date(2026, 6, 1), due=date(2026, 7, 1)
        )
        path = " > ".join(
            self.env.ref(xmlid).name
            for xmlid in (
                "account.menu_finance",
                "account.menu_finance_configuration",
                "account_dunning_fr.menu_dunning_config",
                "account_dunning_fr.menu_dunning_rates",
            )
        )
        self.assertIn(f"in {path}.", invoice.dunning_penalty_error)
        self.assertIn("01/07/2026", invoice.dunning_penalty_error)
        self.assertEqual(invoice.dunning_penalty_amount, 0.0)
        self.assertEqual(invoice.dunning_indemnity_amount, 40.0)

    @freeze_time("2026-08-20")
    def test_the_indemnity_alone_needs_no_rate(self):
        self.level_email.write({"apply_indemnity": True, "apply_penalties": False})
        invoice = self._invoice(
            amount=2400.0, invoice_date=date(2026, 6, 1), due=date(2026, 7, 1)
        )
        self.run_dunning(date(2026, 7, 2))
        reminder = invoice.dunning_reminder_ids
        self.assertEqual(len(reminder), 1)
        self.assertNotEqual(reminder.state, "error", reminder.error_message)
        self.assertEqual(reminder.indemnity_amount, 40.0)

    # -- the demonstration rates --------------------------------------------

    def test_demo_rates_fill_the_half_years_up_to_today(self):
        created = self.Rate._demo_fill_missing_rates(date(2027, 8, 1))
        self.assertEqual(
            created.sorted("date_start").mapped("date_start"),
            [date(2026, 7, 1), date(2027, 1, 1), date(2027, 7, 1)],
        )
        self.assertEqual(set(created.mapped("ecb_rate")), {2.15})
        self.assertEqual(set(created.mapped("legal_rate_other")), {2.62})
        self.assertTrue(all(created.mapped("demo_value")))
        self.assertFalse(self.Rate._demo_fill_missing_rates(date(2027, 8, 1)))
        # the official rate entered: no longer a demonstration value
        created[0].legal_rate_other = 2.5
        self.assertFalse(created[0].demo_value)
