from markupsafe import Markup

from odoo import api, fields, models

from ..lib import objections as objection_rules
from .res_partner import COLLECTIVE_PROCEDURES

# Actions that keep the invoices out of dunning while the objection is open.
HOLDING_ACTIONS = ("suspend", "collective_procedure", "stop")


class AccountDunningObjection(models.Model):
    _name = "account.dunning.objection"
    _description = "Objection"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    type_id = fields.Many2one(
        "account.dunning.objection.type", string="Motif", required=True, tracking=True
    )
    category = fields.Selection(related="type_id.category", store=True)
    action = fields.Selection(related="type_id.action", string="Action automatique")
    answer = fields.Html(related="type_id.answer", string="Réponse recommandée")
    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, index=True, check_company=True
    )
    contact_id = fields.Many2one(
        "res.partner", string="Interlocuteur", check_company=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsable",
        default=lambda self: self.env.user,
        check_company=True,
    )
    move_ids = fields.Many2many(
        "account.move",
        "account_dunning_objection_move_rel",
        "objection_id",
        "move_id",
        string="Factures",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('payment_state', 'in', ('not_paid', 'partial'))]",
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    note = fields.Html()
    state = fields.Selection(
        [("open", "Ouverte"), ("resolved", "Résolue")],
        string="État",
        default="open",
        required=True,
        tracking=True,
        index=True,
    )
    date_resolved = fields.Date(string="Résolue le", readonly=True, copy=False)
    holds_dunning = fields.Boolean(
        string="Suspend les relances",
        compute="_compute_holds_dunning",
        store=True,
        help="Tant que l'objection est ouverte, ses factures ne sont pas relancées "
        "(jusqu'à la date de fin de suspension si elle est fixée).",
    )
    suspended_until = fields.Date(
        string="Suspension jusqu'au",
        compute="_compute_holds_dunning",
        store=True,
    )
    call_id = fields.Many2one(
        "account.dunning.call", string="Appel", check_company=True
    )
    proof_attachment_ids = fields.Many2many(
        "ir.attachment",
        string="Justificatifs",
        help="Bon de livraison ou autre pièce envoyée au client.",
    )
    procedure_type = fields.Selection(
        [p for p in COLLECTIVE_PROCEDURES if p[0] != "none"],
        string="Procédure",
    )
    procedure_date = fields.Date(string="Date du jugement d'ouverture")
    procedure_bodacc_date = fields.Date(string="Date de publication au BODACC")
    procedure_mandataire_id = fields.Many2one(
        "res.partner", string="Mandataire judiciaire"
    )

    @api.depends("type_id.category", "type_id.action", "type_id.suspend_days", "date")
    def _compute_holds_dunning(self):
        for objection in self:
            kind = objection.type_id
            objection.holds_dunning = (
                kind.category == "dispute" or kind.action in HOLDING_ACTIONS
            )
            objection.suspended_until = (
                objection.holds_dunning
                and kind.suspend_days
                and fields.Date.add(objection.date, days=kind.suspend_days)
            )

    @api.depends("type_id", "partner_id")
    def _compute_display_name(self):
        for objection in self:
            objection.display_name = (
                f"{objection.partner_id.name or ''} : {objection.type_id.name or ''}"
            )

    @api.constrains("move_ids", "partner_id", "company_id")
    def _check_dunning_moves(self):
        for objection in self:
            objection.move_ids._dunning_check_open_invoices(
                objection.company_id, objection.partner_id
            )

    @api.model_create_multi
    def create(self, vals_list):
        objections = super().create(vals_list)
        for objection in objections:
            objection._apply_action()
        return objections

    def _contact(self):
        return self.contact_id or self.partner_id._dunning_recipient()

    def _log(self, body):
        """Post ``body`` on the objection, its invoices and its customer."""
        for record in (*self, *self.move_ids, *self.partner_id.commercial_partner_id):
            record.message_post(body=body)

    def action_resolve(self):
        for objection in self.filtered(lambda o: o.state == "open"):
            objection.write(
                {"state": "resolved", "date_resolved": fields.Date.context_today(self)}
            )
            objection._log(
                objection.env._(
                    "Objection « %(type)s » résolue : les relances des factures "
                    "reprennent.",
                    type=objection.type_id.name,
                )
            )

    def action_reopen(self):
        self.filtered(lambda o: o.state == "resolved").write(
            {"state": "open", "date_resolved": False}
        )

    def action_open_payment_plan(self):
        self.ensure_one()
        return self.move_ids._dunning_wizard_action(
            "account_dunning_fr.account_dunning_plan_wizard_action",
            self.partner_id,
            {"default_objection_id": self.id},
        )

    # ------------------------------------------------------------------
    # Automatic actions
    # ------------------------------------------------------------------
    def _apply_action(self):
        self.ensure_one()
        self._log(
            Markup("<p>%s</p>%s")
            % (
                self.env._(
                    "Objection enregistrée : %(type)s. Réponse recommandée :",
                    type=self.type_id.name,
                ),
                self.type_id.answer or "",
            )
        )
        handler = getattr(self, f"_apply_{self.action}", None)
        if handler:
            handler()

    def _apply_resend_invoice(self):
        report = self.env.ref("account.account_invoices")
        attachments = self.env["ir.attachment"]
        for move in self.move_ids:
            content, _kind = (
                self.env["ir.actions.report"]
                .with_context(dunning_duplicate=True)
                ._render_qweb_pdf(report, move.ids)
            )
            attachments |= self.env["ir.attachment"].create(
                {
                    "name": self.env._(
                        "DUPLICATA - %(name)s.pdf", name=move.name.replace("/", "_")
                    ),
                    "raw": content,
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": "application/pdf",
                }
            )
        self._send_to_customer(
            self.env._(
                "DUPLICATA des factures %(names)s",
                names=", ".join(self.move_ids.mapped("name")),
            ),
            self.env._(
                "Comme convenu, veuillez trouver ci-joint le duplicata des factures "
                "%(names)s. Merci de nous confirmer la date de leur règlement.",
                names=", ".join(self.move_ids.mapped("name")),
            ),
            attachments,
        )

    def _apply_send_proof(self):
        proofs = self.proof_attachment_ids or self.env["ir.attachment"].search(
            [
                ("res_model", "=", "account.move"),
                ("res_id", "in", self.move_ids.ids),
                ("id", "not in", self.move_ids.message_main_attachment_id.ids),
            ]
        )
        if not proofs:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Envoyer le bon de livraison au client"),
                note=self.env._(
                    "Aucun justificatif n'est joint aux factures : joignez le bon de "
                    "livraison et envoyez-le au client."
                ),
                user_id=self.user_id.id or self.env.uid,
            )
            return
        self._send_to_customer(
            self.env._(
                "Justificatifs des factures %(names)s",
                names=", ".join(self.move_ids.mapped("name")),
            ),
            self.env._(
                "Veuillez trouver ci-joint les justificatifs (bon de livraison...) des "
                "factures %(names)s. Rien ne s'oppose plus à leur règlement immédiat.",
                names=", ".join(self.move_ids.mapped("name")),
            ),
            proofs,
        )

    def _apply_suspend(self):
        if self.suspended_until:
            body = self.env._(
                "Relances suspendues jusqu'au %(date)s ou jusqu'à la résolution de "
                "l'objection.",
                date=self.suspended_until.strftime("%d/%m/%Y"),
            )
        else:
            body = self.env._(
                "Relances suspendues jusqu'à la résolution de l'objection."
            )
        self._log(body)

    def _apply_stop(self):
        self._log(self.env._("Relances arrêtées tant que l'objection reste ouverte."))

    def _apply_payment_plan(self):
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Proposer un échéancier au client"),
            note=self.env._(
                "Difficultés de trésorerie : négociez un échéancier le plus court "
                "possible et faites-le confirmer par écrit."
            ),
            user_id=self.user_id.id or self.env.uid,
        )

    def _apply_ask_transfer(self):
        banks = self.company_id.partner_id.bank_ids
        iban = ", ".join(banks.mapped("display_name")) or self.env._(
            "(voir nos coordonnées bancaires)"
        )
        self._send_to_customer(
            self.env._(
                "Règlement par virement des factures %(names)s",
                names=", ".join(self.move_ids.mapped("name")),
            ),
            self.env._(
                "Le chèque annoncé ne nous est pas parvenu. Merci de faire opposition "
                "et de nous régler dès aujourd'hui par virement bancaire, qui ne peut "
                "se perdre, sur le compte %(iban)s, en rappelant les factures "
                "%(names)s.",
                iban=iban,
                names=", ".join(self.move_ids.mapped("name")),
            ),
        )

    def _apply_collective_procedure(self):
        partner = self.partner_id.commercial_partner_id
        deadline = objection_rules.claim_declaration_deadline(
            self.procedure_bodacc_date
        )
        partner.write(
            {
                "collective_procedure": self.procedure_type or "redressement",
                "collective_procedure_date": self.procedure_date,
                "collective_procedure_bodacc_date": self.procedure_bodacc_date,
                "collective_procedure_mandataire_id": self.procedure_mandataire_id.id,
                "collective_procedure_claim_deadline": deadline,
            }
        )
        partner.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=deadline or fields.Date.context_today(self),
            summary=self.env._("Déclarer la créance au mandataire judiciaire"),
            note=self.env._(
                "Déclarez la créance au mandataire %(mandataire)s avant le "
                "%(deadline)s (deux mois après la publication au BODACC).",
                mandataire=self.procedure_mandataire_id.name or "-",
                deadline=deadline
                and deadline.strftime("%d/%m/%Y")
                or self.env._("(date de publication BODACC à saisir)"),
            ),
            user_id=self.user_id.id or self.env.uid,
        )
        self._log(
            self.env._(
                "Procédure collective : relances arrêtées, déclaration de créance "
                "avant le %(deadline)s.",
                deadline=deadline and deadline.strftime("%d/%m/%Y") or "-",
            )
        )

    def _send_to_customer(self, subject, text, attachments=None):
        """Email the customer's dunning contact from the objection, logged
        everywhere."""
        contact = self._contact()
        self.message_post(
            subject=subject,
            body=Markup("<p>%s</p>") % text,
            partner_ids=contact.ids,
            attachment_ids=attachments.ids if attachments else [],
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        for record in (*self.move_ids, self.partner_id.commercial_partner_id):
            record.message_post(
                body=self.env._(
                    "Envoyé à %(contact)s : %(subject)s",
                    contact=contact.display_name,
                    subject=subject,
                )
            )
