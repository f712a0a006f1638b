from odoo import api, fields, models

CALL_OUTCOMES = [
    ("promise", "Payment promise"),
    ("objection", "Objection"),
    ("no_answer", "No answer"),
    ("wrong_contact", "Wrong contact"),
    ("callback", "Call back"),
]
# the customer was reached: a phone reminder is then done
REACHED_OUTCOMES = ("promise", "objection", "callback")
PAYMENT_HISTORY_SIZE = 5


class AccountDunningCall(models.Model):
    _name = "account.dunning.call"
    _description = "Dunning call"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users",
        string="Caller",
        default=lambda self: self.env.user,
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, check_company=True
    )
    contact_id = fields.Many2one(
        "res.partner", string="Contact reached", check_company=True
    )
    move_ids = fields.Many2many(
        "account.move",
        "account_dunning_call_move_rel",
        "call_id",
        "move_id",
        string="Invoices",
        check_company=True,
    )
    outcome = fields.Selection(CALL_OUTCOMES, required=True, tracking=True)
    is_reached = fields.Boolean(
        string="Customer reached", compute="_compute_is_reached"
    )
    reminder_id = fields.Many2one(
        "account.dunning.reminder",
        string="Phone reminder",
        index="btree_not_null",
        check_company=True,
        ondelete="set null",
    )
    callback_date = fields.Date(string="Call back on")
    note = fields.Text(string="Call report")
    promise_ids = fields.One2many(
        "account.dunning.promise", "call_id", string="Promises"
    )
    objection_ids = fields.One2many(
        "account.dunning.objection", "call_id", string="Objections"
    )

    @api.depends("outcome")
    def _compute_is_reached(self):
        for call in self:
            call.is_reached = call.outcome in REACHED_OUTCOMES

    @api.depends("partner_id", "date", "outcome")
    def _compute_display_name(self):
        outcomes = dict(self._fields["outcome"]._description_selection(self.env))
        for call in self:
            call.display_name = self.env._(
                "%(partner)s: %(outcome)s",
                partner=call.partner_id.name or "",
                outcome=outcomes.get(call.outcome, ""),
            )

    @api.model
    def _call_sheet_values(self, partner, company):
        """What the call sheet lists besides the reminder: all the customer's
        open overdue invoices in ``company`` and its last payments."""
        customer = partner.commercial_partner_id
        payments = self.env["account.payment"].search(
            [
                ("company_id", "=", company.id),
                ("partner_id", "child_of", customer.id),
                ("partner_type", "=", "customer"),
                ("payment_type", "=", "inbound"),
                ("state", "in", ("in_process", "paid")),
            ],
            order="date desc, id desc",
            limit=PAYMENT_HISTORY_SIZE,
        )
        return {
            "overdue_moves": customer._dunning_overdue_invoices(company),
            "payments": payments,
        }

    @api.constrains("move_ids", "partner_id", "company_id", "contact_id")
    def _check_dunning_customer(self):
        """A call is about invoices of the customer and a person there: the
        call wizard's choices, checked for imports and RPC too."""
        for call in self:
            call.sudo().move_ids.with_env(self.env)._dunning_check_open_invoices(
                call.company_id, call.partner_id, require_open=False
            )
            call.partner_id._dunning_check_contact(call.contact_id)

    @api.model_create_multi
    def create(self, vals_list):
        calls = super().create(vals_list)
        outcomes = dict(self._fields["outcome"]._description_selection(self.env))
        for call in calls:
            note = f" {call.note}" if call.note else ""
            body = self.env._(
                'Dunning call: %(contact)s, outcome "%(outcome)s".%(note)s',
                contact=call.contact_id.display_name or call.partner_id.display_name,
                outcome=outcomes[call.outcome],
                note=note,
            )
            for move in call.move_ids:
                move.message_post(body=body)
            call.partner_id.commercial_partner_id._dunning_log(call.company_id, body)
        return calls
