from odoo import fields, models


class AccountDunningObjection(models.Model):
    _name = "account.dunning.objection"
    _description = "Objection"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    type_id = fields.Many2one(
        "account.dunning.objection.type", string="Motif", required=True, tracking=True
    )
    category = fields.Selection(related="type_id.category", store=True)
    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, index=True, check_company=True
    )
    move_ids = fields.Many2many(
        "account.move",
        "account_dunning_objection_move_rel",
        "objection_id",
        "move_id",
        string="Factures",
        check_company=True,
    )
    date = fields.Date(string="Date", required=True, default=fields.Date.context_today)
    note = fields.Html(string="Note")
    state = fields.Selection(
        [("open", "Ouverte"), ("resolved", "Résolue")],
        string="État", default="open", required=True, tracking=True, index=True,
    )
