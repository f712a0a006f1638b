from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import dates, escalation, penalties
from .res_partner import DUNNING_READERS

OPEN_PAYMENT_STATES = ("not_paid", "partial")
PRESCRIPTION_WARNING_DAYS = 90


class AccountMove(models.Model):
    _inherit = "account.move"

    dunning_level_id = fields.Many2one(
        "account.dunning.level",
        string="Dunning level reached",
        copy=False,
        index="btree_not_null",
        tracking=True,
        groups=DUNNING_READERS,
    )
    dunning_date_last = fields.Date(
        string="Last reminder", copy=False, groups=DUNNING_READERS
    )
    dunning_date_next = fields.Date(
        string="Next reminder",
        copy=False,
        index=True,
        help="Date on which the next level of the scenario will be reached.",
        groups=DUNNING_READERS,
    )
    dunning_preventive_date = fields.Date(
        string="Pre-due-date reminder sent on",
        copy=False,
        groups=DUNNING_READERS,
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

    @api.depends("dunning_reminder_ids")
    def _compute_dunning_reminder_count(self):
        for move in self:
            move.dunning_reminder_count = len(move.dunning_reminder_ids)

    @api.depends("invoice_date_due", "payment_state")
    def _compute_days_overdue(self):
        today = fields.Date.context_today(self)
        for move in self:
            is_open = (
                move.payment_state in OPEN_PAYMENT_STATES and move.state == "posted"
            )
            move.days_overdue = (
                escalation.days_overdue(move.invoice_date_due, today) if is_open else 0
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
            details, error = {}, str(exc)
        for move in self:
            detail = details.get(move.id, {})
            move.dunning_penalty_amount = detail.get("penalty", 0.0)
            move.dunning_indemnity_amount = detail.get("indemnity", 0.0)
            move.dunning_penalty_error = error if move in moves else False

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
    def _dunning_exclusion_domain(self, date):
        """What keeps an open invoice out of dunning on ``date``.

        Invoices under an open objection that holds dunning (dispute,
        suspension, collective procedure) and invoices with an open promise
        not yet due wait; so do blocked customers, customers in litigation or
        under a collective procedure.
        """
        return [
            (
                "dunning_objection_ids",
                "not any",
                [
                    ("state", "=", "open"),
                    ("holds_dunning", "=", True),
                    "|",
                    ("suspended_until", "=", False),
                    ("suspended_until", ">=", date),
                ],
            ),
            (
                "dunning_promise_ids",
                "not any",
                [
                    ("state", "=", "open"),
                    ("date_promised", ">=", date),
                ],
            ),
            ("dunning_blocked", "=", False),
            "|",
            ("dunning_blocked_until", "=", False),
            ("dunning_blocked_until", "<", date),
            ("commercial_partner_id.dunning_blocked", "=", False),
            ("commercial_partner_id.dunning_litigation", "=", False),
            ("commercial_partner_id.collective_procedure", "in", (False, "none")),
        ]

    @api.model
    def _dunning_candidates(self, company, date):
        max_preventive = max(
            self.env["account.dunning.scenario"]
            .search([("company_id", "=", company.id)])
            .mapped("preventive_days")
            or [0]
        )
        horizon = fields.Date.add(date, days=max_preventive)
        return self.search(
            self._dunning_open_domain(company)
            + [("invoice_date_due", "<=", horizon)]
            + self._dunning_exclusion_domain(date),
            order="invoice_date_due, id",
        )

    def _dunning_plan(self, date):
        """Group the invoices due for a step into reminders-to-be.

        One group per customer, scenario, level and currency. Also keeps
        ``dunning_date_next`` up to date. Returns a list of dicts with keys
        partner, scenario, level (empty for a preventive reminder), currency,
        user and moves.
        """
        if not self:
            return []
        company = self.company_id
        partners = self.commercial_partner_id
        scenario_of = partners.with_company(company)._dunning_scenario_map(company)
        balance_of = partners._dunning_net_balances(company, date)
        ladders = {
            scenario: scenario._ladder() for scenario in set(scenario_of.values())
        }
        groups = defaultdict(lambda: self.browse())
        next_dates = defaultdict(lambda: self.browse())
        for move in self:
            partner = move.commercial_partner_id
            scenario = scenario_of.get(partner)
            if not scenario or not ladders[scenario]:
                continue
            ladder = ladders[scenario]
            reached = (
                move.dunning_level_id.delay_days if move.dunning_level_id else None
            )
            step = escalation.due_step(
                ladder,
                move.invoice_date_due,
                date,
                reached_delay=reached,
                preventive_days=scenario.preventive_days,
                preventive_sent=bool(move.dunning_preventive_date),
                escalate_now=move.dunning_escalate,
            )
            balance = balance_of[partner][
                "preventive" if step == escalation.PREVENTIVE else "overdue"
            ]
            currency = company.currency_id
            if (
                step
                and currency.compare_amounts(balance, 0.0) > 0
                and (currency.compare_amounts(balance, scenario.min_amount) >= 0)
            ):
                level = (
                    self.env["account.dunning.level"]
                    if step == escalation.PREVENTIVE
                    else self.env["account.dunning.level"].browse(step.key)
                )
                groups[(partner, scenario, level, move.currency_id)] |= move
                if level:
                    reached = level.delay_days
            next_dates[
                escalation.next_date(ladder, move.invoice_date_due, reached)
            ] |= move
        for next_date, moves in next_dates.items():
            moves.filtered(lambda m, day=next_date: m.dunning_date_next != day).write(
                {"dunning_date_next": next_date}
            )
        return [
            {
                "partner": partner,
                "scenario": scenario,
                "level": level,
                "currency": currency,
                "user": scenario.user_id or moves.invoice_user_id[:1],
                "moves": moves,
            }
            for (partner, scenario, level, currency), moves in groups.items()
        ]

    def _dunning_mark_reached(self, reminder):
        """Record on the invoices that ``reminder`` was prepared for them."""
        if reminder.level_id:
            vals = {"dunning_level_id": reminder.level_id.id, "dunning_escalate": False}
        else:
            vals = {"dunning_preventive_date": reminder.date}
        self.write(dict(vals, dunning_date_last=reminder.date))

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
        """``{move.id: [(date, amount, is_payment)]}``: what reduced each invoice,
        in the invoice currency, read in one query for the whole set."""
        reductions = {move.id: [] for move in self}
        lines = self.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        partials = (
            self.env["account.partial.reconcile"]
            .sudo()
            .search_read(
                [("debit_move_id", "in", lines.ids)],
                [
                    "debit_move_id",
                    "credit_move_id",
                    "debit_amount_currency",
                    "max_date",
                ],
            )
        )
        move_of_line = {line.id: line.move_id.id for line in lines}
        credit_lines = (
            self.env["account.move.line"]
            .sudo()
            .browse([partial["credit_move_id"][0] for partial in partials])
        )
        credit_is_refund = {
            line.id: line.move_id.move_type == "out_refund" for line in credit_lines
        }
        for partial in partials:
            reductions[move_of_line[partial["debit_move_id"][0]]].append(
                (
                    partial["max_date"],
                    partial["debit_amount_currency"],
                    not credit_is_refund[partial["credit_move_id"][0]],
                )
            )
        return reductions

    def _dunning_credit_allocations(self, date=None):
        """``{move.id: [(date, amount)]}``: the customer's payments on account
        and credit notes not yet reconciled, allocated to these invoices the
        oldest debt first (Code civil 1342-10), in the invoice currency.

        The credits of a customer in a currency go over all its open invoices
        in that currency, so an older invoice outside ``self`` takes its share
        first. ``date``: what was known on that date (credits dated on or
        before it, each invoice net of its own reductions until then); None:
        today's open amounts. Read in one query per model for the whole set.
        """
        allocations = {move.id: [] for move in self}
        invoices = self.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )
        if not invoices:
            return allocations
        partners = invoices.commercial_partner_id
        scope = invoices | self.sudo().search(
            [
                ("company_id", "in", invoices.company_id.ids),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", OPEN_PAYMENT_STATES),
                ("commercial_partner_id", "in", partners.ids),
            ]
        ).with_env(self.env)
        domain = [
            ("company_id", "in", invoices.company_id.ids),
            ("partner_id", "child_of", partners.ids),
            ("account_type", "=", "asset_receivable"),
            ("parent_state", "=", "posted"),
            ("reconciled", "=", False),
            ("amount_residual_currency", "<", 0),
        ]
        if date:
            domain.append(("date", "<=", date))
        open_credits = defaultdict(list)
        for line in self.env["account.move.line"].sudo().search(domain):
            key = (line.company_id, line.partner_id.commercial_partner_id)
            open_credits[(*key, line.currency_id)].append(
                (line.date, -line.amount_residual_currency)
            )
        if not open_credits:
            return allocations
        reductions = scope._dunning_reductions() if date else {}
        for key, moves in scope.grouped(
            lambda m: (m.company_id, m.commercial_partner_id, m.currency_id)
        ).items():
            if not open_credits.get(key):
                continue
            moves = moves.sorted(lambda m: (m.invoice_date_due or m.date, m.id))
            rows = [
                penalties.Invoice(
                    move.id,
                    move.amount_total if date else move.amount_residual,
                    move.invoice_date_due or move.date,
                    tuple(
                        (when, amount)
                        for when, amount, _payment in reductions[move.id]
                        if when <= date
                    )
                    if date
                    else (),
                )
                for move in moves
            ]
            _claims, allocated = penalties.net_claims(rows, open_credits[key])
            for move, parts in zip(moves, allocated, strict=True):
                if move.id in allocations:
                    allocations[move.id] = [
                        (when, float(amount)) for when, amount in parts
                    ]
        return allocations

    def _dunning_claimed_principal(self):
        """``{move.id: amount}``: what each invoice claims today, its open amount
        less its share of the customer's credits not yet reconciled."""
        allocations = self._dunning_credit_allocations()
        return {
            move.id: max(
                move.currency_id.round(
                    move.amount_residual
                    - sum(amount for _when, amount in allocations[move.id])
                ),
                0.0,
            )
            for move in self
        }

    def _dunning_notice_dates(self):
        """``{move.id: date}``: when the first formal notice sent for each
        invoice reached the customer (acknowledgement, else the sending date)."""
        reminders = (
            self.env["account.dunning.reminder"]
            .sudo()
            .search(
                [
                    ("move_ids", "in", self.ids),
                    ("state", "=", "sent"),
                    ("level_id.is_formal_notice", "=", True),
                ],
                order="date, id",
            )
        )
        notice_of = {}
        for reminder in reminders:
            for move_id in set(reminder.move_ids.ids) & set(self.ids):
                notice_of.setdefault(
                    move_id, reminder.acknowledgement_date or reminder.date
                )
        return notice_of

    def _dunning_penalty_details(self, date=None):
        """What each invoice owes for paying late on ``date`` (default today).

        ``{move.id: {residual, allocated, principal, penalty, indemnity, kind,
        days_late, rate_lines}}`` in the invoice currency: ``residual`` is the
        open amount on ``date``, ``allocated`` its share of the customer's
        payments on account and credit notes not yet reconciled
        (:meth:`_dunning_credit_allocations`), ``principal`` what is left owed,
        on which the penalties run;
        ``penalty`` the penalties of a professional (default or contractual rate)
        or the legal interest of a consumer from the formal notice (``kind``);
        ``indemnity`` the 40 EUR of a professional; ``rate_lines`` one dict per
        rate segment (date_from, date_to, days, rate, base, amount). Raises a
        UserError naming a missing half-year rate.
        """
        date = date or fields.Date.context_today(self)
        rates = self.env["account.dunning.rate"]
        tables = rates._rate_tables()
        reductions = self._dunning_reductions()
        credits_of = self._dunning_credit_allocations(date)
        notice_of = self._dunning_notice_dates()
        euro = self.env.ref("base.EUR")
        details = {}
        for move in self:
            partner = move.commercial_partner_id
            due = move.invoice_date_due
            own = [
                (when, amount)
                for when, amount, _payment in reductions[move.id]
                if when <= date
            ]
            cuts = own + credits_of[move.id]
            residual = move.currency_id.round(
                move.amount_total - sum(amount for _when, amount in own)
            )
            allocated = move.currency_id.round(
                sum(amount for _when, amount in credits_of[move.id])
            )
            consumer = partner.dunning_debtor_kind == "consumer"
            opening = (
                partner.collective_procedure_date
                if partner.collective_procedure not in (False, "none")
                else False
            )
            try:
                if consumer:
                    notice = notice_of.get(move.id)
                    kind = "legal_interest" if notice else "none"
                    interest = (
                        penalties.legal_interest(
                            move.amount_total,
                            due,
                            notice,
                            date,
                            tables["legal_rate_other"],
                            cuts,
                        )
                        if notice
                        else penalties.Interest()
                    )
                else:
                    contractual = move.company_id.dunning_penalty_rate
                    kind = "contractual" if contractual else "penalty"
                    rate_of = (
                        penalties.contractual_rates(
                            contractual, tables["legal_rate_other"]
                        )
                        if contractual
                        else penalties.default_rates(tables["ecb_rate"])
                    )
                    interest = penalties.late_penalty(
                        move.amount_total,
                        due,
                        date,
                        rate_of,
                        cuts,
                        opening_date=opening,
                    )
            except penalties.RateError as error:
                rates._raise_missing(error)
            indemnity = penalties.recovery_indemnity(
                move.amount_total,
                due,
                date,
                cuts,
                consumer=consumer,
                opening_date=opening,
            )
            details[move.id] = {
                "residual": residual,
                "allocated": allocated,
                "principal": move.currency_id.round(residual - allocated),
                "penalty": float(interest.amount),
                "indemnity": euro._dunning_convert(
                    float(indemnity),
                    move.currency_id,
                    move.company_id,
                    date,
                )
                if indemnity
                else 0.0,
                "kind": kind,
                "days_late": max((date - due).days, 0),
                "rate_lines": [
                    {
                        "date_from": line.first_day,
                        "date_to": line.last_day,
                        "days": line.days,
                        "rate": float(line.rate),
                        "base": float(line.base),
                        "amount": float(line.interest),
                    }
                    for line in interest.lines
                ],
            }
        return details
