from odoo import fields, models


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
