import logging
from datetime import date, timedelta

import requests

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import ecb, penalties
from . import rule_messages

_logger = logging.getLogger(__name__)

RATES_REMINDER_DAYS = 30
"""How long before a half-year its rates are asked for."""


class AccountDunningRate(models.Model):
    _name = "account.dunning.rate"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Reference rate"
    _order = "date_start desc"

    name = fields.Char(
        string="Half-year", compute="_compute_name", search="_search_name"
    )
    date_start = fields.Date(
        string="Start of the half-year",
        required=True,
        help="1 January or 1 July: the rate in force on that day applies to the "
        "whole half-year.",
    )
    ecb_rate = fields.Float(
        string="ECB rate (%)",
        digits=(16, 2),
        required=True,
        help="ECB main refinancing operations rate in force at the start of the "
        "half-year; the default penalties are this rate + 10 points.",
    )
    legal_rate_private = fields.Float(
        string="Legal rate, private-individual creditor (%)",
        digits=(16, 2),
        required=True,
    )
    legal_rate_other = fields.Float(
        string="Legal rate, other cases (%)",
        digits=(16, 2),
        required=True,
        help="Legal interest rate owed to a business creditor: interest owed by a "
        "consumer after formal notice, floor of the contractual rate (3 times "
        "this rate).",
    )
    demo_value = fields.Boolean(
        string="Demonstration value, replace with the official rate",
        readonly=True,
        help="Copied from the previous half-year by the demonstration data: "
        "enter the official rates of this half-year.",
    )
    penalty_rate = fields.Float(
        string="Default penalties (%)",
        digits=(16, 2),
        compute="_compute_penalty_rate",
        store=True,
    )

    _sql_constraints = [
        (
            "date_start_unique",
            "unique(date_start)",
            "This half-year already has its rates.",
        ),
    ]

    @api.depends("date_start")
    @api.depends_context("lang")
    def _compute_name(self):
        """The half-year in the reader's language: "H1 2026", "1er semestre 2026"."""
        for rate in self:
            rate.name = (
                rule_messages.half_year_label(
                    self.env, penalties.half_year_of(rate.date_start)
                )
                if rate.date_start
                else False
            )

    def _search_name(self, operator, value):
        if operator not in ("ilike", "not ilike", "=", "!="):
            raise UserError(self.env._("Unsupported search on the half-year."))
        text = (value or "").lower()
        matching = self.search([]).filtered(
            lambda rate: (
                text in (rate.name or "").lower()
                if "like" in operator
                else text == (rate.name or "").lower()
            )
        )
        positive = operator in ("ilike", "=")
        return [("id", "in" if positive else "not in", matching.ids)]

    @api.depends("ecb_rate")
    def _compute_penalty_rate(self):
        for rate in self:
            rate.penalty_rate = rate.ecb_rate + float(penalties.DEFAULT_MARGIN)

    @api.constrains("date_start")
    def _check_date_start(self):
        for rate in self:
            if (rate.date_start.month, rate.date_start.day) not in ((1, 1), (7, 1)):
                raise ValidationError(
                    self.env._(
                        "A reference rate applies to a half-year: it starts on 1 "
                        "January or 1 July, not on %(date)s.",
                        date=rate.date_start,
                    )
                )

    @api.constrains("ecb_rate", "legal_rate_private", "legal_rate_other")
    def _check_rates(self):
        for rate in self:
            if min(rate.ecb_rate, rate.legal_rate_private, rate.legal_rate_other) < 0:
                raise ValidationError(
                    self.env._(
                        "The rates of %(half)s cannot be negative.",
                        half=rate.name,
                    )
                )

    @api.model
    def _rate_tables(self):
        """``{column: {(year, half): rate}}`` for every rate column, in one read."""
        tables = {"ecb_rate": {}, "legal_rate_private": {}, "legal_rate_other": {}}
        for row in self.sudo().search_read([], ["date_start", *tables]):
            half_year = penalties.half_year_of(row["date_start"])
            for column, table in tables.items():
                table[half_year] = row[column]
        return tables

    def write(self, vals):
        """Rates entered by hand are no longer demonstration values."""
        if "demo_value" not in vals and {
            "ecb_rate",
            "legal_rate_private",
            "legal_rate_other",
        } & set(vals):
            vals = dict(vals, demo_value=False)
        return super().write(vals)

    @api.model
    def _half_year_start(self, half_year):
        year, half = half_year
        return date(year, 1 if half == 1 else 7, 1)

    @api.model
    def _next_half_year(self, half_year):
        year, half = half_year
        return (year, 2) if half == 1 else (year + 1, 1)

    @api.model
    def _menu_path(self):
        """Where the rates are entered, as the menus of this database name it
        (Invoicing in Community, Accounting in Enterprise), in the user's
        language."""
        menu = self.env.ref("account_dunning_fr.menu_dunning_rates").sudo()
        names = []
        while menu:
            names.insert(0, menu.name)
            menu = menu.parent_id
        return " > ".join(names)

    @api.model
    def _demo_fill_missing_rates(self, day=None):
        """Demonstration data true on any day: every half-year missing up to
        ``day``'s gets the rates of the last one entered, marked as
        demonstration values to replace with the official rates."""
        day = day or fields.Date.context_today(self)
        last = self.sudo().search([], order="date_start desc", limit=1)
        if not last:
            return self
        half_year = penalties.half_year_of(last.date_start)
        vals_list = []
        while self._half_year_start(half_year) < day:
            half_year = self._next_half_year(half_year)
            start = self._half_year_start(half_year)
            if start > day:
                break
            vals_list.append(
                {
                    "date_start": start,
                    "ecb_rate": last.ecb_rate,
                    "legal_rate_private": last.legal_rate_private,
                    "legal_rate_other": last.legal_rate_other,
                    "demo_value": True,
                }
            )
        return self.sudo().create(vals_list)

    @api.model
    def _cron_rates_reminder(self, day=None):
        """Before each half-year, a to-do for every dunning manager: enter the
        rates of the coming half-year (or of the current one, if missing).
        One activity per manager and half-year, however often it runs."""
        day = day or fields.Date.context_today(self)
        current = penalties.half_year_of(day)
        coming = self._next_half_year(current)
        wanted = [current]
        if self._half_year_start(coming) - day <= timedelta(RATES_REMINDER_DAYS):
            wanted.append(coming)
        rates = self.sudo().search([])
        known = {penalties.half_year_of(rate.date_start) for rate in rates}
        missing = [half_year for half_year in wanted if half_year not in known]
        anchor = rates[:1]
        if not missing or not anchor:
            return
        activity_type = self.env.ref(
            "account_dunning_fr.mail_activity_type_dunning_rates"
        )
        managers = (
            self.env.ref("account_dunning_fr.group_dunning_manager")
            .sudo()
            .users.filtered(lambda user: user.active and not user.share)
        )
        activities = self.env["mail.activity"].sudo()
        for half_year in missing:
            start = self._half_year_start(half_year)
            done = set(
                activities.search(
                    [
                        ("res_model", "=", self._name),
                        ("activity_type_id", "=", activity_type.id),
                        ("date_deadline", "=", start),
                    ]
                ).user_id.ids
            )
            for user in managers.filtered(lambda u, done=done: u.id not in done):
                anchor_in_lang = anchor.with_context(lang=user.lang or "en_US")
                anchor_in_lang._schedule_rates_activity(activity_type, half_year, user)

    def _schedule_rates_activity(self, activity_type, half_year, user):
        self.ensure_one()
        start = self._half_year_start(half_year)
        self.activity_schedule(
            activity_type_id=activity_type.id,
            date_deadline=start,
            user_id=user.id,
            summary=self.env._(
                "Enter the rates of %(half)s",
                half=rule_messages.half_year_label(self.env, half_year),
            ),
            note=self.env._(
                "Before %(start)s, enter in %(menu)s the rates of %(half)s: the "
                "ECB main refinancing operations rate in force on %(start)s (ECB, "
                "key interest rates; the button Update from the ECB fetches it) "
                "and the two legal interest rates of the arrêté published in the "
                "Journal officiel (Banque de France, legal interest rate). Only "
                "an administrator (Settings) can change the rates.",
                start=start.strftime("%d/%m/%Y"),
                menu=self._menu_path(),
                half=rule_messages.half_year_label(self.env, half_year),
            ),
        )

    @api.model
    def _fetch_ecb_answer(self):
        """The ECB Data API's answer for the main refinancing rate (csvdata)."""
        try:
            response = requests.get(ecb.ECB_MRO_URL, timeout=20)
            response.raise_for_status()
        except requests.RequestException as error:
            _logger.info("ECB Data API not reached: %s", error)
            raise UserError(
                self.env._(
                    "The ECB Data API could not be reached (%(error)s). Try again "
                    "later, or enter the main refinancing operations rate by hand "
                    "from the ECB's key interest rates.",
                    error=error,
                )
            ) from error
        return response.text

    @api.model
    def action_update_from_ecb(self):
        """Set the ECB rate of every half-year entered to the ECB's main
        refinancing operations rate in force on its first day; say which
        half-years are still to enter (their legal rates are entered by
        hand)."""
        try:
            observations = ecb.parse_csv(self._fetch_ecb_answer())
        except ecb.EcbFormatError as error:
            raise UserError(
                self.env._(
                    "The ECB Data API did not answer with the main refinancing "
                    "operations rate (%(error)s). Enter the rate by hand.",
                    error=error,
                )
            ) from error
        lines = []
        rates = self.search([], order="date_start")
        for rate in rates:
            value = ecb.rate_in_force(observations, rate.date_start)
            if value is None or penalties.to_decimal(rate.ecb_rate) == value:
                continue
            lines.append(
                self.env._(
                    "%(half)s: %(old)s → %(new)s",
                    half=rate.name,
                    old=rule_messages.format_percent(self.env, rate.ecb_rate),
                    new=rule_messages.format_percent(self.env, value),
                )
            )
            rate.ecb_rate = float(value)
        today = fields.Date.context_today(self)
        known = {penalties.half_year_of(rate.date_start) for rate in rates}
        half_year = penalties.half_year_of(rates[-1:].date_start or today)
        while self._half_year_start(half_year) <= today:
            value = ecb.rate_in_force(observations, self._half_year_start(half_year))
            if half_year not in known and value is not None:
                lines.append(
                    self.env._(
                        "%(half)s is missing: ECB rate %(rate)s; add it with the "
                        "legal interest rates of its arrêté.",
                        half=rule_messages.half_year_label(self.env, half_year),
                        rate=rule_messages.format_percent(self.env, value),
                    )
                )
            half_year = self._next_half_year(half_year)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("ECB main refinancing operations rate"),
                "message": "\n".join(lines)
                or self.env._("Every half-year already has the ECB's rate."),
                "sticky": bool(lines),
                "type": "success" if lines else "info",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _raise_missing(self, error):
        """A rate error of the rules, as what the user must do."""
        if isinstance(error, penalties.MissingRateError):
            year, half = error.half_year
            raise UserError(
                self.env._(
                    "%(message)s Add the half-year starting on %(start)s in %(menu)s.",
                    message=rule_messages.rule_message(self.env, error),
                    menu=self._menu_path(),
                    start=date(year, 1 if half == 1 else 7, 1).strftime("%d/%m/%Y"),
                )
            ) from error
        raise UserError(rule_messages.rule_message(self.env, error)) from error
