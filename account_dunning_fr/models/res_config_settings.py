from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dunning_scenario_id = fields.Many2one(
        related="company_id.dunning_scenario_id",
        readonly=False,
        domain="[('company_id', '=', company_id)]",
    )
    dunning_promise_grace_days = fields.Integer(
        related="company_id.dunning_promise_grace_days",
        readonly=False,
    )
    dunning_portal_promise_days = fields.Integer(
        related="company_id.dunning_portal_promise_days", readonly=False
    )
    dunning_penalty_rate = fields.Float(
        related="company_id.dunning_penalty_rate", readonly=False
    )
    dunning_penalty_product_id = fields.Many2one(
        related="company_id.dunning_penalty_product_id",
        readonly=False,
    )
    dunning_indemnity_product_id = fields.Many2one(
        related="company_id.dunning_indemnity_product_id",
        readonly=False,
    )
    dunning_profile_min_invoices = fields.Integer(
        related="company_id.dunning_profile_min_invoices", readonly=False
    )
    dunning_chronic_late_ratio = fields.Float(
        related="company_id.dunning_chronic_late_ratio", readonly=False
    )
    dunning_chronic_days_late = fields.Float(
        related="company_id.dunning_chronic_days_late", readonly=False
    )
    dunning_chronic_broken_promises = fields.Integer(
        related="company_id.dunning_chronic_broken_promises", readonly=False
    )
    dunning_good_late_ratio = fields.Float(
        related="company_id.dunning_good_late_ratio", readonly=False
    )
    dunning_good_days_late = fields.Float(
        related="company_id.dunning_good_days_late", readonly=False
    )
