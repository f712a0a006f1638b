from markupsafe import Markup

from odoo import api, fields, models

from ..lib import dates as date_rules

# Actions that keep the invoices out of dunning while the objection is open.
HOLDING_ACTIONS = ("suspend", "collective_procedure", "stop")
# Actions whose email the accountant reviews in the composer when recording
# the objection (the portal's objections send it at once): its builder.
REVIEWED = {"resend_invoice": "_resend_invoice_mail"}


class AccountDunningObjection(models.Model):
    _name = "account.dunning.objection"
    _description = "Objection"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "account.dunning.procedure.mixin",
        "account.dunning.composer.mixin",
    ]
    _order = "date desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    type_id = fields.Many2one(
        "account.dunning.objection.type", string="Reason", required=True, tracking=True
    )
    category = fields.Selection(related="type_id.category", store=True)
    action = fields.Selection(related="type_id.action", string="Automatic action")
    answer = fields.Html(related="type_id.answer", string="Recommended answer")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, check_company=True
    )
    contact_id = fields.Many2one(
        "res.partner", string="Contact person", check_company=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Person in charge",
        default=lambda self: self.env.user,
        check_company=True,
    )
    move_ids = fields.Many2many(
        "account.move",
        "account_dunning_objection_move_rel",
        "objection_id",
        "move_id",
        string="Invoices",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('payment_state', 'in', ('not_paid', 'partial'))]",
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    note = fields.Html()
    state = fields.Selection(
        [("open", "Open"), ("resolved", "Resolved")],
        string="Status",
        default="open",
        required=True,
        tracking=True,
        index=True,
    )
    date_resolved = fields.Date(string="Resolved on", readonly=True, copy=False)
    holds_dunning = fields.Boolean(
        string="Suspends dunning",
        compute="_compute_holds_dunning",
        store=True,
        help="While the objection is open, its invoices are not chased (until the "
        "end-of-suspension date if one is set).",
    )
    suspended_until = fields.Date(
        string="Suspended until",
        compute="_compute_holds_dunning",
        store=True,
    )
    call_id = fields.Many2one("account.dunning.call", check_company=True)
    proof_attachment_ids = fields.Many2many(
        "ir.attachment",
        string="Supporting documents",
        help="Delivery slip or other document sent to the customer.",
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
            objection.display_name = self.env._(
                "%(partner)s: %(reason)s",
                partner=objection.partner_id.name or "",
                reason=objection.type_id.name or "",
            )

    @api.constrains("move_ids", "partner_id", "company_id")
    def _check_dunning_moves(self):
        for objection in self:
            # every invoice linked, also those the user cannot read
            objection.sudo().move_ids.with_env(self.env)._dunning_check_open_invoices(
                objection.company_id, objection.partner_id
            )

    @api.constrains("contact_id", "partner_id")
    def _check_contact(self):
        for objection in self:
            objection.partner_id._dunning_check_contact(objection.contact_id)

    @api.model_create_multi
    def create(self, vals_list):
        objections = super().create(vals_list)
        for objection in objections:
            objection._apply_action()
        return objections

    def _contact(self):
        return self.contact_id or self.partner_id._dunning_recipient()

    def _customer_env(self):
        """The environment to write what the customer reads: its language."""
        lang = self._contact().lang or self.partner_id.lang
        if lang and self.env["res.lang"]._get_data(code=lang):
            return self.env(context=dict(self.env.context, lang=lang))
        return self.env

    def _log(self, body):
        """Post ``body`` on the objection, its invoices and its customer."""
        for record in (*self, *self.move_ids):
            record.message_post(body=body)
        for objection in self:
            objection.partner_id.commercial_partner_id._dunning_log(
                objection.company_id, body
            )

    def action_resolve(self):
        for objection in self.filtered(lambda o: o.state == "open"):
            objection.write(
                {"state": "resolved", "date_resolved": fields.Date.context_today(self)}
            )
            objection._log(
                objection.env._(
                    'Objection "%(type)s" resolved: dunning of the invoices resumes.',
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
                    "Objection recorded: %(type)s. Recommended answer:",
                    type=self.type_id.name,
                ),
                self.type_id.answer or "",
            )
        )
        handler = getattr(self, f"_apply_{self.action}", None)
        if self.env.context.get("dunning_review_mail") and self.action in REVIEWED:
            return  # the accountant reviews the email: _action_review_mail
        if handler:
            handler()

    def _apply_resend_invoice(self):
        self._send_to_customer(*self._resend_invoice_mail())

    def _resend_invoice_mail(self):
        """The duplicate of the invoices for the customer: subject, text and
        attachments, in the customer's language."""
        report = self.env.ref("account.account_invoices")
        attachments = self.env["ir.attachment"]
        customer_env = self._customer_env()
        for move in self.move_ids:
            content, _kind = (
                self.env["ir.actions.report"]
                .with_context(dunning_duplicate=True)
                ._render_qweb_pdf(report, move.ids)
            )
            attachments |= self.env["ir.attachment"].create(
                {
                    "name": customer_env._(
                        "DUPLICATE - %(name)s.pdf", name=move.name.replace("/", "_")
                    ),
                    "raw": content,
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": "application/pdf",
                }
            )
        return (
            customer_env._(
                "DUPLICATE of invoices %(names)s",
                names=", ".join(self.move_ids.mapped("name")),
            ),
            customer_env._(
                "As agreed, please find attached the duplicate of invoices "
                "%(names)s. Please confirm the date on which they will be paid.",
                names=", ".join(self.move_ids.mapped("name")),
            ),
            attachments,
        )

    def _action_review_mail(self):
        """The email of the objection's action in Odoo's composer, for the
        accountant to review before sending it."""
        self.ensure_one()
        subject, text, attachments = getattr(self, REVIEWED[self.action])()
        return self._dunning_composer_action(
            subject,
            default_subject=subject,
            default_body=Markup("<p>%s</p>") % text,
            default_partner_ids=self._contact().ids,
            default_attachment_ids=attachments.ids,
            dunning_log_mail=True,
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
                summary=self.env._("Send the delivery slip to the customer"),
                note=self.env._(
                    "No supporting document is attached to the invoices: attach the "
                    "delivery slip and send it to the customer."
                ),
                user_id=self.user_id.id or self.env.uid,
            )
            return
        customer_env = self._customer_env()
        self._send_to_customer(
            customer_env._(
                "Supporting documents for invoices %(names)s",
                names=", ".join(self.move_ids.mapped("name")),
            ),
            customer_env._(
                "Please find attached the supporting documents (delivery slip...) "
                "for invoices %(names)s. Nothing now prevents their immediate "
                "payment.",
                names=", ".join(self.move_ids.mapped("name")),
            ),
            proofs,
        )

    def _apply_suspend(self):
        if self.suspended_until:
            body = self.env._(
                "Dunning suspended until %(date)s or until the objection is resolved.",
                date=self.suspended_until.strftime("%d/%m/%Y"),
            )
        else:
            body = self.env._("Dunning suspended until the objection is resolved.")
        self._log(body)

    def _apply_stop(self):
        self._log(self.env._("Dunning stopped while the objection remains open."))

    def _apply_payment_plan(self):
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Propose a payment plan to the customer"),
            note=self.env._(
                "Cash-flow difficulties: negotiate the shortest possible payment "
                "plan and have it confirmed in writing."
            ),
            user_id=self.user_id.id or self.env.uid,
        )

    def _apply_ask_transfer(self):
        banks = self.company_id.partner_id.bank_ids
        customer_env = self._customer_env()
        iban = ", ".join(banks.mapped("display_name")) or customer_env._(
            "(see our bank details)"
        )
        self._send_to_customer(
            customer_env._(
                "Payment by bank transfer of invoices %(names)s",
                names=", ".join(self.move_ids.mapped("name")),
            ),
            customer_env._(
                "The cheque you announced has not reached us. Please stop it and pay "
                "us today by bank transfer, which cannot get lost, to account "
                "%(iban)s, quoting invoices %(names)s.",
                iban=iban,
                names=", ".join(self.move_ids.mapped("name")),
            ),
        )

    def _apply_collective_procedure(self):
        partner = self.partner_id.commercial_partner_id._dunning_as_company(
            self.company_id
        )
        deadline = date_rules.claim_declaration_deadline(
            self.procedure_bodacc_date,
            self.company_id._dunning_outside_metropolitan(),
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
            summary=self.env._(
                "File a proof of claim with the creditors' representative"
            ),
            note=self.env._(
                "File the proof of claim with the creditors' representative "
                "%(mandataire)s before %(deadline)s (two months after the BODACC "
                "publication).",
                mandataire=self.procedure_mandataire_id.name or "-",
                deadline=deadline
                and deadline.strftime("%d/%m/%Y")
                or self.env._("(BODACC publication date to be entered)"),
            ),
            user_id=self.user_id.id or self.env.uid,
        )
        self._log(
            self.env._(
                "Collective insolvency proceedings: dunning stopped, proof of claim "
                "to be filed before %(deadline)s.",
                deadline=deadline and deadline.strftime("%d/%m/%Y") or "-",
            )
        )

    def _send_to_customer(self, subject, text, attachments=None):
        """Email the customer's dunning contact from the objection, logged
        everywhere. ``subject`` and ``text`` are in the customer's language
        (:meth:`_customer_env`)."""
        contact = self._contact()
        self.message_post(
            subject=subject,
            body=Markup("<p>%s</p>") % text,
            partner_ids=contact.ids,
            attachment_ids=attachments.ids if attachments else [],
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self._log_sent(contact, subject)

    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        if self.env.context.get("dunning_log_mail"):
            # the email reviewed in the composer: logged as if sent at once
            self.ensure_one()
            self.with_context(dunning_log_mail=False)._log_sent(
                self._contact(), message.subject or ""
            )
        return message

    def _log_sent(self, contact, subject):
        body = self.env._(
            "Sent to %(contact)s: %(subject)s",
            contact=contact.display_name,
            subject=subject,
        )
        for move in self.move_ids:
            move.message_post(body=body)
        self.partner_id.commercial_partner_id._dunning_log(self.company_id, body)
