from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import penalties


class AccountDunningRate(models.Model):
    _name = "account.dunning.rate"
    _description = "Taux de référence"
    _order = "date_start desc"

    name = fields.Char(string="Semestre", compute="_compute_name", store=True)
    date_start = fields.Date(
        string="Début du semestre",
        required=True,
        help="1er janvier ou 1er juillet : le taux en vigueur ce jour-là vaut pour "
        "tout le semestre.",
    )
    ecb_rate = fields.Float(
        string="Taux BCE (%)",
        digits=(16, 2),
        required=True,
        help="Taux des opérations principales de refinancement de la BCE en vigueur au "
        "début du semestre ; les pénalités par défaut sont ce taux + 10 points.",
    )
    legal_rate_private = fields.Float(
        string="Taux légal, créancier particulier (%)",
        digits=(16, 2),
        required=True,
    )
    legal_rate_other = fields.Float(
        string="Taux légal, autres cas (%)",
        digits=(16, 2),
        required=True,
        help="Taux de l'intérêt légal dû à un créancier professionnel : intérêts d'un "
        "consommateur après mise en demeure, plancher du taux contractuel (3 fois "
        "ce taux).",
    )
    penalty_rate = fields.Float(
        string="Pénalités par défaut (%)",
        digits=(16, 2),
        compute="_compute_name",
        store=True,
    )

    _sql_constraints = [
        ("date_start_unique", "unique(date_start)", "Ce semestre a déjà ses taux."),
    ]

    @api.depends("date_start", "ecb_rate")
    def _compute_name(self):
        for rate in self:
            rate.name = (
                penalties.half_year_label(penalties.half_year_of(rate.date_start))
                if rate.date_start
                else False
            )
            rate.penalty_rate = rate.ecb_rate + float(penalties.DEFAULT_MARGIN)

    @api.constrains("date_start")
    def _check_date_start(self):
        for rate in self:
            if (rate.date_start.month, rate.date_start.day) not in ((1, 1), (7, 1)):
                raise ValidationError(
                    self.env._(
                        "Un taux de référence vaut pour un semestre : il commence le "
                        "1er janvier ou le 1er juillet, pas le %(date)s.",
                        date=rate.date_start,
                    )
                )

    @api.constrains("ecb_rate", "legal_rate_private", "legal_rate_other")
    def _check_rates(self):
        for rate in self:
            if min(rate.ecb_rate, rate.legal_rate_private, rate.legal_rate_other) < 0:
                raise ValidationError(
                    self.env._(
                        "Les taux du %(half)s ne peuvent pas être négatifs.",
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
                    "%(message)s Ajoutez le semestre commençant le %(start)s dans "
                    "Comptabilité > Configuration > Relances > Taux de référence.",
                    message=str(error),
                    start=date(year, 1 if half == 1 else 7, 1).strftime("%d/%m/%Y"),
                )
            ) from error
        raise UserError(str(error)) from error
