import json
from datetime import date

from odoo import Command
from odoo.tests import freeze_time, tagged

from .analytics_common import AnalyticsCommon

TODAY = date(2025, 3, 3)  # a Monday


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestDashboard(AnalyticsCommon):
    """The credit controller's morning screen, from a month of real dunning."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scenario.auto_send = False
        # a broken promise sends the printer straight to the formal notice
        cls.scenario.progressive = False
        cls.level_notice.apply_penalties = True
        cls.printer = cls.env["res.partner"].create(
            {"name": "Imprimerie Leroy", "is_company": True, "email": "a@leroy.fr"}
        )
        run = cls.env["account.dunning.scenario"]._run_dunning
        check = cls.env["account.dunning.promise"]._check_promises
        cls.late = late = cls.invoice(date(2025, 2, 1), 1500.0, partner=cls.printer)
        run(date(2025, 2, 2)).action_send()  # email
        run(date(2025, 2, 9)).action_send()  # call: its activity stays open
        cls.promise(late, 500.0, date(2025, 2, 12), date(2025, 2, 10))
        check(date(2025, 2, 25))  # broken last week
        cls.promise(late, 500.0, date(2025, 2, 26), date(2025, 2, 20))
        first = cls.invoice(date(2025, 3, 1), 1000.0)
        second = cls.invoice(date(2025, 2, 27), 250.5, partner=cls.other_customer)
        # two emails; the broken promise sends the printer to the formal notice
        cls.notice = run(TODAY).filtered("is_formal_notice")
        cls.promise(second, 250.5, TODAY, date(2025, 2, 28))
        check(TODAY)  # the promise of 26 February is broken today
        cls.reminder(first, cls.level_letter, TODAY).action_send()  # to print
        # no reference rate for the second half of 2026 yet: in error
        future = cls.invoice(date(2026, 5, 31), 700.0)
        cls.in_error = cls.reminder(future, cls.level_notice, date(2026, 8, 5))
        types = {
            code: cls.env.ref(f"account_dunning_fr.objection_type_{code}")
            for code in (
                "accounting_unavailable",
                "customer_not_paid",
                "signatory_absent",
            )
        }
        for code, day in (
            ("accounting_unavailable", date(2025, 1, 10)),
            ("accounting_unavailable", date(2025, 2, 10)),
            ("accounting_unavailable", TODAY),
            ("customer_not_paid", date(2024, 12, 3)),  # 90 days ago
            ("signatory_absent", date(2024, 12, 2)),  # 91 days ago
        ):
            cls.env["account.dunning.objection"].create(
                {
                    "type_id": types[code].id,
                    "partner_id": cls.printer.id,
                    "move_ids": [Command.set(late.ids)],
                    "date": day,
                }
            )
        cls.update_profiles(TODAY)

    @classmethod
    def reminder(cls, invoice, level, day):
        return cls.env["account.dunning.reminder"].create(
            {
                "partner_id": invoice.partner_id.id,
                "contact_id": invoice.partner_id.id,
                "level_id": level.id,
                "channel": level.channel,
                "date": day,
                "currency_id": invoice.currency_id.id,
                "move_ids": [Command.set(invoice.ids)],
            }
        )

    def tiles(self):
        tiles = (
            self.env["account.dunning.dashboard"]
            .with_user(self.dunner)
            .with_context(lang="en_US")
            .search([])
        )
        return {tile.tile: tile for tile in tiles}

    def test_today_s_work_by_channel(self):
        self.assertEqual(self.in_error.state, "error")
        tiles = self.tiles()
        self.assertEqual(
            list(tiles),
            [
                "emails",
                "calls",
                "letters",
                "notices",
                "errors",
                "promises_today",
                "promises_broken",
                "aged",
                "levels",
                "dso",
                "objections",
            ],
            "the first screen, in this order, of the user's company only",
        )
        counts = {name: tile.count for name, tile in tiles.items()}
        self.assertEqual(
            counts,
            {
                "emails": 2,
                "calls": 1,
                "letters": 1,
                "notices": 1,
                "errors": 1,
                "promises_today": 1,
                "promises_broken": 1,
                "levels": 3,
                "aged": 3,
                "dso": 0,
                "objections": 4,
            },
        )
        self.assertEqual(tiles["emails"].headline, "2")

    def test_each_tile_opens_its_list(self):
        for name, tile in self.tiles().items():
            action = tile.with_user(self.dunner).action_open()
            records = self.env[action["res_model"]].with_user(self.dunner)
            found = records.search(action["domain"])
            if name == "dso":
                self.assertEqual(len(found), 12, "the trend at the 12 last month-ends")
                continue
            self.assertEqual(len(found), tile.count, name)
        tiles = self.tiles()
        self.assertEqual(
            self.env["account.dunning.reminder"].search(
                tiles["notices"].action_open()["domain"]
            ),
            self.notice,
        )
        self.assertEqual(
            tiles["levels"].action_open()["context"]["group_by"], ["dunning_level_id"]
        )

    def test_amounts_by_level_aged_balance_dso_and_objections(self):
        tiles = self.tiles()
        euros = self.company.currency_id.with_context(lang="en_US").format
        levels = tiles["levels"]
        self.assertEqual(levels.amount, 2750.5)
        self.assertEqual(levels.headline, euros(2750.5))
        self.assertEqual(
            json.loads(levels.lines),
            [
                ["Rappel (D+1)", "2 invoice(s)", euros(1250.5)],
                [
                    self.late.dunning_level_id.display_name,
                    "1 invoice(s)",
                    euros(1500.0),
                ],
            ],
        )
        aged = tiles["aged"]
        self.assertEqual(aged.amount, 3450.5)
        self.assertEqual(
            json.loads(aged.lines),
            [
                ["Not due", "", euros(700.0)],
                ["1-30 days", "", euros(2750.5)],
                ["31-60 days", "", euros(0.0)],
                ["61-90 days", "", euros(0.0)],
                ["Over 90 days", "", euros(0.0)],
            ],
        )
        # 2750.50 open today, all sold in January: March's 3 days, February's
        # 28 without sales, January's 31
        dso = tiles["dso"]
        self.assertEqual(dso.headline, "62 days")
        self.assertEqual(
            json.loads(dso.lines),
            [
                ["At 02/28/2025", "", "59 days"],
                ["At 01/31/2025", "", "31 days"],
                ["At 12/31/2024", "", "0 days"],
            ],
        )
        self.assertEqual(
            json.loads(tiles["objections"].lines),
            [
                [
                    self.env.ref(
                        "account_dunning_fr.objection_type_accounting_unavailable"
                    ).name,
                    "",
                    "3",
                ],
                [
                    self.env.ref(
                        "account_dunning_fr.objection_type_customer_not_paid"
                    ).name,
                    "",
                    "1",
                ],
            ],
        )
