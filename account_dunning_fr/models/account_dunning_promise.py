from odoo import fields, models

from .account_dunning_level import CHANNELS


class AccountDunningPromise(models.Model):
    _name = "account.dunning.promise"
    _description = "Promesse de règlement"
    _inherit = ["mail.thread"]
    _order = "date_promised, id"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, index=True, check_company=True
    )
    contact_id = fields.Many2one("res.partner", string="Interlocuteur", check_company=True)
    move_ids = fields.Many2many(
        "account.move",
        "account_dunning_promise_move_rel",
        "promise_id",
        "move_id",
        string="Factures",
        check_company=True,
    )
    date_promised = fields.Date(string="Date promise", required=True, index=True)
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id
    )
    amount = fields.Monetary(string="Montant promis", required=True)
    amount_received = fields.Monetary(string="Montant reçu")
    state = fields.Selection(
        [("open", "En cours"), ("kept", "Tenue"), ("partial", "Partielle"), ("broken", "Non tenue")],
        string="État", default="open", required=True, tracking=True, index=True,
    )
    channel = fields.Selection(CHANNELS, string="Obtenue par")
    written_confirmation = fields.Boolean(string="Confirmée par écrit")
    plan_ref = fields.Char(string="Échéancier", index=True)
