from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.pdf import merge_pdf

from ..lib import analytics
from ..lib import dates as date_rules

COLLECTIVE_PROCEDURES = [
    ("none", "None"),
    ("sauvegarde", "Safeguard proceedings (sauvegarde)"),
    ("redressement", "Receivership (redressement judiciaire)"),
    ("liquidation", "Compulsory liquidation (liquidation judiciaire)"),
]

# Who reads the dunning fields of customers and invoices: internal users with
# the accounting groups (the dunning groups imply them); never portal or public
# users, who may read their own partner and invoices.
DUNNING_READERS = "account.group_account_invoice,account.group_account_readonly"

PAYER_PROFILES = [
    (analytics.NEW, "New customer"),
    (analytics.GOOD, "Good payer"),
    (analytics.OCCASIONAL, "Occasional late payer"),
    (analytics.CHRONIC, "Chronic bad payer"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    dunning_scenario_id = fields.Many2one(
        "account.dunning.scenario",
        string="Dunning scenario",
        company_dependent=True,
        domain="[('company_id', '=', current_company_id)]",
        help="Empty: the company's default scenario.",
        groups=DUNNING_READERS,
    )
    dunning_contact_id = fields.Many2one(
        "res.partner",
        string="Payment contact",
        domain="[('parent_id', '=', id)]",
        help="The person the reminders are addressed to (often accounts payable, not "
        "necessarily the accountant).",
        copy=False,
        groups=DUNNING_READERS,
    )
    dunning_blocked = fields.Boolean(
        company_dependent=True,
        string="Customer excluded from dunning",
        tracking=True,
        help="No reminder is sent to this customer.",
        groups=DUNNING_READERS,
    )
    dunning_credit_hold = fields.Boolean(
        company_dependent=True,
        string="Account blocked",
        tracking=True,
        help='Set by a "Block the customer account" dunning level.',
        groups=DUNNING_READERS,
    )
    dunning_litigation = fields.Boolean(
        company_dependent=True,
        string="In litigation",
        tracking=True,
        help="The file has been passed to litigation: no more amicable reminders.",
        groups=DUNNING_READERS,
    )
    dunning_reminder_ids = fields.One2many(
        "account.dunning.reminder",
        "partner_id",
        string="Reminders",
        groups=DUNNING_READERS,
    )
    dunning_reminder_count = fields.Integer(
        compute="_compute_dunning_reminder_count",
        string="Number of reminders",
        groups=DUNNING_READERS,
    )
    dunning_level_max = fields.Many2one(
        "account.dunning.level",
        string="Highest dunning level",
        compute="_compute_dunning_overdue",
        help="The highest level reached by an invoice that is still open.",
        groups=DUNNING_READERS,
    )
    dunning_overdue_amount = fields.Monetary(
        string="Overdue amount",
        compute="_compute_dunning_overdue",
        currency_field="dunning_currency_id",
        groups=DUNNING_READERS,
    )
    dunning_currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_dunning_overdue",
        groups=DUNNING_READERS,
    )
    dunning_debtor_kind = fields.Selection(
        [("professional", "Business"), ("consumer", "Consumer (private individual)")],
        string="Debtor type",
        compute="_compute_dunning_debtor_kind",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        help="Business: late-payment penalties and fixed indemnity of 40 € (L441-10 "
        "and D441-5 of the French Commercial Code). Consumer: interest at the "
        "legal rate from the formal notice (articles 1231-6 and 1344 of the "
        "French Civil Code), no indemnity; 2-year limitation period.",
        copy=False,
        groups=DUNNING_READERS,
    )
    payer_profile = fields.Selection(
        PAYER_PROFILES,
        string="Payer profile",
        company_dependent=True,
        readonly=True,
        copy=False,
        groups=DUNNING_READERS,
        help="From the invoices fully paid over the last 12 months and the broken "
        "promises: new customer (too few invoices), chronic bad payer, good payer "
        "or occasional late payer, by the thresholds of the company's settings. "
        "Computed every night.",
    )
    avg_days_late = fields.Float(
        string="Average delay (days)",
        digits=(16, 1),
        company_dependent=True,
        readonly=True,
        copy=False,
        groups=DUNNING_READERS,
        help="Over the invoices fully paid in the last 12 months: date of the last "
        "payment less the due date, 0 for an invoice paid on time.",
    )
    late_payment_ratio = fields.Float(
        string="Paid late (%)",
        digits=(16, 1),
        company_dependent=True,
        readonly=True,
        copy=False,
        groups=DUNNING_READERS,
        help="Share of the invoices fully paid in the last 12 months that were paid "
        "after their due date.",
    )
    broken_promise_count = fields.Integer(
        string="Broken promises",
        company_dependent=True,
        readonly=True,
        copy=False,
        groups=DUNNING_READERS,
        help="Payment promises broken or only partly kept in the last 12 months.",
    )
    dunning_dso = fields.Float(
        string="DSO (days)",
        digits=(16, 1),
        company_dependent=True,
        readonly=True,
        copy=False,
        groups=DUNNING_READERS,
        help="Days sales outstanding by the countback method: how many days of "
        "this customer's sales its open receivable represents.",
    )
    dunning_payer_attitude = fields.Text(
        string="Attitude to adopt",
        compute="_compute_dunning_payer_attitude",
        groups=DUNNING_READERS,
    )
    collective_procedure = fields.Selection(
        COLLECTIVE_PROCEDURES,
        string="Collective insolvency proceedings",
        default="none",
        tracking=True,
        copy=False,
        groups=DUNNING_READERS,
    )
    collective_procedure_date = fields.Date(
        string="Date of the opening judgment", copy=False, groups=DUNNING_READERS
    )
    collective_procedure_bodacc_date = fields.Date(
        string="BODACC publication date", copy=False, groups=DUNNING_READERS
    )
    collective_procedure_claim_deadline = fields.Date(
        string="Deadline for filing the proof of claim",
        compute="_compute_collective_procedure_claim_deadline",
        store=True,
        readonly=False,
        help="Two months after the BODACC publication, four for a creditor "
        "outside metropolitan France (Code de commerce R622-24).",
        copy=False,
        groups=DUNNING_READERS,
    )
    collective_procedure_mandataire_id = fields.Many2one(
        "res.partner",
        string="Creditors' representative (mandataire judiciaire)",
        help="The creditors' representative (mandataire judiciaire) with whom to "
        "file the proof of claim.",
        copy=False,
        groups=DUNNING_READERS,
    )
    dunning_promise_ids = fields.One2many(
        "account.dunning.promise",
        "partner_id",
        string="Payment promises",
        groups=DUNNING_READERS,
    )
    dunning_objection_ids = fields.One2many(
        "account.dunning.objection",
        "partner_id",
        string="Objections",
        groups=DUNNING_READERS,
    )

    @api.depends("is_company", "parent_id", "vat")
    def _compute_dunning_debtor_kind(self):
        """A private individual (not a company, no parent company, no VAT
        number) is a consumer: no 40 EUR indemnity (D441-5 is for
        professionals). Derived again when one of these changes; the user may
        choose otherwise by hand (a sole trader without VAT number)."""
        for partner in self:
            private = not (partner.is_company or partner.parent_id or partner.vat)
            partner.dunning_debtor_kind = "consumer" if private else "professional"

    def _compute_dunning_reminder_count(self):
        counts = dict(
            self.env["account.dunning.reminder"]._read_group(
                [("partner_id", "in", self.ids)],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.dunning_reminder_count = counts.get(partner, 0)

    def write(self, vals):
        result = super().write(vals)
        if "dunning_scenario_id" in vals:
            # another ladder: the customer's instalments are read again
            self.env["account.move.line"]._dunning_reschedule(
                [
                    ("company_id", "=", self.env.company.id),
                    ("partner_id", "in", self.commercial_partner_id.ids),
                ]
            )
        return result

    def _compute_dunning_overdue(self):
        """Open instalments past their due date, in the current company."""
        company = self.env.company
        today = fields.Date.context_today(self)
        lines = self.env["account.move.line"]
        groups = lines._read_group(
            lines._dunning_open_domain(company)
            + [
                ("partner_id", "child_of", self.commercial_partner_id.ids),
                ("date_maturity", "<", today),
            ],
            ["partner_id"],
            ["amount_residual:sum", "dunning_level_id:recordset"],
        )
        by_partner = defaultdict(lambda: (0.0, lines.dunning_level_id))
        for partner, amount, levels in groups:
            total, known = by_partner[partner.commercial_partner_id]
            by_partner[partner.commercial_partner_id] = (total + amount, known | levels)
        for partner in self:
            amount, levels = by_partner[partner.commercial_partner_id]
            partner.dunning_overdue_amount = amount
            partner.dunning_currency_id = company.currency_id
            partner.dunning_level_max = levels.sorted("delay_days")[-1:]

    @api.depends("payer_profile")
    @api.depends_context("company")
    def _compute_dunning_payer_attitude(self):
        attitudes = self._dunning_payer_attitudes()
        for partner in self:
            partner.dunning_payer_attitude = attitudes.get(
                partner.commercial_partner_id.payer_profile
            )

    def _dunning_payer_attitudes(self):
        """What the profile suggests when calling (seed 001)."""
        return {
            analytics.NEW: self.env._(
                "New customer: no payment history over the last 12 months yet. "
                "Confirm the payment terms and who handles the payments; hold to "
                "the agreed terms."
            ),
            analytics.GOOD: self.env._(
                "Good payer: a courteous tone, this is most likely an oversight "
                '("You have no doubt forgotten to pay invoice ...?"). The usual '
                "terms remain."
            ),
            analytics.OCCASIONAL: self.env._(
                "Occasional late payer: find out why this payment is late and obtain "
                "a precise date and amount; no special terms until it is paid."
            ),
            analytics.CHRONIC: self.env._(
                "Chronic bad payer: remove the special terms, deliver only against a "
                "deposit or prepayment, and apply the dunning fees and late-payment "
                "penalties."
            ),
        }

    @api.model
    def _dunning_update_payer_profiles(self, date=None):
        """What the profile cron calls: the payer profile, its figures and the
        DSO of every customer in every company, then each company's DSO and
        its trend, on ``date`` (default today); see account.dunning.analytics."""
        self.env["account.dunning.analytics"]._update_all(
            fields.Date.to_date(date) or fields.Date.context_today(self)
        )

    @api.constrains("dunning_scenario_id")
    def _check_dunning_scenario(self):
        for partner in self.filtered("dunning_scenario_id"):
            partner.dunning_scenario_id._check_assignable(
                self.env.company, partner.display_name
            )

    @api.constrains("dunning_contact_id")
    def _check_dunning_contact(self):
        for partner in self:
            partner._dunning_check_contact(partner.dunning_contact_id)

    def _dunning_check_contact(self, contact):
        """Refuse ``contact`` as the person the dunning of customer ``self``
        deals with unless it is the customer or one of its contacts: the
        reminders and invoice lists go to that person."""
        self.ensure_one()
        customer = self.commercial_partner_id
        if contact and contact.commercial_partner_id != customer:
            raise ValidationError(
                self.env._(
                    "%(contact)s is not a contact of %(customer)s: choose one of "
                    "the contacts of %(customer)s (create it under the customer "
                    "first if needed).",
                    contact=contact.display_name,
                    customer=customer.display_name,
                )
            )

    def _dunning_as_company(self, company):
        """These customers as superuser, in ``company``'s context.

        A dunning user records promises, objections and calls without the
        right to edit contacts (Contact Creation): what the dunning itself
        writes on the customer goes through here, in the company the dunning
        is about, never in another one.
        """
        return self.sudo().with_company(company)

    def _dunning_log(self, company, body, **kwargs):
        """Post a dunning note on these customers, signed by the current user.

        See :meth:`_dunning_as_company`: the note is posted as superuser but
        its author is the user who acted, in ``company``'s context.
        """
        author = self.env.user.partner_id
        messages = self.env["mail.message"]
        for partner in self._dunning_as_company(company):
            messages |= partner.message_post(body=body, author_id=author.id, **kwargs)
        return messages

    def _dunning_recipient(self):
        """Who receives the reminders: the dunning contact, else the customer.

        A payment contact moved to another company since it was chosen is
        no longer the customer's: the reminders go to the customer then.
        """
        self.ensure_one()
        contact = self.dunning_contact_id
        if contact.commercial_partner_id == self.commercial_partner_id:
            return contact
        return self

    def _dunning_scenario_map(self, company):
        """Scenario of each partner in ``company``: its own, else the default."""
        default = company.dunning_scenario_id
        result = {}
        for partner in self.with_company(company):
            scenario = partner.dunning_scenario_id or default
            if scenario.active and scenario.company_id == company:
                result[partner] = scenario
        return result

    def _dunning_net_balances(self, company, date):
        """Net receivable of each partner in company currency, in one reading.

        ``overdue``: what fell due before ``date`` less every credit not yet
        reconciled (credit notes, payments on account), the amount compared
        to the scenario minimum. ``preventive``: the whole open balance.
        """
        lines = self.env["account.move.line"]
        query = lines._search(
            [
                ("company_id", "=", company.id),
                ("partner_id", "child_of", self.ids),
                ("account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
            ]
        )
        partner, residual, due = (
            lines._field_to_sql(query.table, fname, query)
            for fname in ("partner_id", "amount_residual", "date_maturity")
        )
        query.groupby = partner
        rows = self.env.execute_query(
            query.select(
                partner,
                SQL(
                    "SUM(%(residual)s) FILTER (WHERE %(due)s < %(date)s "
                    "OR %(residual)s < 0)",
                    residual=residual,
                    due=due,
                    date=date,
                ),
                SQL("SUM(%s)", residual),
            )
        )
        balances = defaultdict(lambda: {"overdue": 0.0, "preventive": 0.0})
        partners = self.browse([partner_id for partner_id, _o, _w in rows])
        for record, (_id, overdue, whole) in zip(partners, rows, strict=True):
            balance = balances[record.commercial_partner_id]
            balance["overdue"] += overdue or 0.0
            balance["preventive"] += whole or 0.0
        return balances

    def action_view_dunning_reminders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_dunning_fr.account_dunning_reminder_action"
        )
        action["domain"] = [("partner_id", "child_of", self.commercial_partner_id.id)]
        action["context"] = {"create": False}
        return action

    def _dunning_open_invoices(self):
        return self.env["account.move"].search(
            self.env["account.move"]._dunning_open_domain(self.env.company)
            + [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
            order="invoice_date_due, id",
        )

    def _dunning_overdue_invoices(self, company):
        """The customer's (commercial partner's) open invoices of ``company``
        with an instalment past its due date, oldest due first."""
        Move = self.env["account.move"]
        return Move.search(
            Move._dunning_open_domain(company)
            + [
                ("commercial_partner_id", "in", self.commercial_partner_id.ids),
                (
                    "line_ids",
                    "any",
                    [
                        ("account_type", "=", "asset_receivable"),
                        ("reconciled", "=", False),
                        ("date_maturity", "<", fields.Date.context_today(self)),
                    ],
                ),
            ],
            order="invoice_date_due, id",
        )

    def _dunning_wizard_action(self, xmlid):
        self.ensure_one()
        return self._dunning_open_invoices()._dunning_wizard_action(xmlid, self)

    def action_dunning_register_objection(self):
        return self._dunning_wizard_action(
            "account_dunning_fr.account_dunning_objection_wizard_action"
        )

    def action_dunning_register_promise(self):
        return self._dunning_wizard_action(
            "account_dunning_fr.account_dunning_promise_wizard_action"
        )

    def action_dunning_log_call(self):
        return self._dunning_wizard_action(
            "account_dunning_fr.account_dunning_call_wizard_action"
        )

    def action_dunning_payment_plan(self):
        return self._dunning_wizard_action(
            "account_dunning_fr.account_dunning_plan_wizard_action"
        )

    # ------------------------------------------------------------------
    # Litigation: the injonction-de-payer file
    # ------------------------------------------------------------------
    def _dunning_court_file_documents(self):
        """What the court file encloses, in order: the open invoices, then every
        sent reminder, with the letter of those sent by letter or email and the
        other documents attached to it (acknowledgement of receipt of the
        registered letter)."""
        self.ensure_one()
        invoices = self._dunning_open_invoices()
        reminders = self.env["account.dunning.reminder"].search(
            [
                ("partner_id", "child_of", self.commercial_partner_id.id),
                ("state", "=", "sent"),
                ("move_ids", "in", invoices.ids),
            ],
            order="date, id",
        )
        # only the letters that were sent: no phone call or SMS had one
        letters = reminders.filtered(
            lambda r: r.channel in ("letter", "registered_letter", "email")
        )
        attachments = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "account.dunning.reminder"),
                ("res_id", "in", letters.ids),
                ("mimetype", "=", "application/pdf"),
            ],
            order="res_id, id",
        )
        return invoices, reminders, attachments

    @api.depends("collective_procedure_bodacc_date")
    def _compute_collective_procedure_claim_deadline(self):
        outside = self.env.company._dunning_outside_metropolitan()
        for partner in self:
            partner.collective_procedure_claim_deadline = (
                date_rules.claim_declaration_deadline(
                    partner.collective_procedure_bodacc_date, outside
                )
            )

    def _dunning_court_file_values(self):
        invoices, reminders, attachments = self._dunning_court_file_documents()
        details = invoices._dunning_penalty_details()
        by_currency = {}
        for move in invoices:
            totals = by_currency.setdefault(
                move.currency_id,
                dict.fromkeys(("principal", "penalty", "indemnity"), 0.0),
            )
            for key in totals:
                totals[key] += details[move.id][key]
        return {
            "invoices": invoices,
            "details": details,
            "reminders": reminders,
            "attachments": attachments,
            "totals": [
                dict(
                    totals,
                    currency=currency,
                    total=currency.round(sum(totals.values())),
                )
                for currency, totals in by_currency.items()
            ],
        }

    def action_dunning_court_file(self):
        """One PDF for the injonction de payer: cover with the claim, the invoices,
        the reminders and the formal notice with its acknowledgement."""
        self.ensure_one()
        partner = self.commercial_partner_id
        invoices, _reminders, attachments = partner._dunning_court_file_documents()
        if not invoices:
            raise UserError(
                self.env._(
                    "%(partner)s has no unpaid invoice: there is no file to prepare.",
                    partner=partner.name,
                )
            )
        reports = self.env["ir.actions.report"]
        parts = [
            reports._render_qweb_pdf(
                "account_dunning_fr.action_report_court_file", partner.ids
            )[0],
            # one invoice per rendering: Odoo reuses the PDF already sent to the
            # customer
            *(
                reports._render_qweb_pdf("account.account_invoices", move.ids)[0]
                for move in invoices
            ),
            *attachments.mapped("raw"),
        ]
        # posted with the file attached by the dunning user, who may not edit
        # the customer (an attachment on it needs that right)
        message = partner._dunning_log(
            self.env.company,
            self.env._(
                "Order for payment file prepared (%(count)s invoices).",
                count=len(invoices),
            ),
            attachments=[
                (
                    self.env._(
                        "Order for payment file - %(partner)s.pdf",
                        partner=partner.name,
                    ),
                    merge_pdf(parts),
                )
            ],
        )
        attachment = message.attachment_ids
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
