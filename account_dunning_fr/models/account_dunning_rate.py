from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import penalties
from . import rule_messages


class AccountDunningRate(models.Model):
    _name = "account.dunning.rate"
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

    @api.model
    def _raise_missing(self, error):
        """A rate error of the rules, as what the user must do."""
        if isinstance(error, penalties.MissingRateError):
            year, half = error.half_year
            raise UserError(
                self.env._(
                    "%(message)s Add the half-year starting on %(start)s in "
                    "Accounting > Configuration > Dunning > Reference rates.",
                    message=rule_messages.rule_message(self.env, error),
                    start=date(year, 1 if half == 1 else 7, 1).strftime("%d/%m/%Y"),
                )
            ) from error
        raise UserError(rule_messages.rule_message(self.env, error)) from error
