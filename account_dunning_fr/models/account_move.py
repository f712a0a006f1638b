from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, format_date, formatLang

from ..lib import dates, escalation, penalties
from .account_move_line import write_bookkeeping
from .res_partner import DUNNING_READERS

OPEN_PAYMENT_STATES = ("not_paid", "partial")
PRESCRIPTION_WARNING_DAYS = 90
# the invoice's summary of its instalments (``_dunning_summary_values``)
SUMMARY_FIELDS = [
    "dunning_level_id",
    "dunning_date_last",
    "dunning_preventive_date",
    "dunning_date_next",
]


DUNNING_STATUS_REASONS = [
    ("level_due", "Level due"),
    ("next_level", "Next level to come"),
    ("unsent", "Previous reminder not sent"),
    ("last_level", "Last level reached"),
    ("paid", "Nothing left to pay"),
    ("invoice_blocked", "Invoice excluded"),
    ("dispute", "Objection holding dunning"),
    ("promise", "Payment promised"),
    ("customer_blocked", "Customer excluded"),
    ("litigation", "Customer in litigation"),
    ("procedure", "Collective procedure"),
    ("no_scenario", "No scenario"),
    ("under_minimum", "Under the scenario minimum"),
]
DUNNING_STATUS_OF_REASON = {
    "level_due": "due",
    "next_level": "waiting",
    "unsent": "waiting",
    "last_level": "none",
    "paid": "none",
}


class AccountMove(models.Model):
    _inherit = "account.move"

    # (not indexed, as on the instalments: see account.move.line)
    dunning_level_id = fields.Many2one(
        "account.dunning.level",
        string="Dunning level reached",
        compute="_compute_dunning_from_lines",
        inverse="_inverse_dunning_level",
        store=True,
        readonly=True,
        copy=False,
        help="The highest level reached by the invoice's instalments.",
        groups=DUNNING_READERS,
    )
    dunning_date_last = fields.Date(
        string="Last reminder",
        compute="_compute_dunning_from_lines",
        inverse="_inverse_dunning_date_last",
        store=True,
        readonly=True,
        copy=False,
        groups=DUNNING_READERS,
    )
    dunning_date_next = fields.Date(
        string="Next reminder",
        compute="_compute_dunning_from_lines",
        store=True,
        copy=False,
        help="Date on which the next level of the scenario will be reached by "
        "one of the invoice's open instalments.",
        groups=DUNNING_READERS,
    )
    dunning_preventive_date = fields.Date(
        string="Pre-due-date reminder sent on",
        compute="_compute_dunning_from_lines",
        store=True,
        copy=False,
        groups=DUNNING_READERS,
    )
    dunning_instalment_ids = fields.Many2many(
        "account.move.line",
        string="Instalments",
        compute="_compute_dunning_instalments",
        help="The receivable lines of the invoice, one per instalment of its "
        "payment terms, each dunned from its own due date.",
        groups=DUNNING_READERS,
    )
    dunning_instalment_count = fields.Integer(
        compute="_compute_dunning_instalments", groups=DUNNING_READERS
    )
    dunning_escalate = fields.Boolean(
        string="Immediate escalation",
        copy=False,
        help="A broken promise: the next reminder moves to the next level without "
        "waiting for its delay.",
        groups=DUNNING_READERS,
    )
    dunning_reminder_ids = fields.Many2many(
        "account.dunning.reminder",
        "account_dunning_reminder_move_rel",
        "move_id",
        "reminder_id",
        string="Reminders",
        copy=False,
        readonly=True,
        groups=DUNNING_READERS,
    )
    dunning_reminder_count = fields.Integer(
        compute="_compute_dunning_reminder_count",
        string="Number of reminders",
        groups=DUNNING_READERS,
    )
    dunning_blocked = fields.Boolean(
        string="Excluded from dunning",
        copy=False,
        tracking=True,
        help="The invoice is not chased (dispute, special arrangement...).",
        groups=DUNNING_READERS,
    )
    dunning_blocked_until = fields.Date(
        string="Dunning suspended until",
        copy=False,
        tracking=True,
        groups=DUNNING_READERS,
    )
    dunning_objection_ids = fields.Many2many(
        "account.dunning.objection",
        "account_dunning_objection_move_rel",
        "move_id",
        "objection_id",
        string="Objections",
        copy=False,
        groups=DUNNING_READERS,
    )
    dunning_promise_ids = fields.Many2many(
        "account.dunning.promise",
        "account_dunning_promise_move_rel",
        "move_id",
        "promise_id",
        string="Payment promises",
        copy=False,
        groups=DUNNING_READERS,
    )
    dunning_status = fields.Selection(
        string="Dunning",
        selection=[
            ("due", "Due today"),
            ("waiting", "Waiting"),
            ("excluded", "Excluded"),
            ("none", "Nothing to chase"),
        ],
        compute="_compute_dunning_status",
        search="_search_dunning_status",
        help="What the daily run does with the invoice today, decided as the run "
        "decides it.",
        groups=DUNNING_READERS,
    )
    dunning_status_reason = fields.Selection(
        DUNNING_STATUS_REASONS,
        string="Reason",
        compute="_compute_dunning_status",
        search="_search_dunning_status_reason",
        groups=DUNNING_READERS,
    )
    dunning_status_note = fields.Char(
        string="Why",
        compute="_compute_dunning_status",
        groups=DUNNING_READERS,
    )
    days_overdue = fields.Integer(
        string="Days late", compute="_compute_days_overdue", groups=DUNNING_READERS
    )
    dunning_penalty_amount = fields.Monetary(
        string="Late-payment penalties",
        compute="_compute_dunning_penalty",
        help="Late-payment penalties (or interest at the legal rate for a consumer "
        "given formal notice) accrued to date on the amount still unpaid.",
        groups=DUNNING_READERS,
    )
    dunning_indemnity_amount = fields.Monetary(
        string="Fixed indemnity",
        compute="_compute_dunning_penalty",
        help="Fixed indemnity for recovery costs of 40 € (D441-5 of the French "
        "Commercial Code), owed by a business that pays late.",
        groups=DUNNING_READERS,
    )
    dunning_penalty_error = fields.Char(
        string="Penalties cannot be computed",
        compute="_compute_dunning_penalty",
        groups=DUNNING_READERS,
    )
    dunning_prescription_date = fields.Date(
        string="Limitation date",
        compute="_compute_dunning_prescription",
        help="Date on which the claim becomes time-barred: 5 years between "
        "businesses, 2 years against a consumer, a new period running from the "
        "last part payment.",
        groups=DUNNING_READERS,
    )
    dunning_prescription_warning = fields.Boolean(
        compute="_compute_dunning_prescription",
        groups=DUNNING_READERS,
    )
    dunning_procedure_note = fields.Char(
        string="Collective procedure",
        compute="_compute_dunning_procedure_note",
        groups=DUNNING_READERS,
    )

    @api.depends("dunning_reminder_ids")
    def _compute_dunning_reminder_count(self):
        for move in self:
            move.dunning_reminder_count = len(move.dunning_reminder_ids)

    def _dunning_receivable_lines(self):
        """The instalments of these customer invoices: their receivable lines."""
        return self.filtered(lambda m: m.move_type == "out_invoice").line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )

    @api.depends("move_type", "line_ids.account_type")
    def _compute_dunning_instalments(self):
        for move in self:
            lines = move._dunning_receivable_lines().sorted("date_maturity")
            move.dunning_instalment_ids = lines
            move.dunning_instalment_count = len(lines)

    @api.depends(
        "move_type",
        "line_ids.dunning_level_id",
        "line_ids.dunning_date_last",
        "line_ids.dunning_date_next",
        "line_ids.dunning_preventive_date",
        "line_ids.reconciled",
    )
    def _compute_dunning_from_lines(self):
        """The invoice sums up its instalments: the highest level reached, the
        last reminder, the next one due for an instalment still open. Read in
        one query for the stored ones (``_dunning_line_summary_query``): the
        scheduler changes thousands of instalments at once."""
        stored = self.filtered(lambda m: m.id and m.move_type == "out_invoice")
        summary = stored._dunning_line_summary()
        for move in self - stored:
            lines = move._dunning_receivable_lines()
            summary[move] = self._dunning_summary_values(
                lines.dunning_level_id,
                max(lines.mapped("dunning_date_last"), default=False),
                max(lines.mapped("dunning_preventive_date"), default=False),
                min(
                    lines.filtered(lambda line: not line.reconciled).mapped(
                        "dunning_date_next"
                    ),
                    default=False,
                ),
            )
        empty = self._dunning_summary_values(self.env["account.dunning.level"])
        for move in self:
            move.update(summary.get(move, empty))

    @api.model
    def _dunning_summary_values(self, levels, last=False, preventive=False, nxt=False):
        """The invoice's summary of its instalments' ``levels`` and dates: the
        highest level reached, the last reminder, the last pre-due-date
        reminder, the next date of an instalment still open."""
        return {
            "dunning_level_id": max(
                levels, key=lambda lv: (lv.delay_days, lv.id), default=levels.browse()
            ),
            "dunning_date_last": last or False,
            "dunning_preventive_date": preventive or False,
            "dunning_date_next": nxt or False,
        }

    def _dunning_line_summary_query(self):
        """SQL of the summary of these stored invoices' instalments, one row
        per invoice: move_id, then the summary's columns (see
        ``_dunning_summary_values``)."""
        self.env["account.move.line"].flush_model(
            [
                "move_id",
                "account_id",
                "reconciled",
                "dunning_level_id",
                "dunning_date_last",
                "dunning_date_next",
                "dunning_preventive_date",
            ]
        )
        self.env["account.dunning.level"].flush_model(["delay_days"])
        return SQL(
            """
            SELECT line.move_id,
                   -- the highest level as _dunning_summary_values chooses it
                   (ARRAY_AGG(line.dunning_level_id
                              ORDER BY level.delay_days DESC, level.id DESC)
                    FILTER (WHERE line.dunning_level_id IS NOT NULL))[1]
                       AS dunning_level_id,
                   MAX(line.dunning_date_last) AS dunning_date_last,
                   MAX(line.dunning_preventive_date) AS dunning_preventive_date,
                   MIN(line.dunning_date_next) FILTER (WHERE NOT line.reconciled)
                       AS dunning_date_next
              FROM account_move_line line
              JOIN account_account account
                ON account.id = line.account_id
               AND account.account_type = 'asset_receivable'
              LEFT JOIN account_dunning_level level
                ON level.id = line.dunning_level_id
             WHERE line.move_id = ANY(%s)
             GROUP BY line.move_id
            """,
            list(self._ids),
        )

    def _dunning_line_summary(self):
        """``{move: summary values}`` of these stored invoices' instalments,
        in one grouped read."""
        if not self:
            return {}
        self.env.cr.execute(self._dunning_line_summary_query())
        Level = self.env["account.dunning.level"]
        return {
            self.browse(move_id): self._dunning_summary_values(
                Level.browse(level_id), last, preventive, nxt
            )
            for move_id, level_id, last, preventive, nxt in self.env.cr.fetchall()
        }

    def _dunning_sync_summary(self):
        """Bring these invoices' summary up to date after the scheduler wrote
        their instalments past the ORM: one UPDATE of those it changes."""
        if not self:
            return
        self.flush_recordset(SUMMARY_FIELDS)
        self.env.cr.execute(
            SQL(
                """
                UPDATE account_move move
                   SET %(assignments)s, write_uid = %(uid)s, write_date = %(now)s
                  FROM (%(summary)s) summary
                 WHERE move.id = summary.move_id
                   AND move.move_type = 'out_invoice'
                   AND (%(changed)s)
                """,
                assignments=SQL(", ").join(
                    SQL("%s = summary.%s", SQL.identifier(f), SQL.identifier(f))
                    for f in SUMMARY_FIELDS
                ),
                uid=self.env.uid,
                now=self.env.cr.now(),
                summary=self._dunning_line_summary_query(),
                changed=SQL(" OR ").join(
                    SQL(
                        "move.%s IS DISTINCT FROM summary.%s",
                        SQL.identifier(f),
                        SQL.identifier(f),
                    )
                    for f in SUMMARY_FIELDS
                ),
            )
        )
        self.invalidate_recordset(SUMMARY_FIELDS)

    def _inverse_dunning_level(self):
        """Setting the invoice's level (data import, demo) sets it on each of
        its instalments."""
        for move in self:
            write_bookkeeping(
                move._dunning_receivable_lines(),
                {"dunning_level_id": move.dunning_level_id.id},
            )

    def _inverse_dunning_date_last(self):
        for move in self:
            write_bookkeeping(
                move._dunning_receivable_lines(),
                {"dunning_date_last": move.dunning_date_last},
            )

    @api.depends_context("company")
    @api.depends("state", "line_ids.reconciled", "line_ids.dunning_level_id")
    def _compute_dunning_status(self):
        """Why the invoice is or is not chased today: the daily run's own
        decision (``account.move.line._dunning_decisions`` on its open
        instalments, after the reasons that hold it), read for the set."""
        today = fields.Date.context_today(self)
        statuses = {}
        for company, moves in (
            self.filtered(
                lambda m: m.id and m.move_type == "out_invoice" and m.state == "posted"
            )
            .grouped("company_id")
            .items()
        ):
            statuses.update(
                moves.with_company(company)._dunning_statuses(company, today)
            )
        for move in self:
            reason, note = statuses.get(move.id, ("paid", False))
            move.dunning_status = DUNNING_STATUS_OF_REASON.get(reason, "excluded")
            move.dunning_status_reason = reason
            move.dunning_status_note = note or dict(
                self._fields["dunning_status_reason"]._description_selection(self.env)
            ).get(reason)

    def _dunning_statuses(self, company, date):
        """``{move.id: (reason, note)}`` of these posted invoices of
        ``company`` on ``date``."""
        statuses = {}
        held = self
        for reason, domain in self._dunning_hold_domains(date).items():
            for move in self.search([("id", "in", held.ids), *domain]):
                statuses[move.id] = (reason, move._dunning_hold_note(reason, date))
            held = held.filtered(lambda m: m.id not in statuses)
        lines = held._dunning_receivable_lines().filtered(
            lambda line: not line.reconciled
            and line.currency_id.compare_amounts(line.amount_residual_currency, 0) > 0
        )
        decisions = lines._dunning_decisions(date)
        for move, move_lines in lines.grouped("move_id").items():
            ruling = [decisions[line.id] for line in move_lines]
            statuses[move.id] = self._dunning_status_of(ruling, move_lines)
        return statuses

    @api.model
    def _dunning_status_of(self, ruling, lines):
        """The status of an invoice not held, from its open instalments'
        decisions: a level due first, then what stops it, then what comes."""
        fmt = self._dunning_format_date
        due = [d["level"] for d in ruling if d["level"] is not None]
        if due:
            level = max(due, key=lambda lv: lv.delay_days if lv else -1)
            return "level_due", self.env._(
                "Due today: %(level)s",
                level=level.display_name or self.env._("pre-due-date reminder"),
            )
        reasons = {d["reason"] for d in ruling}
        if "unsent" in reasons:
            return "unsent", self.env._(
                "Waiting: the reminder at %(level)s has not gone yet",
                level=lines.dunning_level_id[:1].display_name,
            )
        for reason in ("no_scenario", "under_minimum"):
            if reason in reasons:
                return reason, self._dunning_hold_note(reason, None, ruling)
        next_dates = [d["next_date"] for d in ruling if d["next_date"]]
        if next_dates:
            return "next_level", self.env._(
                "Next reminder on %(date)s", date=fmt(min(next_dates))
            )
        return "last_level", self.env._(
            "Last level reached: %(level)s",
            level=lines.dunning_level_id.sorted("delay_days")[-1:].display_name,
        )

    def _dunning_hold_note(self, reason, date, ruling=None):
        """The reason an invoice is kept out of dunning, in words, with its
        end date when it has one."""
        fmt = self._dunning_format_date
        if reason == "invoice_blocked":
            return (
                self.env._(
                    "Excluded until %(date)s", date=fmt(self.dunning_blocked_until)
                )
                if not self.dunning_blocked
                else self.env._("Invoice excluded from dunning")
            )
        if reason == "dispute":
            objection = self.dunning_objection_ids.filtered(
                lambda o: o.state == "open" and o.holds_dunning
            )[:1]
            if objection.suspended_until:
                return self.env._(
                    "%(objection)s: suspended until %(date)s",
                    objection=objection.type_id.display_name,
                    date=fmt(objection.suspended_until),
                )
            return self.env._(
                "%(objection)s: dunning held until it is resolved",
                objection=objection.type_id.display_name,
            )
        if reason == "promise":
            promise = self.dunning_promise_ids.filtered(
                lambda p: p.state == "open" and p.date_promised >= date
            ).sorted("date_promised")[:1]
            return self.env._(
                "Payment promised for %(date)s", date=fmt(promise.date_promised)
            )
        if reason == "under_minimum":
            scenario = ruling[0]["scenario"]
            return self.env._(
                "The customer's overdue balance is under the scenario minimum "
                "(%(amount)s)",
                amount=formatLang(
                    self.env, scenario.min_amount, currency_obj=scenario.currency_id
                ),
            )
        return dict(
            self._fields["dunning_status_reason"]._description_selection(self.env)
        )[reason]

    def _dunning_format_date(self, day):
        return format_date(self.env, day)

    def _search_dunning_status(self, operator, value):
        return self._dunning_search_status("dunning_status", operator, value)

    def _search_dunning_status_reason(self, operator, value):
        return self._dunning_search_status("dunning_status_reason", operator, value)

    def _dunning_search_status(self, fname, operator, value):
        """Open customer invoices of the user's companies whose status (or
        reason) is ``value``: computed as the list shows it."""
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(
                self.env._("The dunning status can only be searched for values.")
            )
        values = {value} if isinstance(value, str) else set(value or ())
        moves = self.search(
            [
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("company_id", "in", self.env.companies.ids),
                ("payment_state", "in", OPEN_PAYMENT_STATES),
            ]
        )
        found = moves.filtered(lambda m: m[fname] in values)
        return [("id", "in" if operator in ("=", "in") else "not in", found.ids)]

    @api.depends("line_ids.date_maturity", "line_ids.reconciled", "state")
    def _compute_days_overdue(self):
        """Days late of the oldest instalment still open."""
        today = fields.Date.context_today(self)
        for move in self:
            open_dues = (
                move._dunning_receivable_lines()
                .filtered(lambda line: not line.reconciled and line.date_maturity)
                .mapped("date_maturity")
            )
            move.days_overdue = (
                escalation.days_overdue(min(open_dues), today)
                if open_dues and move.state == "posted"
                else 0
            )

    @api.depends("invoice_date_due", "amount_residual", "state")
    def _compute_dunning_penalty(self):
        today = fields.Date.context_today(self)
        moves = self.filtered(
            lambda m: m.id and m.move_type == "out_invoice" and m.state == "posted"
        )
        try:
            details = moves._dunning_penalty_details(today)
            error = False
        except UserError as exc:
            details = moves._dunning_penalty_details(
                today, with_penalties=False, indemnity_required=False
            )
            error = str(exc)
        for move in self:
            detail = details.get(move.id, {})
            move.dunning_penalty_amount = detail.get("penalty", 0.0)
            move.dunning_indemnity_amount = detail.get("indemnity", 0.0)
            move.dunning_penalty_error = error if move in moves else False

    @api.depends(
        "move_type",
        "commercial_partner_id.collective_procedure",
        "commercial_partner_id.collective_procedure_date",
        "commercial_partner_id.collective_procedure_claim_deadline",
    )
    def _compute_dunning_procedure_note(self):
        """The banner of a customer's invoice when the customer is under a
        collective procedure: dunning stopped, penalties frozen, the proof of
        claim to file by its deadline."""
        labels = dict(
            self.env["res.partner"]
            ._fields["collective_procedure"]
            ._description_selection(self.env)
        )
        for move in self:
            partner = move.commercial_partner_id
            procedure = partner.collective_procedure
            if move.move_type not in ("out_invoice", "out_refund") or procedure in (
                False,
                "none",
            ):
                move.dunning_procedure_note = False
                continue
            opening = partner.collective_procedure_date
            deadline = partner.collective_procedure_claim_deadline
            parts = [
                self.env._(
                    "%(customer)s is under a collective procedure: %(procedure)s.",
                    customer=partner.display_name,
                    procedure=labels[procedure],
                )
            ]
            if opening:
                parts.append(
                    self.env._(
                        "Opening judgment of %(date)s: no reminder is sent, and "
                        "penalties stopped running on %(frozen)s (Code de "
                        "commerce L622-28).",
                        date=opening.strftime("%d/%m/%Y"),
                        frozen=penalties.freeze_date(opening).strftime("%d/%m/%Y"),
                    )
                )
            parts.append(
                self.env._(
                    "File the proof of claim with the creditors' representative "
                    "by %(deadline)s.",
                    deadline=deadline.strftime("%d/%m/%Y"),
                )
                if deadline
                else self.env._(
                    "File the proof of claim within two months of the BODACC "
                    "publication: enter its date on the customer."
                )
            )
            move.dunning_procedure_note = " ".join(parts)

    @api.depends("invoice_date_due", "amount_residual", "state")
    def _compute_dunning_prescription(self):
        today = fields.Date.context_today(self)
        moves = self.filtered(
            lambda m: m.id and m.move_type == "out_invoice" and m.state == "posted"
        )
        reductions = moves._dunning_reductions()
        for move in self:
            if (
                move not in moves
                or not move.invoice_date_due
                or move.payment_state not in OPEN_PAYMENT_STATES
            ):
                move.dunning_prescription_date = False
                move.dunning_prescription_warning = False
                continue
            payments = [
                when for when, _amount, is_payment in reductions[move.id] if is_payment
            ]
            consumer = move.commercial_partner_id.dunning_debtor_kind == "consumer"
            # against a consumer the period runs from the service, invoiced on its
            # completion
            end = dates.prescription_end(
                move.invoice_date if consumer else move.invoice_date_due,
                consumer=consumer,
                acknowledgements=payments,
            )
            move.dunning_prescription_date = end
            move.dunning_prescription_warning = dates.prescription_expires_within(
                end, today, PRESCRIPTION_WARNING_DAYS
            )

    def action_view_dunning_reminders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_dunning_fr.account_dunning_reminder_action"
        )
        action["domain"] = [("move_ids", "in", self.ids)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Escalation
    # ------------------------------------------------------------------
    @api.model
    def _dunning_open_domain(self, company):
        """Posted customer invoices of ``company`` with something left to pay."""
        return [
            ("company_id", "=", company.id),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", OPEN_PAYMENT_STATES),
            ("invoice_date_due", "!=", False),
        ]

    @api.model
    @api.model
    def _dunning_hold_domains(self, date):
        """What keeps an open invoice out of dunning on ``date``, reason by
        reason: ``{reason: domain of the invoices it holds}``. The daily run
        leaves out the invoices of any of them; the dunning status names it.

        An open objection that holds dunning (dispute, suspension, collective
        procedure), an open promise not yet due, an invoice excluded (for
        good or until a date), a customer blocked, in litigation or under a
        collective procedure.
        """
        return {
            "invoice_blocked": [
                "|",
                ("dunning_blocked", "=", True),
                ("dunning_blocked_until", ">=", date),
            ],
            "dispute": [
                (
                    "dunning_objection_ids",
                    "any",
                    [
                        ("state", "=", "open"),
                        ("holds_dunning", "=", True),
                        "|",
                        ("suspended_until", "=", False),
                        ("suspended_until", ">=", date),
                    ],
                )
            ],
            "promise": [
                (
                    "dunning_promise_ids",
                    "any",
                    [("state", "=", "open"), ("date_promised", ">=", date)],
                )
            ],
            "customer_blocked": [("commercial_partner_id.dunning_blocked", "=", True)],
            "litigation": [("commercial_partner_id.dunning_litigation", "=", True)],
            "procedure": [
                (
                    "commercial_partner_id.collective_procedure",
                    "not in",
                    (False, "none"),
                )
            ],
        }

    @api.model
    def _dunning_held_domain(self, date):
        """The invoices kept out of dunning on ``date``, for any reason."""
        return expression.OR(self._dunning_hold_domains(date).values())

    # ------------------------------------------------------------------
    # Objections, promises and calls
    # ------------------------------------------------------------------
    def _dunning_check_open_invoices(
        self, company, partner, currency=None, require_open=True
    ):
        """Refuse invoices a promise or an objection cannot be about; with
        ``require_open=False``, those a reminder or a wizard cannot list
        (paid ones may stay)."""
        env = self.env
        for move in self:
            if move.move_type != "out_invoice" or move.state != "posted":
                raise ValidationError(
                    env._(
                        "Invoice %(name)s is not a posted customer invoice: only "
                        "posted customer invoices can be the subject of a promise or "
                        "an objection.",
                        name=move.name or move.display_name,
                    )
                )
            if require_open and move.payment_state not in OPEN_PAYMENT_STATES:
                raise ValidationError(
                    env._(
                        "Invoice %(name)s is already paid: remove it.",
                        name=move.name,
                    )
                )
            if move.company_id != company:
                raise ValidationError(
                    env._(
                        "Invoice %(name)s belongs to company %(other)s: only select "
                        "invoices of %(company)s.",
                        name=move.name,
                        other=move.company_id.name,
                        company=company.name,
                    )
                )
            if move.commercial_partner_id != partner.commercial_partner_id:
                raise ValidationError(
                    env._(
                        "Invoice %(name)s is addressed to %(other)s, not to "
                        "%(partner)s: remove it.",
                        name=move.name,
                        other=move.commercial_partner_id.name,
                        partner=partner.name,
                    )
                )
            if currency and move.currency_id != currency:
                raise ValidationError(
                    env._(
                        "Invoice %(name)s is in %(other)s, not in %(currency)s: "
                        "select only invoices in %(currency)s.",
                        name=move.name,
                        other=move.currency_id.name,
                        currency=currency.name,
                    )
                )

    def _dunning_wizard_action(self, xmlid, partner, context=None):
        """Open a dunning wizard on these invoices (or on ``partner``'s open ones)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["context"] = dict(
            context or {},
            default_partner_id=partner.commercial_partner_id.id,
            default_move_ids=self.ids,
        )
        return action

    def _dunning_open_partner(self):
        partner = self.commercial_partner_id
        if len(partner) != 1:
            raise UserError(
                self.env._(
                    "Select the invoices of a single customer: a promise, an "
                    "objection or a call concerns one customer."
                )
            )
        return partner

    def action_dunning_register_objection(self):
        return self._dunning_wizard_action(
            "account_dunning_fr.account_dunning_objection_wizard_action",
            self._dunning_open_partner(),
        )

    def action_dunning_register_promise(self):
        return self._dunning_wizard_action(
            "account_dunning_fr.account_dunning_promise_wizard_action",
            self._dunning_open_partner(),
        )

    def action_dunning_log_call(self):
        return self._dunning_wizard_action(
            "account_dunning_fr.account_dunning_call_wizard_action",
            self._dunning_open_partner(),
        )

    def action_dunning_payment_plan(self):
        return self._dunning_wizard_action(
            "account_dunning_fr.account_dunning_plan_wizard_action",
            self._dunning_open_partner(),
        )

    # ------------------------------------------------------------------
    # French late-payment law
    # ------------------------------------------------------------------
    def _dunning_reductions(self):
        """``{move.id: [(date, amount, is_payment)]}``: what reduced each
        invoice's instalments, in the invoice currency."""
        reductions = {move.id: [] for move in self}
        lines = self._dunning_receivable_lines()
        for line_id, parts in lines._dunning_reductions().items():
            reductions[lines.browse(line_id).move_id.id].extend(parts)
        return reductions

    def _dunning_penalty_details(
        self, date=None, with_penalties=True, indemnity_required=True
    ):
        """What each invoice owes for paying late on ``date`` (default today):
        the sum of its instalments' (``account.move.line``
        ``_dunning_penalty_details``), the 40 EUR indemnity once per invoice.

        ``{move.id: {residual, allocated, principal, penalty, indemnity, kind,
        days_late, rate_lines}}`` in the invoice currency; ``days_late`` of the
        oldest instalment. Raises a UserError naming a missing half-year rate;
        ``with_penalties=False``: no penalty, no rate needed.
        """
        lines = self._dunning_receivable_lines()
        by_line = lines._dunning_penalty_details(
            date, with_penalties, indemnity_required=indemnity_required
        )
        details = {}
        for move in self:
            rows = [
                by_line[line.id]
                for line in lines.filtered(lambda line, m=move: line.move_id == m)
            ]
            currency = move.currency_id
            details[move.id] = {
                key: currency.round(sum(row[key] for row in rows))
                for key in ("residual", "allocated", "principal", "penalty")
            } | {
                "indemnity": max((row["indemnity"] for row in rows), default=0.0),
                "kind": next(
                    (row["kind"] for row in rows if row["kind"] != "none"), "none"
                ),
                "days_late": max((row["days_late"] for row in rows), default=0),
                "rate_lines": [line for row in rows for line in row["rate_lines"]],
            }
        return details
