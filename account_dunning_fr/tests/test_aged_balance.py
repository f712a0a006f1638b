import html
import re
from datetime import date, timedelta

from odoo.tests import freeze_time, tagged

from .analytics_common import AnalyticsCommon

TODAY = date(2025, 6, 30)
BUCKETS = (
    "amount_not_due",
    "amount_1_30",
    "amount_31_60",
    "amount_61_90",
    "amount_over_90",
    "amount_total",
)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestAgedBalance(AnalyticsCommon):
    """account.dunning.aged.balance: each customer's open receivable by age,
    today, net of the credits not yet reconciled, in company currency."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scenario.auto_send = False
        cls.customer.user_id = cls.env.user
        cls.other_customer.user_id = cls.dunner
        cls.large_accounts = cls._create_scenario(cls.company, name="Grands comptes")
        cls.other_customer.with_company(
            cls.company
        ).dunning_scenario_id = cls.large_accounts
        # one amount per day of age, to the cent: 0 and 1, 30 and 31, 60 and
        # 61, 90 and 91 days past due are the bounds of the buckets
        for days, amount in (
            (-15, 100.01),
            (0, 200.02),
            (1, 300.03),
            (30, 400.04),
            (31, 500.05),
            (60, 600.06),
            (61, 700.07),
            (90, 800.08),
        ):
            cls.invoice(TODAY - timedelta(days=days), amount)
        oldest = cls.invoice(TODAY - timedelta(days=91), 900.09)
        cls.pay_in_company(oldest, 400.0, date(2025, 5, 15))
        # 1000 dollars on 11 May 2025 at 1.10: 909.09 EUR, 20 days past due
        cls.invoice(
            date(2025, 6, 10), 1000.0, currency=cls.usd, invoice_date=date(2025, 5, 11)
        )
        cls.credit_note(date(2025, 6, 20), 150.0)  # 10 days, not reconciled
        cls.pay_on_account(250.0, date(2025, 6, 25))  # 5 days, not allocated
        cls.paid(date(2025, 6, 1), date(2025, 6, 2), 333.33)  # nothing left open
        cls.invoice(date(2025, 6, 15), 50.0, partner=cls.other_customer)
        for due in (date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31)):
            cls.paid(due, due + timedelta(days=40), partner=cls.other_customer)
        cls.invoice(date(2025, 5, 31), 999.99, company=cls.company_2)
        cls.update_profiles(TODAY)
        cls.env["account.dunning.scenario"]._run_dunning(TODAY)

    def assertAmounts(self, row, expected):
        for name, amount in zip(BUCKETS, expected, strict=True):
            self.assertEqual(
                row.currency_id.compare_amounts(row[name], amount),
                0,
                f"{name}: {row[name]} instead of {amount}",
            )

    def test_buckets_to_the_cent_and_the_day(self):
        rows = (
            self.env["account.dunning.aged.balance"].with_user(self.dunner).search([])
        )
        self.assertEqual(rows.partner_id, self.customer | self.other_customer)
        self.assertEqual(rows.company_id, self.company, "not the other company's")
        row = rows.filtered(lambda r: r.partner_id == self.customer)
        self.assertEqual(row.currency_id, self.company.currency_id)
        # not due: 100.01 + 200.02; 1-30: 300.03 + 400.04 + 909.09 (dollars)
        # - 150 (credit note) - 250 (payment on account); 31-60: 500.05 +
        # 600.06; 61-90: 700.07 + 800.08; over 90: 900.09 - 400 paid
        self.assertAmounts(row, (300.03, 1209.16, 1100.11, 1500.15, 500.09, 4609.54))
        other = rows - row
        self.assertAmounts(other, (0.0, 50.0, 0.0, 0.0, 0.0, 50.0))

    def test_each_company_has_its_rows(self):
        rows = (
            self.env["account.dunning.aged.balance"]
            .with_context(allowed_company_ids=(self.company | self.company_2).ids)
            .search([("partner_id", "=", self.customer.id)])
        )
        self.assertEqual(len(rows), 2)
        other = rows.filtered(lambda r: r.company_id == self.company_2)
        self.assertAmounts(other, (0.0, 999.99, 0.0, 0.0, 0.0, 999.99))

    def test_filters_by_salesperson_scenario_level_and_profile(self):
        aged = self.env["account.dunning.aged.balance"].with_user(self.dunner)
        mine = aged.search([("user_id", "=", self.dunner.id)])
        self.assertEqual(mine.partner_id, self.other_customer)
        self.assertEqual(
            aged.search([("scenario_id", "=", self.scenario.id)]).partner_id,
            self.customer,
        )
        self.assertEqual(
            aged.search([("scenario_id", "=", self.large_accounts.id)]).partner_id,
            self.other_customer,
        )
        for partner in self.customer | self.other_customer:
            reached = self.env["account.move"].search(
                [
                    ("partner_id", "=", partner.id),
                    ("company_id", "=", self.company.id),
                    ("payment_state", "in", ("not_paid", "partial")),
                    ("dunning_level_id", "!=", False),
                ]
            )
            highest = reached.dunning_level_id.sorted("delay_days")[-1]
            self.assertEqual(
                highest.scenario_id, partner.dunning_scenario_id or self.scenario
            )
            self.assertEqual(
                aged.search([("level_id", "=", highest.id)]).partner_id,
                partner,
                "the highest level reached by an open invoice",
            )
        self.assertEqual(
            aged.search([("payer_profile", "=", "chronic")]).partner_id,
            self.other_customer,
        )
        self.assertEqual(
            aged.search([("payer_profile", "=", "new")]).partner_id, self.customer
        )

    def test_pivot_totals_per_bucket(self):
        groups = (
            self.env["account.dunning.aged.balance"]
            .with_user(self.dunner)
            ._read_group([], ["payer_profile"], [f"{name}:sum" for name in BUCKETS])
        )
        totals = {profile: amounts for profile, *amounts in groups}
        self.assertEqual(set(totals), {"new", "chronic"})
        self.assertEqual(
            [round(amount, 2) for amount in totals["new"]],
            [300.03, 1209.16, 1100.11, 1500.15, 500.09, 4609.54],
        )

    def test_printed_aged_balance_per_company(self):
        rows = (
            self.env["account.dunning.aged.balance"]
            .with_context(allowed_company_ids=(self.company | self.company_2).ids)
            .search([])
        )
        content, _kind = (
            self.env["ir.actions.report"]
            .with_context(lang="en_US")
            ._render_qweb_html(
                "account_dunning_fr.action_report_aged_balance", rows.ids
            )
        )
        text = re.sub(
            r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", content.decode()))
        )
        text = text.replace("\xa0", " ").replace("\u202f", " ")
        for expected in (
            self.company.name,
            self.company_2.name,
            self.customer.name,
            self.other_customer.name,
            "Aged balance at 06/30/2025",
            "New customer",
            "1,209.16",  # the customer's 1-30 days
            "4,659.54",  # the first company's total
            "999.99",  # the second company's
            "Chronic bad payer",
        ):
            self.assertIn(expected, text)
