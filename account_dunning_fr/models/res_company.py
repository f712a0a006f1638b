from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dunning_scenario_id = fields.Many2one(
        "account.dunning.scenario",
        string="Scénario de relance par défaut",
        domain="[('company_id', '=', id)]",
        help="Scénario des clients qui n'en ont pas.",
    )
