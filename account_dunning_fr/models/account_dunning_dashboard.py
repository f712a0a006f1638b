import json
from datetime import timedelta

from odoo import fields, models
from odoo.tools import SQL, format_date, formatLang

from ..lib import analytics
from .account_dunning_reminder import LETTER_CHANNELS
from .account_move import OPEN_PAYMENT_STATES

TILES = [
    ("emails", "Emails to send"),
    ("calls", "Calls to make"),
    ("letters", "Letters to print"),
    ("notices", "Formal notices to approve"),
    ("errors", "Reminders in error"),
    ("promises_today", "Promises due today"),
    ("promises_broken", "Promises broken this week"),
    ("aged", "Aged balance"),
    ("levels", "Overdue by dunning level"),
    ("dso", "DSO"),
    ("objections", "Top reasons for non-payment (90 days)"),
]
MONEY_TILES = ("levels", "aged")
OBJECTION_DAYS = 90
TOP_OBJECTIONS = 5
DSO_TREND_SHOWN = 3
REMINDER_ACTION = "account_dunning_fr.account_dunning_reminder_action"
PROMISE_ACTION = "account_dunning_fr.account_dunning_promise_action"


class AccountDunningDashboard(models.Model):
    """The credit controller's morning screen: one tile per figure and company.

    Read-only rows (one per company and tile), each figure computed for all
    tiles with one grouped read; a tile opens the list behind its figure.
    """

    _name = "account.dunning.dashboard"
    _description = "Credit control dashboard"
    _auto = False
    _order = "company_id, sequence"
    _rec_name = "tile"

    company_id = fields.Many2one("res.company", readonly=True)
    tile = fields.Selection(TILES, readonly=True)
    sequence = fields.Integer(readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    count = fields.Integer(compute="_compute_figures")
    amount = fields.Monetary(compute="_compute_figures")
    headline = fields.Char(compute="_compute_figures")
    lines = fields.Text(
        compute="_compute_figures", help="JSON: the rows shown under the headline."
    )

    @property
    def _table_query(self):
        tiles = SQL(", ").join(
            SQL("(%s, %s)", index, code) for index, (code, _label) in enumerate(TILES)
        )
        # an id per company and tile: at most 100 tiles per company
        return SQL(
            """
            SELECT company.id * 100 + tile.sequence AS id,
                   company.id AS company_id,
                   tile.code AS tile,
                   tile.sequence
              FROM res_company company
        CROSS JOIN (VALUES %s) AS tile(sequence, code)
             WHERE company.active
            """,
            tiles,
        )

    # ------------------------------------------------------------------
    # What each tile counts, and the list it opens
    # ------------------------------------------------------------------
    def _tile_specs(self, today):
        """``{tile: (model, domain, action xmlid, context)}``: the records behind
        each tile, in every company."""
        monday = today - timedelta(days=today.weekday())
        open_invoices = [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", OPEN_PAYMENT_STATES),
        ]
        reminder = "account.dunning.reminder"
        promise = "account.dunning.promise"
        return {
            "emails": (
                reminder,
                [
                    ("state", "=", "draft"),
                    ("channel", "=", "email"),
                    ("level_id.is_formal_notice", "=", False),
                ],
                REMINDER_ACTION,
                {},
            ),
            "calls": (
                reminder,
                [
                    ("channel", "=", "phone"),
                    ("state", "in", ("draft", "to_call")),
                ],
                REMINDER_ACTION,
                {},
            ),
            "letters": (
                reminder,
                [
                    ("channel", "in", LETTER_CHANNELS),
                    ("is_printed", "=", False),
                    "|",
                    ("state", "=", "sent"),
                    "&",
                    ("state", "=", "draft"),
                    ("level_id.is_formal_notice", "=", False),
                ],
                REMINDER_ACTION,
                {},
            ),
            "notices": (
                reminder,
                [("state", "=", "draft"), ("level_id.is_formal_notice", "=", True)],
                REMINDER_ACTION,
                {},
            ),
            "errors": (reminder, [("state", "=", "error")], REMINDER_ACTION, {}),
            "promises_today": (
                promise,
                [("state", "=", "open"), ("date_promised", "=", today)],
                PROMISE_ACTION,
                {},
            ),
            "promises_broken": (
                promise,
                [
                    ("state", "in", ("broken", "partial")),
                    ("date_decided", ">=", monday),
                ],
                PROMISE_ACTION,
                {},
            ),
            "levels": (
                "account.move",
                [*open_invoices, ("dunning_level_id", "!=", False)],
                "account_dunning_fr.account_move_action_dunning",
                {"group_by": ["dunning_level_id"]},
            ),
            "aged": (
                "account.dunning.aged.balance",
                [],
                "account_dunning_fr.account_dunning_aged_balance_action",
                {},
            ),
            "dso": (
                "account.dunning.dso",
                [],
                "account_dunning_fr.account_dunning_dso_action",
                {"search_default_last_12_months": 1},
            ),
            "objections": (
                "account.dunning.objection",
                [("date", ">=", today - timedelta(days=OBJECTION_DAYS))],
                "account_dunning_fr.account_dunning_objection_action_stats",
                {"group_by": ["type_id"]},
            ),
        }

    def action_open(self):
        """The list behind the tile, in the tile's company."""
        self.ensure_one()
        _model, domain, xmlid, context = self._tile_specs(
            fields.Date.context_today(self)
        )[self.tile]
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action.update(
            {
                "name": dict(self._fields["tile"]._description_selection(self.env))[
                    self.tile
                ],
                "domain": [*domain, ("company_id", "=", self.company_id.id)],
                "context": dict(context, create=False),
            }
        )
        return action

    # ------------------------------------------------------------------
    # The figures, one grouped read per tile for every company
    # ------------------------------------------------------------------
    def _compute_figures(self):
        today = fields.Date.context_today(self)
        specs = self._tile_specs(today)
        for tile, tiles in self.grouped("tile").items():
            figures = getattr(self, f"_figures_{tile}", self._figures_count)(
                tiles.company_id, specs[tile]
            )
            for record in tiles:
                count, amount, headline, lines = figures.get(
                    record.company_id, (0, 0.0, None, [])
                )
                record.count = count
                record.amount = amount
                record.headline = headline or (
                    record.currency_id.format(amount)
                    if tile in MONEY_TILES
                    else str(count)
                )
                record.lines = json.dumps(lines)

    def _read_tile(self, companies, spec, groupby, aggregates):
        model, domain, _xmlid, _context = spec
        return self.env[model]._read_group(
            [*domain, ("company_id", "in", companies.ids)],
            ["company_id", *groupby],
            aggregates,
        )

    def _figures_count(self, companies, spec):
        return {
            company: (count, 0.0, None, [])
            for company, count in self._read_tile(companies, spec, [], ["__count"])
        }

    def _figures_levels(self, companies, spec):
        figures = {}
        groups = self._read_tile(
            companies,
            spec,
            ["dunning_level_id"],
            ["__count", "amount_residual_signed:sum"],
        )
        for company, level, count, amount in sorted(
            groups, key=lambda group: (group[1].delay_days, group[1].id)
        ):
            total_count, total, _headline, lines = figures.get(
                company, (0, 0.0, None, [])
            )
            lines.append(
                [
                    level.display_name,
                    self.env._("%(count)s invoice(s)", count=count),
                    company.currency_id.format(amount),
                ]
            )
            figures[company] = (total_count + count, total + amount, None, lines)
        return figures

    def _figures_aged(self, companies, spec):
        names = [bucket.name for bucket in analytics.AGE_BUCKETS]
        labels = self.env["account.dunning.aged.balance"]._fields
        figures = {}
        for company, count, total, *amounts in self._read_tile(
            companies,
            spec,
            [],
            ["__count", "amount_total:sum", *(f"{name}:sum" for name in names)],
        ):
            figures[company] = (
                count,
                total,
                None,
                [
                    [
                        labels[name]._description_string(self.env),
                        "",
                        company.currency_id.format(amount),
                    ]
                    for name, amount in zip(names, amounts, strict=True)
                ],
            )
        return figures

    def _figures_dso(self, companies, spec):
        figures = {}
        trends = (
            self.env["account.dunning.dso"]
            .search([("company_id", "in", companies.ids)], order="date desc")
            .grouped("company_id")
        )
        for company in companies:
            if not company.dunning_dso_date:
                figures[company] = (0, 0.0, self.env._("Not computed yet"), [])
                continue
            figures[company] = (
                0,
                0.0,
                self._format_days(company.dunning_dso),
                [
                    [
                        self.env._(
                            "At %(date)s", date=format_date(self.env, point.date)
                        ),
                        "",
                        self._format_days(point.dso),
                    ]
                    for point in trends.get(company, [])[:DSO_TREND_SHOWN]
                ],
            )
        return figures

    def _figures_objections(self, companies, spec):
        figures = {}
        groups = self._read_tile(companies, spec, ["type_id"], ["__count"])
        for company, object_type, count in sorted(
            groups, key=lambda group: (-group[2], group[1].name or "")
        ):
            total, _amount, _headline, lines = figures.get(company, (0, 0.0, None, []))
            if len(lines) < TOP_OBJECTIONS:
                lines.append([object_type.name, "", str(count)])
            figures[company] = (total + count, 0.0, None, lines)
        return figures

    def _format_days(self, days):
        return self.env._(
            "%(days)s days", days=formatLang(self.env, round(days or 0), digits=0)
        )
