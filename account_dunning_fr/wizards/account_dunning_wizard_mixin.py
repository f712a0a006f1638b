from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AccountDunningWizardMixin(models.AbstractModel):
    """What the call, promise, plan and objection wizards share: a customer,
    the person reached there and some of its open invoices."""

    _name = "account.dunning.wizard.mixin"
    _description = "Dunning wizard (common)"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact person",
        compute="_compute_contact_id",
        store=True,
        readonly=False,
        domain="['|', ('id', '=', partner_id), ('parent_id', '=', partner_id)]",
    )
    move_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        domain="[('commercial_partner_id', '=', partner_id), ('company_id', '=', "
        "company_id), ('move_type', '=', 'out_invoice'), ('state', '=', "
        "'posted'), ('payment_state', 'in', ('not_paid', 'partial'))]",
    )
    currency_id = fields.Many2one("res.currency", compute="_compute_residual")
    amount_residual = fields.Monetary(
        string="Balance due",
        compute="_compute_residual",
        currency_field="currency_id",
    )
    call_id = fields.Many2one("account.dunning.call")

    @api.depends("partner_id")
    def _compute_contact_id(self):
        for wizard in self:
            wizard.contact_id = (
                wizard.partner_id and wizard.partner_id._dunning_recipient()
            )

    @api.depends("move_ids", "company_id")
    def _compute_residual(self):
        for wizard in self:
            wizard.currency_id = (
                wizard.move_ids.currency_id[:1] or wizard.company_id.currency_id
            )
            wizard.amount_residual = sum(wizard.move_ids.mapped("amount_residual"))

    @api.constrains("partner_id", "contact_id", "move_ids", "company_id")
    def _check_dunning_customer(self):
        """What the view's domains offer, checked for imports and RPC too:
        invoices of the customer in the company, all readable by the user, and
        a contact of the customer."""
        for wizard in self:
            # the invoices the user cannot read vanish from ``move_ids``
            moves = wizard.sudo().move_ids.with_env(self.env)
            hidden = moves - moves._filtered_access("read")
            if hidden:
                raise ValidationError(
                    self.env._(
                        "You cannot read %(count)s of the selected invoices "
                        "(another company's, or outside your access rights): "
                        "select only invoices of %(partner)s in %(company)s.",
                        count=len(hidden),
                        partner=wizard.partner_id.name,
                        company=wizard.company_id.name,
                    )
                )
            moves._dunning_check_open_invoices(
                wizard.company_id, wizard.partner_id, require_open=False
            )
            wizard.partner_id._dunning_check_contact(wizard.contact_id)

    def _prepare_common_vals(self):
        self.ensure_one()
        return {
            "company_id": self.company_id.id,
            "partner_id": self.partner_id.commercial_partner_id.id,
            "contact_id": self.contact_id.id,
            "move_ids": [fields.Command.set(self.move_ids.ids)],
            "call_id": self.call_id.id,
        }

    def _chain(self, xmlid, **context):
        """The next wizard of the call, on the same customer and invoices."""
        action = self.move_ids._dunning_wizard_action(xmlid, self.partner_id)
        action["context"].update(
            {f"default_{key}": value for key, value in context.items()},
            default_contact_id=self.contact_id.id,
            default_call_id=self.call_id.id,
        )
        return action
