from datetime import date, timedelta

from odoo.tests import tagged

from .analytics_common import AnalyticsCommon

DAY = date(2025, 3, 15)


@tagged("post_install", "-at_install")
class TestDso(AnalyticsCommon):
    """DSO by the countback method, per customer and per company, and its
    trend at the 12 last month-ends."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def sale(day, amount):
            return cls.invoice(day + timedelta(days=30), amount, invoice_date=day)

        january = sale(date(2025, 1, 10), 3100.0)
        sale(date(2025, 2, 10), 2800.0)
        sale(date(2025, 3, 5), 2000.0)
        cls.credit_note(date(2025, 3, 8), 500.0)  # March: 1500 net
        cls.pay_in_company(january, 2400.0, date(2025, 3, 10))
        # 1000 dollars at 1.25: 800 EUR, half of it paid
        dollars = cls.invoice(
            date(2025, 3, 31),
            1000.0,
            partner=cls.other_customer,
            currency=cls.usd,
            invoice_date=date(2025, 3, 1),
        )
        cls.pay_in_company(dollars, 500.0, date(2025, 3, 12), currency=cls.usd)
        cls.invoice(
            date(2025, 3, 31),
            10000.0,
            company=cls.company_2,
            invoice_date=date(2025, 3, 1),
        )
        cls.update_profiles(DAY)

    def test_customer_dso_by_countback(self):
        # open: 3100 + 2800 + 2000 - 500 (credit note) - 2400 (paid) = 5000;
        # March's 1500 net cover its 15 days, February's 2800 its 28 days, the
        # 700 left are 700/3100 of January's 31 days: 7 days
        self.assertEqual(self.figures()[4], 50.0)
        # 400 EUR open of 800 sold in March: half of its 15 days
        self.assertEqual(self.figures(self.other_customer)[4], 7.5)
        # the other company's own sale: 10000 open of 10000 sold in March
        self.assertEqual(self.figures(company=self.company_2)[4], 15.0)

    def test_company_dso_by_countback(self):
        # open: 5000 + 400 = 5400; March's 2300 cover 15 days, February's 2800
        # 28 days, the 300 left are 300/3100 of January's 31 days: 3 days
        self.assertEqual(self.company.dunning_dso, 46.0)
        self.assertEqual(self.company.dunning_dso_date, DAY)
        self.assertEqual(self.company_2.dunning_dso, 15.0)

    def test_trend_at_the_twelve_last_month_ends(self):
        trend = self.env["account.dunning.dso"].with_user(self.dunner).search([])
        self.assertEqual(trend.company_id, self.company, "only the user's company")
        self.assertEqual(len(trend), 12)
        self.assertEqual(
            sorted(trend.mapped("date"))[:: len(trend) - 1],
            [date(2024, 3, 31), date(2025, 2, 28)],
        )
        by_date = {point.date: (point.dso, point.receivable) for point in trend}
        self.assertEqual(by_date[date(2024, 12, 31)], (0.0, 0.0))
        self.assertEqual(by_date[date(2025, 1, 31)], (31.0, 3100.0))
        # 5900 open: February's 2800 (28 days) then January's 3100 (31 days)
        self.assertEqual(by_date[date(2025, 2, 28)], (59.0, 5900.0))
        # the next night rewrites the same month-ends
        self.update_profiles(DAY + timedelta(days=1))
        self.assertEqual(
            self.env["account.dunning.dso"].search_count(
                [("company_id", "=", self.company.id)]
            ),
            12,
        )
