import logging
from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_repr, float_round, groupby, split_every
from odoo.tools.misc import formatLang
from odoo.tools.pdf import merge_pdf

from ..lib import amount_words, manual
from . import rule_messages
from .account_dunning_level import CHANNELS
from .account_move_line import column_arrays, write_bookkeeping

_logger = logging.getLogger(__name__)

SEND_BATCH_SIZE = 50
LETTER_CHANNELS = ("letter", "registered_letter")
# the channels that send the letter: printed, or attached to the email
LETTER_SENDING_CHANNELS = (*LETTER_CHANNELS, "email")
# gone out of the accountant's hands: an email in Odoo's mail queue, or sent
DISPATCHED_STATES = ("queued", "sent")
# what the reminder claims, in total
AMOUNT_FIELDS = ("amount_residual", "penalty_amount", "indemnity_amount")


class AccountDunningReminder(models.Model):
    _name = "account.dunning.reminder"
    _description = "Reminder"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "account.dunning.composer.mixin",
    ]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id")
    contact_id = fields.Many2one(
        "res.partner",
        string="Recipient",
        check_company=True,
        help="The contact for payment matters at the customer.",
    )
    scenario_id = fields.Many2one(
        "account.dunning.scenario",
        check_company=True,
        index=True,
    )
    level_id = fields.Many2one(
        "account.dunning.level",
        check_company=True,
        index=True,
        help="Empty for a pre-due-date reminder (before the due date).",
    )
    is_preventive = fields.Boolean(string="Pre-due-date reminder", readonly=True)
    is_formal_notice = fields.Boolean(related="level_id.is_formal_notice")
    channel = fields.Selection(CHANNELS, required=True, tracking=True)
    date = fields.Date(
        required=True,
        index=True,
        default=fields.Date.context_today,
    )
    line_ids = fields.Many2many(
        "account.move.line",
        "account_dunning_reminder_line_rel",
        "reminder_id",
        "line_id",
        string="Instalments",
        check_company=True,
        readonly=True,
        help="The receivable lines (instalments) of the invoices this reminder claims.",
    )
    move_ids = fields.Many2many(
        "account.move",
        "account_dunning_reminder_move_rel",
        "reminder_id",
        "move_id",
        string="Invoices",
        compute="_compute_move_ids",
        store=True,
        readonly=False,
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('payment_state', 'in', ('not_paid', 'partial')), "
        "('commercial_partner_id', '=', commercial_partner_id), "
        "('company_id', '=', company_id)]",
        help="The invoices of the instalments claimed. Choosing invoices claims "
        "their open instalments.",
    )
    move_count = fields.Integer(
        compute="_compute_move_count", string="Number of invoices"
    )
    level_label = fields.Char(
        string="Stage",
        compute="_compute_level_label",
        help="The level, or the pre-due-date reminder, which has none.",
    )
    currency_id = fields.Many2one("res.currency", required=True)
    amount_residual = fields.Monetary(
        string="Amount due",
        currency_field="currency_id",
        readonly=True,
        help="What the reminder claims as principal: the open amount of its "
        "invoices less the customer's payments and credit notes not yet "
        "reconciled (oldest debt first), never below zero. Checked again when "
        "the reminder is sent.",
    )
    penalty_amount = fields.Monetary(
        string="Late-payment penalties", currency_field="currency_id"
    )
    indemnity_amount = fields.Monetary(
        string="Fixed recovery indemnity", currency_field="currency_id"
    )
    amount_total = fields.Monetary(
        string="Total claimed",
        currency_field="currency_id",
        compute="_compute_amount_total",
        store=True,
    )
    state = fields.Selection(
        [
            ("draft", "To approve"),
            ("to_call", "To call"),
            ("queued", "Queued"),
            ("sent", "Sent"),
            ("cancel", "Cancelled"),
            ("error", "In error"),
        ],
        string="Status",
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Person in charge",
        check_company=True,
        tracking=True,
        default=lambda self: self.env.user,
    )
    error_message = fields.Text(string="Error", readonly=True)
    letter_attachment_id = fields.Many2one(
        "ir.attachment", string="Letter (PDF)", readonly=True, copy=False
    )
    is_printed = fields.Boolean(string="Printed", copy=False, tracking=True)
    mail_message_id = fields.Many2one(
        "mail.message",
        string="Email",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The email of the reminder: the reminder goes in error if Odoo's "
        "mail queue fails to send it.",
    )
    registered_number = fields.Char(
        string="Registered letter no.",
        copy=False,
        tracking=True,
        help="Tracking number of the registered letter with acknowledgement of "
        "receipt.",
    )
    acknowledgement_date = fields.Date(
        string="Acknowledgement of receipt date", copy=False, tracking=True
    )
    call_file = fields.Html(
        string="Call sheet",
        compute="_compute_call_file",
        help="What to have at hand for the call, as of now.",
    )
    notice_deadline = fields.Date(
        string="Payment deadline",
        readonly=True,
        copy=False,
        help="Period given to the customer by the formal notice, before legal "
        "action. Fixed when the notice is sent.",
    )
    claim_details = fields.Json(
        readonly=True,
        copy=False,
        help="What the reminder states, instalment by instalment: amounts, "
        "penalty breakdown. Refreshed until it is sent, then never again.",
    )
    run_id = fields.Many2one(
        "account.dunning.run",
        string="Dunning run",
        readonly=True,
        index="btree_not_null",
        copy=False,
        ondelete="set null",
    )
    penalty_move_id = fields.Many2one(
        "account.move",
        string="Penalty invoice",
        readonly=True,
        copy=False,
        check_company=True,
    )

    @api.onchange("partner_id")
    def _onchange_partner_id_prefill(self):
        """A reminder written by hand starts from the customer: its open
        overdue invoices, its payment contact (else its invoice address), the
        next level of its scenario after the levels its invoices reached, and
        that level's channel."""
        customer = self.partner_id.commercial_partner_id
        if not customer or self.state != "draft":
            return
        company = self.company_id or self.env.company
        overdue = customer._dunning_overdue_invoices(company)
        currency = overdue.currency_id[:1] or company.currency_id
        self.currency_id = currency
        self.move_ids = overdue.filtered(lambda m: m.currency_id == currency)
        contact = customer._dunning_recipient()
        if contact == customer:
            contact = self.env["res.partner"].browse(
                customer.address_get(["invoice"])["invoice"]
            )
        self.contact_id = contact
        self.scenario_id = customer._dunning_scenario_map(company).get(customer)
        levels = self.scenario_id.level_ids
        reached = overdue._dunning_receivable_lines().dunning_level_id
        self.level_id = levels.browse(manual.next_step(levels.ids, reached.ids))
        if self.level_id:
            self.channel = self.level_id.channel

    @api.onchange("level_id")
    def _onchange_level_id_channel(self):
        if self.level_id:
            self.channel = self.level_id.channel

    @api.depends("line_ids")
    def _compute_move_ids(self):
        for reminder in self:
            reminder.move_ids = reminder.line_ids.move_id

    @api.depends("level_id", "is_preventive")
    def _compute_level_label(self):
        for reminder in self:
            reminder.level_label = reminder.level_id.display_name or (
                reminder.is_preventive
                and reminder._fields["is_preventive"]._description_string(self.env)
            )

    @api.depends("move_ids")
    def _compute_move_count(self):
        for reminder in self:
            reminder.move_count = len(reminder.move_ids)

    @api.depends(*AMOUNT_FIELDS)
    def _compute_amount_total(self):
        for reminder in self:
            reminder.amount_total = sum(reminder[fname] for fname in AMOUNT_FIELDS)

    @api.constrains("move_ids", "partner_id", "company_id", "currency_id")
    def _check_dunning_moves(self):
        """The invoices of a reminder are the customer's posted invoices of
        its company in its currency: the letter lists them to the customer."""
        for reminder in self.sudo():
            reminder.move_ids.with_env(self.env)._dunning_check_open_invoices(
                reminder.company_id,
                reminder.partner_id,
                reminder.currency_id,
                require_open=False,
            )

    @api.constrains("contact_id", "partner_id")
    def _check_contact(self):
        for reminder in self:
            reminder.partner_id._dunning_check_contact(reminder.contact_id)

    @api.model_create_multi
    def create(self, vals_list):
        unnamed = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        for company_id, group in groupby(unnamed, key=lambda v: v.get("company_id")):
            company = self.env["res.company"].browse(company_id) or self.env.company
            for vals, name in zip(
                group, self._next_names(company, len(group)), strict=True
            ):
                vals["name"] = name
        reminders = super().create(vals_list)
        chosen_moves = reminders.filtered(lambda r: not r.line_ids)
        chosen_moves._claim_open_lines_of_moves()
        stated = self.browse(
            [
                reminder.id
                for reminder, vals in zip(reminders, vals_list, strict=True)
                if "claim_details" in vals
            ]
        )
        (reminders - chosen_moves - stated)._refresh_claims()
        return reminders

    def write(self, vals):
        result = super().write(vals)
        if vals.get("state") == "sent":
            for date, reminders in self.grouped("date").items():
                write_bookkeeping(reminders.line_ids, {"dunning_date_last": date})
        if "move_ids" in vals and "line_ids" not in vals:
            self._claim_open_lines_of_moves()
        elif {"date", "level_id", "line_ids"} & set(vals):
            self._refresh_claims()
        return result

    def _claim_open_lines_of_moves(self):
        """Invoices chosen by hand: claim their open instalments (and keep
        those already claimed of the invoices still chosen)."""
        for reminder in self:
            moves = reminder.move_ids
            kept = reminder.line_ids.filtered(lambda line, m=moves: line.move_id in m)
            new = moves.filtered(
                lambda m, k=kept: m not in k.move_id
            )._dunning_receivable_lines()
            reminder.line_ids = kept | new.filtered(
                lambda line: not line.reconciled
                and line.currency_id.compare_amounts(line.amount_residual_currency, 0)
                > 0
            )

    @api.model
    def _next_names(self, company, count):
        """``count`` references of ``company``'s reminder sequence, drawn in
        one query from a standard sequence."""
        sequence = self.env["ir.sequence"].search(
            [
                ("code", "=", "account.dunning.reminder"),
                ("company_id", "in", [company.id, False]),
            ],
            order="company_id",
            limit=1,
        )
        if not sequence:
            return ["/"] * count
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [
                sequence.with_company(company)._next() or "/" for _i in range(count)
            ]
        self.env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence.id:03d}",
                count,
            )
        )
        # get_next_char's format, its prefix and suffix interpolated once
        prefix, suffix = sequence.with_company(company)._get_prefix_suffix()
        return [
            f"{prefix}{number:0{sequence.padding}d}{suffix}"
            for (number,) in self.env.cr.fetchall()
        ]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if any(reminder.state in DISPATCHED_STATES for reminder in self):
            raise UserError(
                self.env._(
                    "A sent (or queued) reminder is part of the file's history: it "
                    "cannot be deleted."
                )
            )

    # ------------------------------------------------------------------
    # Creation from the escalation plan
    # ------------------------------------------------------------------
    @api.model
    def _create_from_plan(self, plan, company, date, run=None):
        """Create one reminder per plan group, stating what it claims, and
        mark its instalments as reached, in batch. The reminder is its own
        record of the preparation (its run, date, level and instalments); its
        chatter starts at sending. A group whose claim could not be stated (a
        rate missing) goes through ``create``, which puts it in error saying
        what to fix."""
        if not plan:
            return self
        claims = self._plan_claims(plan, date)
        vals_list = [
            dict(
                self._prepare_reminder_vals(group, company, date),
                run_id=run.id if run else False,
                **claims.get(index, {}),
            )
            for index, group in enumerate(plan)
        ]
        reminders = self._insert_stated(
            company, [vals for vals in vals_list if "claim_details" in vals]
        ) | self.with_context(tracking_disable=True).create(
            [vals for vals in vals_list if "claim_details" not in vals]
        )
        self.env["account.move.line"]._dunning_mark_reached(plan, date)
        reminders._supersede_drafts()
        return reminders.with_env(self.env)

    @api.model
    def _insert_stated(self, company, vals_list):
        """Insert the run's reminders whose claim is stated, in three queries
        (the reminders, their instalments, their invoices) instead of
        ``create``: their values are whole and consistent by construction
        (one customer's open instalments of ``company``, its scenario, level,
        recipient and currency, the claim computed from them), and at a
        hundred thousand invoices create's checks and caches were a third of
        the run. Nothing is tracked at creation, as with ``create`` in the
        run."""
        if not vals_list:
            return self
        names = self._next_names(company, len(vals_list))
        now = self.env.cr.now()
        currencies = self.env["res.currency"].browse(
            {vals["currency_id"] for vals in vals_list}
        )
        digits_of = {
            currency.id: (currency.rounding, currency.decimal_places)
            for currency in currencies
        }
        relations = {}
        rows = []
        for vals, name in zip(vals_list, names, strict=True):
            rounding, decimals = digits_of[vals["currency_id"]]
            amounts = {fname: vals[fname] for fname in AMOUNT_FIELDS}
            amounts["amount_total"] = sum(amounts.values())
            vals = dict(
                vals,
                # as Odoo stores amounts: to the currency's decimals
                **{
                    fname: float_repr(
                        float_round(amount, precision_rounding=rounding), decimals
                    )
                    for fname, amount in amounts.items()
                },
                name=name,
                state="draft",
                create_uid=self.env.uid,
                create_date=now,
                write_uid=self.env.uid,
                write_date=now,
            )
            for fname in ("line_ids", "move_ids"):
                ((_command, _zero, ids),) = vals.pop(fname)
                relations.setdefault(fname, []).append(ids)
            rows.append(vals)
        fnames = sorted(rows[0])
        # one array per column; the ids come back with their (unique) names
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (%s) SELECT * FROM unnest(%s) RETURNING id, name",
                SQL.identifier(self._table),
                SQL(", ").join(SQL.identifier(fname) for fname in fnames),
                column_arrays(self, fnames, rows),
            )
        )
        id_of = {name: id_ for id_, name in self.env.cr.fetchall()}
        reminders = self.browse([id_of[name] for name in names])
        for fname, id_lists in relations.items():
            field = self._fields[fname]
            self.env.cache.update(reminders, field, map(tuple, id_lists))
            self.env.cr.execute(
                SQL(
                    "INSERT INTO %s (%s, %s) "
                    "SELECT * FROM unnest(%s::int[], %s::int[])",
                    SQL.identifier(field.relation),
                    SQL.identifier(field.column1),
                    SQL.identifier(field.column2),
                    [
                        reminder_id
                        for reminder_id, targets in zip(
                            reminders.ids, id_lists, strict=True
                        )
                        for _target in targets
                    ],
                    [target for targets in id_lists for target in targets],
                )
            )
        # what read the reminders of these invoices, customers and runs
        self.env["account.move"].invalidate_model(
            ["dunning_reminder_ids", "dunning_reminder_count"]
        )
        self.env["res.partner"].invalidate_model(["dunning_reminder_ids"])
        self.env["account.dunning.run"].invalidate_model(["reminder_ids"])
        return reminders

    def _supersede_drafts(self):
        """Cancel the drafts still waiting for instalments that reached a
        higher level since: the customer gets the new reminder, not both.
        (Their note says it: the change of state is not tracked besides.)"""
        stale = self.with_context(tracking_disable=True).search(
            [
                ("state", "=", "draft"),
                ("line_ids", "in", self.line_ids.ids),
                ("id", "not in", self.ids),
            ]
        )
        for draft in stale:
            successors = self.filtered(
                lambda r, lines=draft.line_ids: r.line_ids & lines
            )
            if not draft.line_ids - successors.line_ids:
                draft.state = "cancel"
                draft.message_post(
                    body=self.env._(
                        "Superseded by %(names)s: the invoices reached a higher "
                        "level before sending.",
                        names=", ".join(successors.mapped("name")),
                    )
                )

    @api.model
    def _plan_claims(self, plan, date):
        """``{index: claim values}``: what each group of ``plan`` will state,
        computed for all the groups claiming penalties at once and for all
        the others at once. A group whose rate is missing gets nothing here:
        its reminder is stated alone, and goes in error saying what to fix."""
        values = {}
        by_kind = defaultdict(list)
        for index, group in enumerate(plan):
            by_kind[self._claim_kind(group["level"])].append(index)
        for (with_penalties, with_indemnity), indexes in by_kind.items():
            lines = self.env["account.move.line"].union(
                *(plan[index]["lines"] for index in indexes)
            )
            try:
                details = lines._dunning_penalty_details(
                    date,
                    with_penalties,
                    open_now=True,
                    indemnity_required=with_indemnity,
                    with_indemnity=with_indemnity,
                )
            except UserError:
                continue
            for index in indexes:
                group = plan[index]
                values[index] = self._claim_values(
                    group["level"], date, group["currency"], group["lines"], details
                )
        return values

    @api.model
    def _prepare_reminder_vals(self, group, company, date):
        partner = group["partner"]
        level = group["level"]
        lines = group["lines"]
        channel = level.channel if level else "email"
        return {
            "company_id": company.id,
            "partner_id": partner.id,
            "contact_id": partner._dunning_recipient().id,
            "scenario_id": group["scenario"].id,
            "level_id": level.id,
            "is_preventive": not level,
            "channel": channel,
            "date": date,
            "line_ids": [fields.Command.set(lines.ids)],
            "move_ids": [fields.Command.set(lines.move_id.ids)],
            "currency_id": group["currency"].id,
            "user_id": group["user"].id,
        }

    @api.model
    def _claim_kind(self, level):
        """What a reminder of ``level`` claims besides the principal:
        ``(penalties, indemnity)`` (the 40 EUR needs no reference rate)."""
        return bool(level.apply_penalties), bool(level.apply_indemnity)

    def _claims_penalties(self):
        return self.level_id.apply_penalties or self.level_id.apply_indemnity

    def _refresh_claims(self):
        """State what each reminder not yet sent claims on its date.

        Per instalment: its open amount, its share of the customer's payments
        and credit notes not yet reconciled (Code civil 1342-10, oldest debt
        first), the principal left, and the penalties and indemnity when the
        level asks for them. Stored with the reminder (the letter is rendered
        from it) and never refreshed once sent. A reminder whose rate is
        missing goes in error with what to fix, its principal still stated.
        """
        for (date, (with_penalties, with_indemnity)), reminders in (
            self.filtered(lambda r: r.state not in DISPATCHED_STATES)
            .grouped(lambda r: (r.date, self._claim_kind(r.level_id)))
            .items()
        ):
            try:
                details = reminders.line_ids._dunning_penalty_details(
                    date,
                    with_penalties,
                    open_now=True,
                    indemnity_required=with_indemnity,
                    with_indemnity=with_indemnity,
                )
            except UserError:
                details = None
            for reminder in reminders:
                try:
                    claims = details or reminder.line_ids._dunning_penalty_details(
                        date,
                        with_penalties,
                        open_now=True,
                        indemnity_required=with_indemnity,
                        with_indemnity=with_indemnity,
                    )
                except UserError as error:
                    reminder._store_claims(
                        reminder.line_ids._dunning_penalty_details(
                            date,
                            with_penalties=False,
                            open_now=True,
                            indemnity_required=False,
                        )
                    )
                    reminder.write({"state": "error", "error_message": str(error)})
                    reminder.message_post(
                        body=self.env._(
                            "Penalties not computed: %(error)s", error=str(error)
                        )
                    )
                    continue
                reminder._store_claims(claims)

    def _claim_rows_of(self, claims):
        self.ensure_one()
        return self._claim_rows_for(self.level_id, self.line_ids, claims)

    @api.model
    def _claim_rows_for(self, level, lines, claims):
        """The rows a reminder of ``level`` on ``lines`` states, from the
        instalments' ``claims`` (``account.move.line._dunning_penalty_details``),
        JSON-ready: the penalties and the indemnity only if the level claims
        them, the indemnity once per invoice."""
        rows = []
        indemnified = set()
        with_penalties = level.apply_penalties
        with_indemnity = level.apply_indemnity
        for line_id in sorted(
            lines._ids, key=lambda line_id: (claims[line_id]["date_maturity"], line_id)
        ):
            detail = claims[line_id]
            indemnity = (
                detail["indemnity"]
                if with_indemnity and detail["move_id"] not in indemnified
                else 0.0
            )
            if indemnity:
                indemnified.add(detail["move_id"])
            rows.append(
                {
                    "line_id": line_id,
                    "move_id": detail["move_id"],
                    "date_maturity": fields.Date.to_string(detail["date_maturity"]),
                    "amount": detail["amount"],
                    "residual": detail["residual"],
                    "allocated": detail["allocated"],
                    "principal": detail["principal"],
                    "penalty": detail["penalty"] if with_penalties else 0.0,
                    "indemnity": indemnity,
                    "kind": detail["kind"],
                    "days_late": detail["days_late"],
                    "rate_lines": [
                        dict(
                            segment,
                            date_from=fields.Date.to_string(segment["date_from"]),
                            date_to=fields.Date.to_string(segment["date_to"]),
                        )
                        for segment in detail["rate_lines"]
                    ]
                    if with_penalties
                    else [],
                }
            )
        return rows

    @api.model
    def _claim_values(self, level, date, currency, lines, claims):
        """The statement of a reminder of ``level`` on ``date`` for ``lines``:
        its rows and totals, and the deadline of a formal notice."""
        rows = self._claim_rows_for(level, lines, claims)
        return {
            "claim_details": rows,
            "amount_residual": currency.round(sum(row["principal"] for row in rows)),
            "penalty_amount": currency.round(sum(row["penalty"] for row in rows)),
            "indemnity_amount": currency.round(sum(row["indemnity"] for row in rows)),
            "notice_deadline": fields.Date.add(date, days=level.notice_days)
            if level.is_formal_notice
            else False,
        }

    def _store_claims(self, claims):
        self.ensure_one()
        vals = self._claim_values(
            self.level_id, self.date, self.currency_id, self.line_ids, claims
        )
        if self.state == "error":
            vals.update(state="draft", error_message=False)
        self.write(vals)

    def _claim_rows(self):
        """What the reminder states, instalment by instalment, with records and
        dates: the stored statement. A reminder in error, or of an older
        version without one, is stated again at its date (a missing rate is
        then the UserError that names it, never a letter without penalties)."""
        self.ensure_one()
        rows = self.claim_details
        if rows is None or self.state == "error":
            rows = self._claim_rows_of(
                self.line_ids._dunning_penalty_details(
                    self.date, bool(self.level_id.apply_penalties)
                )
            )
        to_date = fields.Date.to_date
        return [
            dict(
                row,
                line=self.env["account.move.line"].browse(row["line_id"]),
                move=self.env["account.move"].browse(row["move_id"]),
                date_maturity=to_date(row["date_maturity"]),
                rate_lines=[
                    dict(
                        segment,
                        date_from=to_date(segment["date_from"]),
                        date_to=to_date(segment["date_to"]),
                    )
                    for segment in row["rate_lines"]
                ],
            )
            for row in rows
        ]

    def _claim_summary(self):
        """The letter's totals: the instalments' open amount, the credits not
        yet reconciled taken off it, and the principal claimed."""
        self.ensure_one()
        currency = self.currency_id
        rows = self._claim_rows()
        return {
            "open": currency.round(sum(row["residual"] for row in rows)),
            "allocated": currency.round(sum(row["allocated"] for row in rows)),
            "due": self.amount_residual,
        }

    def _check_claims_before_sending(self):
        """What is claimed, checked again just before sending: instalments paid
        since the reminder was prepared leave it, the statement is refreshed,
        and a reminder with nothing left to claim is cancelled instead of
        sent. Return the reminders still to send."""
        for reminder in self:
            paid = reminder.line_ids.filtered(
                lambda line: line.parent_state != "posted" or line.reconciled
            )
            if not paid:
                continue
            reminder.line_ids = [Command.unlink(line.id) for line in paid]
            reminder.message_post(
                body=self.env._(
                    "Paid since the reminder was prepared, removed from it: "
                    "%(invoices)s.",
                    invoices=", ".join(paid.move_id.mapped("name")),
                )
            )
        self._refresh_claims()
        empty = self.filtered(
            lambda r: not r.line_ids
            or r.currency_id.compare_amounts(r.amount_residual, 0.0) <= 0
        )
        empty.write({"state": "cancel", "error_message": False})
        for reminder in empty:
            reminder.message_post(
                body=self.env._(
                    "Not sent: nothing left to claim (the invoices are paid or "
                    "covered by payments and credit notes not yet allocated). "
                    "Reminder cancelled."
                )
            )
        return (self - empty).filtered(lambda r: r.state != "error")

    @api.depends("channel", "line_ids")
    def _compute_call_file(self):
        self.call_file = False
        for reminder in self.filtered(lambda r: r.channel == "phone"):
            reminder.call_file = self.env["ir.qweb"]._render(
                "account_dunning_fr.dunning_call_file",
                dict(
                    self.env["account.dunning.call"]._call_sheet_values(
                        reminder.partner_id, reminder.company_id
                    ),
                    reminder=reminder,
                ),
            )

    def _formal_notice_values(self):
        """Everything the mise en demeure states, from the reminder's stored
        statement (:meth:`_claim_rows`)."""
        self.ensure_one()
        currency = self.currency_id
        consumer = (
            self.partner_id.commercial_partner_id.dunning_debtor_kind == "consumer"
        )
        rows = self._claim_rows()
        for row in rows:
            for segment in row["rate_lines"]:
                segment["rate_label"] = rule_messages.format_percent(
                    self.env, segment["rate"]
                )
        total = currency.round(
            self.amount_residual + self.penalty_amount + self.indemnity_amount
        )
        earlier = self.search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("state", "=", "sent"),
                ("line_ids", "in", self.line_ids.ids),
                ("id", "!=", self.id),
                ("date", "<=", self.date),
            ],
            order="date, id",
        )
        summary = self._claim_summary()
        return {
            "rows": rows,
            "open": summary["open"],
            "allocated": summary["allocated"],
            "principal": self.amount_residual,
            "penalty": self.penalty_amount,
            "indemnity": self.indemnity_amount,
            "total": total,
            "total_words": self._amount_words(total),
            # the amount in words is French whatever the letter's language
            "french": (self.env.lang or "").startswith("fr"),
            "consumer": consumer,
            "earlier": earlier,
            "deadline": self.notice_deadline or fields.Date.add(self.date, days=8),
            "bank": self.company_id.partner_id.bank_ids[:1],
            "contractual_rate": rule_messages.format_percent(
                self.env, self.company_id.dunning_penalty_rate
            ),
            "creditor_address": self._one_line_address(self.company_id.partner_id),
            "debtor_address": self._one_line_address(
                self.partner_id.commercial_partner_id
            ),
        }

    def _letter_lang(self):
        """The language of the reminder's letter: its recipient's."""
        self.ensure_one()
        return self.contact_id.lang or self.partner_id.lang

    @api.model
    def _one_line_address(self, partner):
        lines = partner._display_address(without_company=True).splitlines()
        return ", ".join(line.strip() for line in lines if line.strip())

    def _amount_words(self, amount):
        """``amount`` in French words in the reminder's currency."""
        currency = self.currency_id
        return amount_words.amount_in_currency_words(
            amount,
            currency.name,
            currency.currency_unit_label,
            currency.currency_subunit_label,
        )

    def _previous_sent_count(self):
        """How many reminders of a level were sent before this one for its
        instalments: the letter speaks of them only if they were."""
        self.ensure_one()
        return self.search_count(
            [
                ("id", "!=", self.id),
                ("line_ids", "in", self.line_ids.ids),
                ("state", "=", "sent"),
                ("is_preventive", "=", False),
                ("date", "<=", self.date),
            ]
        )

    def _intro(self):
        """Opening paragraph of the letter and the email: the level's own text,
        else the default text of its tone (the tone rises with the level)."""
        self.ensure_one()
        if self.level_id.intro:
            return self.level_id.intro
        if self.is_preventive:
            text = self.env._(
                "Unless we are mistaken, the invoices below will soon fall due. "
                "Thank you in advance for arranging their payment on the agreed date."
            )
        elif self.level_id.tone == "formal":
            text = {
                0: self.env._(
                    "The invoices below remain unpaid although they are past due. "
                    "We ask you to settle them without delay; failing that, we will "
                    "start the recovery proceedings provided for by law, without "
                    "further notice."
                ),
                1: self.env._(
                    "Despite our previous reminder, the invoices below remain "
                    "unpaid. We ask you to settle them without delay; failing that, "
                    "we will start the recovery proceedings provided for by law, "
                    "without further notice."
                ),
            }.get(
                self._previous_sent_count(),
                self.env._(
                    "Despite our previous reminders, the invoices below remain "
                    "unpaid. We ask you to settle them without delay; failing "
                    "that, we will start the recovery proceedings provided for by "
                    "law, without further notice."
                ),
            )
        elif self.level_id.tone == "firm":
            text = (
                self.env._(
                    "Despite our previous reminder, the invoices below remain "
                    "unpaid to date. We ask you to settle them as soon as possible, "
                    "and within eight days at the latest."
                )
                if self._previous_sent_count()
                else self.env._(
                    "The invoices below remain unpaid to date although they are "
                    "past due. We ask you to settle them as soon as possible, and "
                    "within eight days at the latest."
                )
            )
        else:
            text = self.env._(
                "Unless we are mistaken, the invoices below are overdue and remain "
                "unpaid. This is no doubt an oversight: we would be grateful if you "
                "could settle them."
            )
        return Markup("<p>%s</p>") % text

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_send(self):
        self.check_access("write")
        to_send = self.filtered(lambda r: r.state in ("draft", "error"))
        if not to_send:
            raise UserError(
                self.env._("Only reminders to approve or in error can be sent.")
            )
        to_send.filtered(lambda r: r.state == "error")._refresh_claims()
        blocked = to_send.filtered(
            lambda r: r.state == "error" and r._claims_penalties()
        )
        if blocked and len(self) == 1:
            raise UserError(blocked.error_message)
        to_send -= blocked
        if (
            self.env.context.get("dunning_review_email")
            and len(to_send) == 1
            and to_send.channel == "email"
            and to_send.contact_id.email
        ):
            return to_send._action_compose_email()
        for batch in to_send._split_batches():
            batch._send_isolated()
        return True

    def action_cancel(self):
        dispatched = self.filtered(lambda r: r.state in DISPATCHED_STATES)
        if dispatched:
            raise UserError(
                self.env._(
                    "Reminder %(name)s has already been sent (or queued): it can "
                    "no longer be cancelled.",
                    name=", ".join(dispatched.mapped("name")),
                )
            )
        # no call left to make for a cancelled phone reminder
        self.filtered(lambda r: r.state == "to_call").activity_ids.unlink()
        self.write({"state": "cancel"})
        for reminder in self:
            reminder.message_post(
                body=self.env._(
                    "Reminder cancelled: the level stays reached and will not be "
                    "chased again automatically."
                )
            )
        return True

    def action_reset_draft(self):
        reminders = self.filtered(lambda r: r.state in ("cancel", "error"))
        reminders.write({"state": "draft", "error_message": False})
        reminders._refresh_claims()
        return True

    def action_preview(self):
        """The letter: the one sent, as it was sent, once the reminder is sent;
        else rendered from what the reminder states now."""
        self.ensure_one()
        if self.state in DISPATCHED_STATES and self.letter_attachment_id:
            return {
                "type": "ir.actions.act_url",
                "url": f"/web/content/{self.letter_attachment_id.id}?download=true",
                "target": "self",
            }
        return self.env.ref(self._letter_report_xmlid()).report_action(self)

    def action_mark_printed(self):
        self.filtered(lambda r: r.channel in LETTER_CHANNELS).write(
            {"is_printed": True}
        )
        return True

    def action_create_penalty_invoice(self):
        """Invoice the penalties and the indemnity claimed by this reminder (no VAT)."""
        self.ensure_one()
        if self.penalty_move_id:
            raise UserError(
                self.env._(
                    "The penalties of reminder %(name)s have already been invoiced "
                    "(%(invoice)s).",
                    name=self.name,
                    invoice=self.penalty_move_id.display_name,
                )
            )
        if self.state != "sent":
            raise UserError(
                self.env._(
                    "Send reminder %(name)s first: only penalties that have been "
                    "claimed are invoiced.",
                    name=self.name,
                )
            )
        company = self.company_id
        lines = [
            (amount, product, label)
            for amount, product, label in (
                (
                    self.penalty_amount,
                    company.dunning_penalty_product_id
                    or self.env.ref("account_dunning_fr.product_dunning_penalty"),
                    self.env._(
                        "Late-payment penalties (article L441-10 of the French "
                        "Commercial Code)"
                    ),
                ),
                (
                    self.indemnity_amount,
                    company.dunning_indemnity_product_id
                    or self.env.ref("account_dunning_fr.product_dunning_indemnity"),
                    self.env._(
                        "Fixed indemnity for recovery costs (article D441-5 of the "
                        "French Commercial Code)"
                    ),
                ),
            )
            if self.currency_id.compare_amounts(amount, 0.0) > 0
        ]
        if not lines:
            raise UserError(
                self.env._(
                    "Reminder %(name)s claims neither penalties nor indemnity.",
                    name=self.name,
                )
            )
        invoices = ", ".join(self.move_ids.mapped("name"))
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "company_id": company.id,
                "partner_id": self.partner_id.id,
                "currency_id": self.currency_id.id,
                "invoice_origin": self.name,
                "invoice_line_ids": [
                    fields.Command.create(
                        {
                            "product_id": product.id,
                            "name": self.env._(
                                "%(label)s: %(invoices)s",
                                label=label,
                                invoices=invoices,
                            ),
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [fields.Command.clear()],
                        }
                    )
                    for amount, product, label in lines
                ],
            }
        )
        self.penalty_move_id = move
        self.message_post(
            body=self.env._(
                "Penalty invoice %(invoice)s created as a draft.",
                invoice=move.display_name,
            )
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action.update(
            {"res_id": move.id, "views": [(False, "form")], "view_mode": "form"}
        )
        return action

    def action_view_moves(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action.update(
            {"domain": [("id", "in", self.move_ids.ids)], "context": {"create": False}}
        )
        return action

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------
    @api.model
    def _send_batch_size(self):
        return SEND_BATCH_SIZE

    def _split_batches(self):
        for ids in split_every(SEND_BATCH_SIZE, self.ids):
            yield self.browse(ids)

    def _send_isolated(self):
        """Send a batch; if it fails as a whole (a letter that cannot be
        rendered, say), send each reminder alone, those that fail going in
        error with the reason, the others sent."""
        try:
            with self.env.cr.savepoint():
                self._send()
        except Exception:  # noqa: BLE001 - isolate the reminder at fault
            _logger.exception("Sending a batch of reminders failed")
            for reminder in self:
                try:
                    with self.env.cr.savepoint():
                        reminder._send()
                except Exception as error:  # noqa: BLE001
                    _logger.exception("Sending %s failed", reminder.name)
                    reminder.write({"state": "error", "error_message": str(error)})

    def _send(self):
        """Send a batch: what is claimed checked again, one letter rendering
        pass for the channels that send a letter, then each channel.

        A reminder that fails is put in error with the reason; the others of
        the batch go on. A call or an email is not sent yet: a call is sent
        when it reaches the customer (:meth:`_log_call`), an email when Odoo's
        mail queue sent it (:meth:`_on_mail_delivery`).
        """
        to_send = self._check_claims_before_sending()
        for reminder in to_send:
            reminder._effective_channel()
        to_send.filtered(
            lambda r: r.channel in LETTER_SENDING_CHANNELS
        )._attach_letters()
        for reminder in to_send:
            try:
                with self.env.cr.savepoint():
                    getattr(reminder, f"_send_{reminder.channel}")()
                    if reminder.channel not in ("phone", "email"):
                        reminder._mark_sent()
            except UserError as error:
                reminder.write({"state": "error", "error_message": str(error)})
                reminder.message_post(
                    body=self.env._("Sending failed: %(error)s", error=str(error))
                )
        if "queued" in to_send.mapped("state"):
            self._trigger_mail_queue()

    def _effective_channel(self):
        """The channel used, falling back to a letter when email has no address."""
        self.ensure_one()
        if self.channel == "email" and not self.contact_id.email:
            self.channel = "letter"
            self.message_post(
                body=self.env._(
                    "%(contact)s has no email address: the reminder goes by ordinary "
                    "letter instead of email.",
                    contact=self.contact_id.display_name,
                )
            )
        return self.channel

    def _letter_report_xmlid(self):
        self.ensure_one()
        if self.level_id.is_formal_notice and self.env.ref(
            "account_dunning_fr.action_report_formal_notice", raise_if_not_found=False
        ):
            return "account_dunning_fr.action_report_formal_notice"
        return "account_dunning_fr.action_report_dunning_letter"

    def _letter_report(self):
        self.ensure_one()
        return self.level_id.report_id or self.env.ref(self._letter_report_xmlid())

    def _attach_letters(self):
        """Render the letter of each reminder, one pass per report, and store it."""
        if not self:
            return
        reports = self.env["ir.actions.report"]
        attachments = []
        for report, reminders in self.grouped(lambda r: r._letter_report()).items():
            streams, kind = reports._pre_render_qweb_pdf(
                report.id, res_ids=reminders.ids
            )
            for reminder in reminders:
                if kind == "pdf" and streams.get(reminder.id, {}).get("stream"):
                    content = streams[reminder.id]["stream"].getvalue()
                else:
                    content, kind = reports._render_qweb_html(report.id, reminder.ids)
                attachments.append(
                    {
                        "name": f"{reminder.name.replace('/', '-')}.{kind}",
                        "raw": content,
                        "res_model": self._name,
                        "res_id": reminder.id,
                        "mimetype": "application/pdf" if kind == "pdf" else "text/html",
                    }
                )
        created = self.env["ir.attachment"].create(attachments)
        for attachment in created:
            self.browse(attachment.res_id).letter_attachment_id = attachment

    def _send_email(self):
        template = self._mail_template()
        # queued for Odoo's mail queue: no SMTP inside the dunning run
        message = self.with_context(
            mail_notify_force_send=False
        ).message_post_with_source(
            template,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=self.letter_attachment_id.ids,
        )
        self._record_email(message)

    def _record_email(self, message):
        """The reminder's email is ``message``, queued: the reminder is sent
        when the mail left, in error if it failed (:meth:`_on_mail_delivery`)."""
        self.write(
            {
                "mail_message_id": message[:1].id,
                "state": "queued",
                "error_message": False,
            }
        )

    def _mark_email_sent(self):
        """The reminder's email left: logged on the customer and the
        invoices, and the reminder is sent."""
        self._log_on_customer_and_invoices(
            self.env._(
                "Reminder %(name)s sent by email to %(email)s.",
                name=self.name,
                email=self.contact_id.email,
            )
        )
        self._mark_sent()

    def _send_letter(self):
        self._log_on_customer_and_invoices(
            self.env._(
                "Reminder %(name)s: letter generated, to be printed and posted.",
                name=self.name,
            )
        )

    def _send_registered_letter(self):
        self._log_on_customer_and_invoices(
            self.env._(
                "Reminder %(name)s: registered letter with acknowledgement of "
                "receipt generated, to be posted; enter the registered letter number "
                "on the reminder.",
                name=self.name,
            )
        )

    def _send_phone(self):
        """A phone level is a call to make: a call activity for the person in
        charge; the reminder is "To call" until the call is logged as having
        reached the customer (:meth:`_log_call`)."""
        self._schedule_call(self.date)
        self.write({"state": "to_call", "error_message": False})
        self._log_on_customer_and_invoices(
            self.env._(
                "Reminder %(name)s: call scheduled for %(user)s.",
                name=self.name,
                user=self.user_id.name or self.env.user.name,
            )
        )

    def _schedule_call(self, day):
        activity_type = self.level_id.activity_type_id or self.env.ref(
            "mail.mail_activity_data_call"
        )
        self.invalidate_recordset(["call_file"])  # the call sheet as of now
        self.activity_schedule(
            activity_type_id=activity_type.id,
            summary=self.env._(
                "Call %(partner)s: reminder %(name)s",
                partner=self.partner_id.name,
                name=self.name,
            ),
            note=self.call_file,
            user_id=self.user_id.id or self.env.user.id,
            date_deadline=day,
        )

    def _mark_sent(self):
        """The reminder reached the customer: sent, and the level's effects
        (credit hold, litigation) applied."""
        self.write({"state": "sent", "error_message": False})
        self._apply_level_effects()

    def _send_sms(self):
        if "sms.sms" not in self.env:
            raise UserError(
                self.env._(
                    "Odoo's SMS module is not installed: install it or choose "
                    'another channel for level "%(level)s".',
                    level=self.level_id.name,
                )
            )
        if not (self.contact_id.mobile or self.contact_id.phone):
            raise UserError(
                self.env._(
                    "%(contact)s has no phone number for the SMS.",
                    contact=self.contact_id.display_name,
                )
            )
        self.partner_id._message_sms(
            body=self._sms_body(),
            partner_ids=self.contact_id.ids,
            put_in_queue=True,  # sent by Odoo's SMS queue, not inside the run
        )
        self._log_on_customer_and_invoices(
            self.env._("Reminder %(name)s sent by SMS.", name=self.name)
        )

    def _sms_body(self):
        return self.env._(
            "%(company)s: %(count)s invoice(s) totalling %(amount)s remain unpaid. "
            "Please settle them. Ref. %(name)s",
            company=self.company_id.name,
            count=len(self.move_ids),
            amount=self._format_amount(self.amount_residual),
            name=self.name,
        )

    def _format_amount(self, amount):
        return formatLang(self.env, amount, currency_obj=self.currency_id)

    def _log_on_customer_and_invoices(self, text):
        link = Markup('<a href="#" data-oe-model="%s" data-oe-id="%s">%s</a>') % (
            self._name,
            self.id,
            self.name,
        )
        body = Markup("%s (%s)") % (text, link)
        letter = self.letter_attachment_id
        # The trace of a reminder the user may send: logged even where the user
        # may not edit the customer (a dunning user cannot edit partners).
        self.partner_id._dunning_log(
            self.company_id,
            body,
            attachments=[(letter.name, letter.raw)] if letter else [],
        )
        self.move_ids._message_log_batch({move.id: body for move in self.move_ids})
        self.message_post(body=text)

    def _apply_level_effects(self):
        """Credit hold and litigation hand-over: the scenario's decision, applied
        whoever sends the reminder, in the reminder's company only."""
        level = self.level_id
        partner = self.partner_id.commercial_partner_id._dunning_as_company(
            self.company_id
        )
        if level.credit_hold and not partner.dunning_credit_hold:
            partner.dunning_credit_hold = True
            partner._dunning_log(
                self.company_id,
                self.env._(
                    "Customer account blocked by reminder %(name)s (level "
                    '"%(level)s").',
                    name=self.name,
                    level=level.name,
                ),
            )
        if level.litigation and not partner.dunning_litigation:
            partner.dunning_litigation = True
            partner._dunning_log(
                self.company_id,
                self.env._(
                    "File passed to litigation by reminder %(name)s: amicable "
                    "dunning stops.",
                    name=self.name,
                ),
            )

    def action_dunning_log_call(self):
        """Log the call of a phone reminder; its call activity is then done."""
        self.ensure_one()
        return self.move_ids._dunning_wizard_action(
            "account_dunning_fr.account_dunning_call_wizard_action",
            self.partner_id,
            {"default_reminder_id": self.id, "default_contact_id": self.contact_id.id},
        )

    # ------------------------------------------------------------------
    # Calls
    # ------------------------------------------------------------------
    def _log_call(self, call):
        """The call of this phone reminder was made: its activity is done.
        The customer reached, the reminder is sent; not reached, it stays to
        call and a new call is scheduled for the day chosen (tomorrow by
        default)."""
        self.ensure_one()
        self.activity_ids.action_feedback(feedback=call.display_name)
        if call.is_reached:
            self._log_on_customer_and_invoices(
                self.env._(
                    "Reminder %(name)s: %(contact)s reached by phone.",
                    name=self.name,
                    contact=call.contact_id.display_name
                    or call.partner_id.display_name,
                )
            )
            self._mark_sent()
            return
        day = call.callback_date or fields.Date.add(
            fields.Date.context_today(self), days=1
        )
        self._schedule_call(day)
        self.write({"state": "to_call", "error_message": False})
        self.message_post(
            body=self.env._(
                "Customer not reached: call again on %(date)s.",
                date=day.strftime("%d/%m/%Y"),
            )
        )

    # ------------------------------------------------------------------
    # Email reviewed in the composer, followed until it leaves
    # ------------------------------------------------------------------
    def _mail_template(self):
        return self.level_id.mail_template_id or self.env.ref(
            "account_dunning_fr.mail_template_dunning_reminder"
        )

    def action_compose_email(self):
        """Send by hand from the form: an email is reviewed in the composer
        first; other channels, or an email without address, are sent."""
        self.ensure_one()
        return self.with_context(dunning_review_email=True).action_send()

    def _action_compose_email(self):
        """Send by hand: Odoo's composer with the level's template and the
        letter attached, so that the accountant reviews the email; the
        reminder is sent when the composer sends it (:meth:`message_post`)."""
        self.ensure_one()
        if not self._check_claims_before_sending():
            return True
        self._attach_letters()
        return self._dunning_composer_action(
            self.env._("Send reminder %(name)s", name=self.name),
            default_template_id=self._mail_template().id,
            default_attachment_ids=self.letter_attachment_id.ids,
            dunning_compose_email=True,
        )

    def message_post(self, **kwargs):
        if not self.env.context.get("dunning_compose_email"):
            return super().message_post(**kwargs)
        # the composer's email: queued, followed as the reminder's email, and
        # sent once the reminder knows it (Odoo would send it at once in tests)
        reminders = self.with_context(dunning_compose_email=False)
        message = super(
            AccountDunningReminder, reminders.with_context(mail_notify_force_send=False)
        ).message_post(**kwargs)
        for reminder in reminders.filtered(lambda r: r.state in ("draft", "error")):
            reminder._record_email(message)
        reminders.env["mail.mail"].sudo().search(
            [("mail_message_id", "=", message.id), ("state", "=", "outgoing")]
        ).send_after_commit()
        return message

    @api.model
    def _trigger_mail_queue(self):
        """Ask Odoo's mail queue to send the emails queued now, not at its
        next hourly run."""
        self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger()

    @api.model
    def _on_mail_delivery(self, messages, failure=None):
        """Odoo's mail queue sent (or failed, ``failure`` saying why) the
        emails of ``messages``: a reminder whose email left is sent; failed, it
        goes in error with the reason; sent again successfully, it is sent.
        Written in the language of the queue's user (a scheduled action)."""
        reminders = rule_messages.with_user_lang(self.sudo()).search(
            [("mail_message_id", "in", messages.ids)]
        )
        if failure:
            failed = reminders.filtered(lambda r: r.state == "queued")
            failed.write({"state": "error", "error_message": failure})
            for reminder in failed:
                reminder.message_post(
                    body=reminder.env._(
                        "The email could not be sent: %(error)s", error=failure
                    )
                )
        else:
            for reminder in reminders.filtered(
                lambda r: r.state in ("queued", "error")
            ):
                reminder._mark_email_sent()

    # ------------------------------------------------------------------
    # Printing
    # ------------------------------------------------------------------
    def _letter_pdf(self):
        """The letter's PDF: the one stored when it was sent, else rendered
        now from what the reminder states."""
        self.ensure_one()
        letter = self.letter_attachment_id
        if letter.mimetype == "application/pdf":
            return letter.raw
        content, kind = self.env["ir.actions.report"]._render_qweb_pdf(
            self._letter_report(), self.ids
        )
        if kind != "pdf":
            raise UserError(
                self.env._(
                    "The letter of %(name)s could not be rendered as a PDF: "
                    "check that wkhtmltopdf is installed on the server.",
                    name=self.name,
                )
            )
        return content

    def action_print(self):
        """Print the letters, one PDF for them all, rendered one reminder at
        a time: a letter that cannot be rendered puts its reminder in error
        with the reason (a draft one) and the others print."""
        letters = self.filtered(lambda r: r.channel in LETTER_CHANNELS)
        if not letters:
            raise UserError(
                self.env._(
                    "Select letter or registered letter reminders: the other "
                    "channels have nothing to print."
                )
            )
        if len(self) == 1:
            return self.action_preview()
        pdfs, failed = [], []
        for reminder in letters:
            try:
                with self.env.cr.savepoint():
                    pdfs.append(reminder._letter_pdf())
            except Exception as error:  # noqa: BLE001 - isolate the letter at fault
                _logger.exception("Printing %s failed", reminder.name)
                failed.append(reminder.name)
                reminder.message_post(
                    body=self.env._("Printing failed: %(error)s", error=str(error))
                )
                if reminder.state != "sent":
                    reminder.write({"state": "error", "error_message": str(error)})
        if not pdfs:
            raise UserError(
                self.env._("No letter could be printed: see the reminders in error.")
            )
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._(
                    "Reminders to print %(date)s.pdf",
                    date=fields.Date.context_today(self).strftime("%Y-%m-%d"),
                ),
                "raw": merge_pdf(pdfs),
                "mimetype": "application/pdf",
            }
        )
        download = {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
        if not failed:
            return download
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "sticky": True,
                "title": self.env._("Some letters could not be printed"),
                "message": self.env._(
                    "%(count)s letter(s) printed; not printed, see their error: "
                    "%(names)s.",
                    count=len(pdfs),
                    names=", ".join(failed),
                ),
                "next": download,
            },
        }
