from odoo import fields, models

from .res_partner import COLLECTIVE_PROCEDURES


class AccountDunningProcedureMixin(models.AbstractModel):
    """The collective procedure a "collective procedure" objection reports:
    recorded the same way from the objection wizard and on the objection."""

    _name = "account.dunning.procedure.mixin"
    _description = "Collective procedure of an objection"

    procedure_type = fields.Selection(
        [p for p in COLLECTIVE_PROCEDURES if p[0] != "none"],
        string="Proceedings",
    )
    procedure_date = fields.Date(string="Date of the opening judgment")
    procedure_bodacc_date = fields.Date(string="BODACC publication date")
    procedure_mandataire_id = fields.Many2one(
        "res.partner", string="Creditors' representative (mandataire judiciaire)"
    )
