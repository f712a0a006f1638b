from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..lib import penalties


class ResCompany(models.Model):
    _inherit = "res.company"

    dunning_scenario_id = fields.Many2one(
        "account.dunning.scenario",
        string="Scénario de relance par défaut",
        domain="[('company_id', '=', id)]",
        help="Scénario des clients qui n'en ont pas.",
    )
    dunning_promise_grace_days = fields.Integer(
        string="Délai de grâce des promesses (jours)",
        default=3,
        help="Un règlement reçu ce nombre de jours après la date promise tient encore "
        "la promesse (délais bancaires).",
    )
    dunning_penalty_rate = fields.Float(
        string="Taux contractuel des pénalités (%)",
        digits=(16, 2),
        help="Taux des pénalités de retard prévu par vos conditions générales. Vide : "
        "le taux légal par défaut, taux de la BCE + 10 points. Il ne peut pas "
        "être inférieur à trois fois le taux de l'intérêt légal du semestre.",
    )
    dunning_penalty_product_id = fields.Many2one(
        "product.product",
        string="Article des pénalités de retard",
        help="Article des factures de pénalités (sans TVA) ; son compte de produits "
        "s'applique.",
    )
    dunning_indemnity_product_id = fields.Many2one(
        "product.product",
        string="Article de l'indemnité forfaitaire",
        help="Article de l'indemnité forfaitaire pour frais de recouvrement (sans "
        "TVA).",
    )

    @api.constrains("dunning_penalty_rate")
    def _check_dunning_penalty_rate(self):
        rates = self.env["account.dunning.rate"]
        legal = rates._rate_tables()["legal_rate_other"]
        today = fields.Date.context_today(self)
        for company in self.filtered("dunning_penalty_rate"):
            if company.dunning_penalty_rate < 0:
                raise ValidationError(
                    self.env._("Le taux contractuel ne peut pas être négatif.")
                )
            try:
                penalties.check_contractual_rate(
                    company.dunning_penalty_rate,
                    penalties.half_year_of(today),
                    legal,
                )
            except penalties.RateError as error:
                raise ValidationError(str(error)) from error
