from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import promises as promise_rules
from . import rule_messages
from .account_dunning_level import CHANNELS

PROMISE_STATES = [
    ("open", "Pending"),
    ("kept", "Kept"),
    ("partial", "Partially kept"),
    ("broken", "Broken"),
    ("cancel", "Cancelled"),
]


class AccountDunningPromise(models.Model):
    _name = "account.dunning.promise"
    _description = "Payment promise"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_promised, id"
    _check_company_auto = True
    _rec_names_search = ["partner_id", "plan_ref"]

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    contact_id = fields.Many2one(
        "res.partner", string="Contact person", check_company=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Obtained by",
        default=lambda self: self.env.user,
        check_company=True,
    )
    move_ids = fields.Many2many(
        "account.move",
        "account_dunning_promise_move_rel",
        "promise_id",
        "move_id",
        string="Invoices",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('payment_state', 'in', ('not_paid', 'partial'))]",
    )
    date = fields.Date(
        string="Promise date",
        required=True,
        default=fields.Date.context_today,
        help="Payments count from this date.",
    )
    date_promised = fields.Date(
        string="Promised date", required=True, index=True, tracking=True
    )
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id
    )
    amount = fields.Monetary(string="Promised amount", required=True, tracking=True)
    amount_received = fields.Monetary(string="Amount received", readonly=True)
    amount_residual = fields.Monetary(
        string="Amount still due on the invoices",
        compute="_compute_amount_residual",
    )
    amount_warning = fields.Char(compute="_compute_amount_residual")
    state = fields.Selection(
        PROMISE_STATES,
        string="Status",
        default="open",
        required=True,
        tracking=True,
        index=True,
    )
    channel = fields.Selection(CHANNELS, default="phone")
    written_confirmation = fields.Boolean(string="Confirmed in writing", tracking=True)
    plan_ref = fields.Char(string="Payment plan", index=True, readonly=True, copy=False)
    date_decided = fields.Date(
        string="Decided on",
        readonly=True,
        copy=False,
        help="Day the follow-up found the promise kept, partially kept or broken "
        "(or cancelled it with its broken payment plan).",
    )
    call_id = fields.Many2one("account.dunning.call", check_company=True)
    note = fields.Text()

    @api.constrains("amount")
    def _check_amount(self):
        for promise in self:
            if promise.currency_id.compare_amounts(promise.amount, 0.0) <= 0:
                raise ValidationError(
                    self.env._(
                        "The amount promised by %(partner)s must be strictly "
                        "positive: enter the amount the customer undertakes to pay.",
                        partner=promise.partner_id.name,
                    )
                )

    @api.depends("move_ids.amount_residual", "amount", "currency_id")
    def _compute_amount_residual(self):
        for promise in self:
            promise.amount_residual = sum(promise.move_ids.mapped("amount_residual"))
            promise.amount_warning = promise._amount_warning(promise.amount_residual)

    def _amount_warning(self, residual):
        self.ensure_one()
        if (
            self.move_ids
            and self.currency_id.compare_amounts(self.amount, residual) > 0
        ):
            return self.env._(
                "The promised amount exceeds the amount still due on the invoices "
                "(%(residual)s): check the amount with the customer.",
                residual=self._format_amount(residual),
            )
        return False

    def _format_amount(self, amount):
        return self.currency_id.format(amount) if self.currency_id else str(amount)

    @api.constrains("move_ids", "partner_id", "company_id", "currency_id", "amount")
    def _check_dunning_moves(self):
        for promise in self:
            # every invoice linked, also those the user cannot read
            moves = promise.sudo().move_ids.with_env(self.env)
            if not moves:
                raise ValidationError(
                    self.env._(
                        "The payment promise of %(partner)s covers no invoice: "
                        "select at least one invoice of the customer, the ones "
                        "it undertakes to pay.",
                        partner=promise.partner_id.name,
                    )
                )
            moves._dunning_check_open_invoices(
                promise.company_id, promise.partner_id, promise.currency_id
            )
        self._check_amount_due()

    @api.constrains("contact_id", "partner_id")
    def _check_contact(self):
        for promise in self:
            promise.partner_id._dunning_check_contact(promise.contact_id)

    @api.constrains("date_promised", "date")
    def _check_date_promised(self):
        """A promise is of a payment to come on the day it is made (``date``,
        today unless recorded afterwards)."""
        today = fields.Date.context_today(self)
        for promise in self:
            try:
                promise_rules.check_promise_date(
                    promise.date_promised, promise.date or today
                )
            except promise_rules.PromiseError as error:
                raise ValidationError(
                    rule_messages.rule_message(self.env, error)
                ) from error

    def _check_amount_due(self):
        """A promise, or the open instalments of a plan together, never
        promise more than what is still due on their invoices (once these
        are known right: see :meth:`_check_dunning_moves`)."""
        for group in self._plan_groups():
            plan_ref = group[0].plan_ref
            promises = self.search([("plan_ref", "=", plan_ref)]) if plan_ref else group
            promises = promises.filtered(lambda p: p.state == "open")
            if not promises:
                continue
            currency = promises[0].currency_id
            promised = sum(promises.mapped("amount"))
            due = sum(promises.move_ids.mapped("amount_residual"))
            if currency.compare_amounts(promised, due) > 0:
                raise ValidationError(
                    self.env._(
                        "%(partner)s promises %(promised)s, more than what is "
                        "still due on %(invoices)s (%(due)s): enter at most the "
                        "amount due.",
                        partner=promises[0].partner_id.name,
                        promised=currency.format(promised),
                        invoices=", ".join(promises.move_ids.mapped("name")),
                        due=currency.format(due),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        promises = super().create(vals_list)
        for promise in promises:
            promise._log_on_invoices(
                self.env._(
                    "Payment promise: %(amount)s on %(date)s.",
                    amount=promise._format_amount(promise.amount),
                    date=promise.date_promised.strftime("%d/%m/%Y"),
                )
            )
        return promises

    @api.depends("partner_id", "amount", "date_promised")
    def _compute_display_name(self):
        for promise in self:
            promise.display_name = self.env._(
                "%(partner)s: %(amount)s on %(date)s",
                partner=promise.partner_id.name or "",
                amount=promise._format_amount(promise.amount),
                date=promise.date_promised
                and promise.date_promised.strftime("%d/%m/%Y")
                or "",
            )

    def _log_on_invoices(self, body):
        """Post ``body`` on the promise, its invoices and its customer."""
        for record in (*self, *self.move_ids):
            record.message_post(body=body)
        for promise in self:
            promise.partner_id.commercial_partner_id._dunning_log(
                promise.company_id, body
            )

    def action_cancel(self):
        self.filtered(lambda p: p.state == "open").write({"state": "cancel"})

    def action_view_plan(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_dunning_fr.account_dunning_promise_action"
        )
        action["domain"] = [("plan_ref", "=", self.plan_ref)]
        action["context"] = {"create": False}
        return action

    def action_print_plan(self):
        return self.env.ref(
            "account_dunning_fr.action_report_payment_plan"
        ).report_action(self)

    @api.model
    def _create_plan(self, vals, installments, amount_total, currency, **extra):
        """A payment plan: one promise per instalment (``Installment`` of
        lib/promises), under one plan reference, spreading ``amount_total``.

        ``vals``: the values common to the instalments (company, customer,
        contact, invoices); ``extra`` more of them (channel...). Raises a
        UserError saying what to fix in the instalments.
        """
        try:
            promise_rules.check_plan(
                installments,
                amount_total,
                currency.decimal_places,
                today=fields.Date.context_today(self),
            )
        except promise_rules.PlanError as error:
            raise UserError(rule_messages.rule_message(self.env, error)) from error
        plan_ref = (
            self.env["ir.sequence"]
            .with_company(vals["company_id"])
            .next_by_code("account.dunning.plan")
        )
        return self.create(
            [
                dict(
                    {"channel": "letter"},
                    **vals,
                    **extra,
                    date_promised=day,
                    amount=amount,
                    currency_id=currency.id,
                    plan_ref=plan_ref,
                )
                for day, amount in installments
            ]
        )

    # ------------------------------------------------------------------
    # Scheduler: kept, partial or broken
    # ------------------------------------------------------------------
    def _plan_groups(self):
        """The promises judged together: a plan is one group, else each promise."""
        groups = defaultdict(lambda: self.browse())
        for promise in self:
            groups[promise.plan_ref or promise.id] |= promise
        return list(groups.values())

    def _payments_by_move(self):
        """Payments reconciled on the invoices of ``self``: {move: [(date, amount)]}.

        One grouped read for the whole set, amounts in the invoice currency.
        """
        groups = self.env["account.partial.reconcile"]._read_group(
            [("debit_move_id.move_id", "in", self.move_ids.ids)],
            ["debit_move_id", "max_date:day"],
            ["debit_amount_currency:sum"],
        )
        payments = defaultdict(list)
        for line, day, amount in groups:
            payments[line.move_id].append((day, amount))
        return payments

    @api.model
    def _check_promises(self, date=None):
        """Decide the open promises due: kept, partial or broken.

        Batched and idempotent: the payments are read once for the whole
        set, only open promises change, a second run on the same day finds
        nothing more to decide.
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        promises = rule_messages.with_user_lang(self)
        open_promises = promises.search([("state", "=", "open")])
        to_judge = promises.search(
            [
                "|",
                ("id", "in", open_promises.ids),
                "&",
                (
                    "plan_ref",
                    "in",
                    [ref for ref in open_promises.mapped("plan_ref") if ref],
                ),
                ("state", "!=", "cancel"),
            ]
        )
        payments = to_judge._payments_by_move()
        changed = self.browse()
        for group in to_judge._plan_groups():
            changed |= group._judge(payments, date)
        changed._update_payer_profiles(date)
        return changed

    def _update_payer_profiles(self, date):
        """A promise not kept counts at once in its customer's payer profile."""
        missed = self.filtered(lambda p: p.state in ("broken", "partial"))
        for company, promises in missed.grouped("company_id").items():
            self.env["account.dunning.analytics"]._update_customers(
                company, date, promises.partner_id.commercial_partner_id
            )

    def _judge(self, payments, date):
        """Apply the outcome of one promise or one plan on ``date``."""
        group = self.sorted(lambda p: (p.date_promised, p.id))
        first = group[0]
        grace = first.company_id.dunning_promise_grace_days
        received = sorted(
            (day, amount)
            for move in group.move_ids
            for day, amount in payments.get(move, [])
            if day >= first.date
        )
        outcomes = promise_rules.evaluate(
            [promise_rules.Installment(p.date_promised, p.amount) for p in group],
            received,
            date,
            grace,
            first.currency_id.decimal_places,
        )
        changed = self.browse()
        for promise, outcome in zip(group, outcomes, strict=True):
            if promise.state == "open" and outcome.state != promise_rules.OPEN:
                promise.write(
                    {
                        "state": outcome.state,
                        "amount_received": outcome.received,
                        "date_decided": date,
                    }
                )
                changed |= promise
        missed = changed.filtered(lambda p: p.state in ("partial", "broken"))
        if first.plan_ref and missed:
            cancelled = group.filtered(lambda p: p.state == "open")
            cancelled.write({"state": "cancel", "date_decided": date})
            group._break(missed[:1], plan_broken=True)
            changed |= cancelled
        else:
            for promise in changed:
                promise._notify_outcome()
        return changed

    def _notify_outcome(self):
        self.ensure_one()
        if self.state == "broken":
            self._break(self)
            return
        amounts = {
            "received": self._format_amount(self.amount_received),
            "amount": self._format_amount(self.amount),
        }
        if self.state == "kept":
            body = self.env._(
                "Promise kept: %(received)s received out of %(amount)s promised.",
                **amounts,
            )
        else:
            body = self.env._(
                "Promise partially kept: %(received)s received out of %(amount)s "
                "promised. Dunning resumes.",
                **amounts,
            )
        self._log_on_invoices(body)

    def _break(self, missed, plan_broken=False):
        """A broken promise or plan: escalate at once."""
        self.move_ids.filtered(
            lambda m: m.payment_state in ("not_paid", "partial")
        ).write({"dunning_escalate": True})
        if plan_broken:
            body = self.env._(
                "Payment plan %(plan)s broken: the instalment of %(date)s "
                "(%(amount)s) was not paid (%(received)s received). The following "
                "instalments are cancelled and the next reminder moves to the next "
                "level.",
                plan=missed.plan_ref,
                date=missed.date_promised.strftime("%d/%m/%Y"),
                amount=missed._format_amount(missed.amount),
                received=missed._format_amount(missed.amount_received),
            )
        else:
            body = self.env._(
                "Promise broken: %(amount)s expected on %(date)s, nothing received. "
                "The next reminder moves to the next level.",
                amount=missed._format_amount(missed.amount),
                date=missed.date_promised.strftime("%d/%m/%Y"),
            )
        self._log_on_invoices(body)
