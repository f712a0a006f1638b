import functools
from collections import defaultdict, namedtuple

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_round

from ..lib import escalation, penalties
from .res_partner import DUNNING_READERS

# what the daily run reads of an instalment and its invoice (``_dunning_rows``)
Instalment = namedtuple(
    "Instalment",
    "move_id partner_id company_id currency_id user_id escalate date "
    "date_maturity amount_currency amount_residual_currency reached_delay "
    "date_last date_next preventive_date",
)


def write_bookkeeping(records, vals):
    """Write dunning bookkeeping fields of invoices or their lines.

    They do not touch the accounts: the accounting write path (balance check,
    synchronisation of the invoice's lines, lock dates, tracking) is left out,
    the ORM's own write (access rights, recomputations) is kept.
    """
    return models.Model.write(records, vals)


def column_arrays(model, fnames, rows):
    """SQL of one typed array per field of ``fnames`` of ``model``, its
    values taken from ``rows`` (dicts, in the write format): the run's
    thousands of rows passed to PostgreSQL by ``unnest``."""
    return SQL(", ").join(
        SQL(
            "%s::%s[]",
            [
                field.convert_to_column(
                    value.id if isinstance(value, models.BaseModel) else value, model
                )
                for row in rows
                for value in [row[field.name]]
            ],
            SQL(field.column_type[1]),
        )
        for field in (model._fields[fname] for fname in fnames)
    )


def write_rows(records, vals_list):
    """Write one dict of bookkeeping values per record, past the ORM's write
    (the daily run's thousands at once, one UPDATE per set of fields, the
    values passed as one array per column): their cache is invalidated, and
    what depends on them is the caller's to bring up to date."""
    if not records:
        return
    records.invalidate_recordset(list({fname for vals in vals_list for fname in vals}))
    rows_of = defaultdict(list)
    for record_id, vals in zip(records._ids, vals_list, strict=True):
        rows_of[tuple(sorted(vals))].append(dict(vals, id=record_id))
    for fnames, rows in rows_of.items():
        records.env.cr.execute(
            SQL(
                """
                UPDATE %(table)s SET %(assignments)s,
                       write_uid = %(uid)s, write_date = %(now)s
                  FROM unnest(%(arrays)s) AS row(id, %(names)s)
                 WHERE %(table)s.id = row.id
                """,
                table=SQL.identifier(records._table),
                assignments=SQL(", ").join(
                    SQL("%s = row.%s", SQL.identifier(name), SQL.identifier(name))
                    for name in fnames
                ),
                uid=records.env.uid,
                now=records.env.cr.now(),
                arrays=column_arrays(records, ("id", *fnames), rows),
                names=SQL(", ").join(SQL.identifier(name) for name in fnames),
            )
        )


class AccountMoveLine(models.Model):
    """A receivable line of a customer invoice is one instalment: it is dunned
    from its own due date (``date_maturity``)."""

    _inherit = "account.move.line"

    # The dunning fields of instalments and invoices have no index: the run
    # reads its candidates by due date, and an indexed column written makes
    # each of its updates rewrite every index of these wide tables (no
    # heap-only update): half the run's update time at 100,000 invoices.
    dunning_level_id = fields.Many2one(
        "account.dunning.level",
        string="Dunning level reached",
        copy=False,
        readonly=True,
        groups=DUNNING_READERS,
    )
    dunning_date_last = fields.Date(
        string="Last reminder", copy=False, readonly=True, groups=DUNNING_READERS
    )
    dunning_date_next = fields.Date(
        string="Next reminder",
        copy=False,
        readonly=True,
        help="Date on which the next level of the scenario will be reached.",
        groups=DUNNING_READERS,
    )
    dunning_preventive_date = fields.Date(
        string="Pre-due-date reminder sent on",
        copy=False,
        readonly=True,
        groups=DUNNING_READERS,
    )

    # ------------------------------------------------------------------
    # Escalation
    # ------------------------------------------------------------------
    @api.model
    def _dunning_open_domain(self, company):
        """Receivable lines of ``company``'s posted customer invoices with
        something left to pay: the instalments that can be dunned."""
        return [
            ("company_id", "=", company.id),
            ("move_id.move_type", "=", "out_invoice"),
            ("parent_state", "=", "posted"),
            ("account_type", "=", "asset_receivable"),
            ("reconciled", "=", False),
            ("amount_residual_currency", ">", 0),
            ("date_maturity", "!=", False),
        ]

    @api.model
    def _dunning_candidate_domain(self, company, date, moves=None):
        """The instalments that may be due for a step on ``date``: open, due
        before the longest pre-due-date window, not kept out of dunning, and
        either without a level yet, or whose next level's date has come, or
        of an invoice to escalate at once (a broken promise). An instalment
        at the last level of its ladder is not read again. ``moves``: the
        invoices they can be of, when known (the invoices held are then
        looked for among them only)."""
        max_preventive = max(
            self.env["account.dunning.scenario"]
            .search([("company_id", "=", company.id)])
            .mapped("preventive_days")
            or [0]
        )
        horizon = fields.Date.add(date, days=max_preventive)
        Move = self.env["account.move"]
        held = Move._search(
            Move._dunning_held_domain(date)
            + ([("id", "in", moves.ids)] if moves is not None else [])
        )
        return self._dunning_open_domain(company) + [
            ("date_maturity", "<=", horizon),
            "|",
            "|",
            ("dunning_level_id", "=", False),
            ("dunning_date_next", "<=", date),
            # (a subquery: the line's own conditions are then checked before
            # its invoice is read)
            ("move_id", "in", Move._search([("dunning_escalate", "=", True)])),
            # (not "not any": a NULL in the reasons would hold every invoice)
            ("move_id", "not in", held),
        ]

    @api.model
    def _dunning_candidate_customers(self, company, date, after_partner=0):
        """``[(customer id, candidate instalment ids)]`` of the customers after
        ``after_partner``, in id order: one grouped read for the whole call of
        the scheduler, whose batches then browse their customers' ids."""
        domain = self._dunning_candidate_domain(company, date)
        # (">" 0 would read as "> NULL" for a many2one)
        domain.append(("partner_id", ">=", after_partner + 1))
        return sorted(
            (partner.id, ids)
            for partner, ids in self._read_group(
                domain, ["partner_id"], ["id:array_agg"]
            )
        )

    @api.model
    def _dunning_candidates(self, company, date, line_ids):
        """Those of the instalments ``line_ids`` still candidates now (paid,
        held by an objection... since the customers were read: left out),
        with what the preparation reads of them, by customer id (the order of
        the run), then due date."""
        lines = self.browse(line_ids)._dunning_prefetch()
        domain = self._dunning_candidate_domain(company, date, moves=lines.move_id)
        return self.search(
            domain + [("id", "in", line_ids)],
            # "partner_id" alone would order by the customer's name
            order="partner_id.id, date_maturity, id",
        )

    def _dunning_prefetch(self):
        """Read what the preparation reads through the ORM of these
        instalments and their invoices (the rest comes from
        ``_dunning_rows``), in one query each: not the hundred other columns
        of an invoice and its lines the ORM would read with them."""
        self.fetch(["move_id", "partner_id", "company_id"])
        self.move_id.fetch(["dunning_escalate"])
        return self

    @api.model
    def _dunning_reschedule(self, domain):
        """Read again at the next run the open instalments of ``domain`` that
        reached a level (their ladder or their scenario changed)."""
        lines = self.search(
            [
                ("account_type", "=", "asset_receivable"),
                ("reconciled", "=", False),
                ("dunning_level_id", "!=", False),
                *domain,
            ]
        )
        # their due date: past for every run to come, whatever its date
        for due, group in lines.grouped("date_maturity").items():
            write_bookkeeping(group, {"dunning_date_next": due})

    def _dunning_rows(self):
        """``{line.id: Instalment}``: what the daily run reads of these
        instalments and their invoices, in one query (at 100,000 instalments,
        the ORM's reads of a dozen fields each cost more than the decisions and
        the claims made of them)."""
        self.flush_model(
            [
                "move_id",
                "company_id",
                "currency_id",
                "date",
                "date_maturity",
                "amount_currency",
                "amount_residual_currency",
                "dunning_level_id",
                "dunning_date_last",
                "dunning_date_next",
                "dunning_preventive_date",
            ]
        )
        self.env["account.move"].flush_model(
            [
                "commercial_partner_id",
                "invoice_user_id",
                "dunning_escalate",
            ]
        )
        self.env["account.dunning.level"].flush_model(["delay_days"])
        self.env.cr.execute(
            SQL(
                """
                SELECT line.id, line.move_id, move.commercial_partner_id,
                       line.company_id, line.currency_id, move.invoice_user_id,
                       COALESCE(move.dunning_escalate, FALSE), line.date,
                       line.date_maturity, COALESCE(line.amount_currency, 0),
                       COALESCE(line.amount_residual_currency, 0), level.delay_days,
                       line.dunning_date_last, line.dunning_date_next,
                       line.dunning_preventive_date
                  FROM account_move_line line
                  JOIN account_move move ON move.id = line.move_id
                  LEFT JOIN account_dunning_level level
                    ON level.id = line.dunning_level_id
                 WHERE line.id = ANY(%s)
                """,
                list(self._ids),
            )
        )
        return {row[0]: Instalment(*row[1:]) for row in self.env.cr.fetchall()}

    def _dunning_decisions(self, date, rows=None):
        """The escalation decision of each of these instalments of one company
        on ``date``, without writing anything: the daily run's plan and the
        invoices' dunning status both read it (``rows``: their
        ``_dunning_rows``, if read already).

        ``{line.id: {partner, scenario, level, next_date, reason}}``: ``level``
        the level to reach today (an empty level for a pre-due-date reminder;
        None when nothing is due), ``next_date`` when the following level comes
        (once ``level`` is reached), ``reason`` why a step that is due is not
        taken: ``no_scenario``, ``under_minimum``, or ``unsent`` (on a
        progressive ladder, the level reached is still to be sent).
        """
        if not self:
            return {}
        company = self.company_id
        company.ensure_one()
        rows = rows or self._dunning_rows()
        partners = self.env["res.partner"].browse(
            {row.partner_id for row in rows.values()}
        )
        partner_of = {partner.id: partner for partner in partners}
        scenario_of = partners.with_company(company)._dunning_scenario_map(company)
        balance_of = partners._dunning_net_balances(company, date)
        options_of = {
            scenario: (
                scenario._ladder(),
                scenario.preventive_days,
                scenario.progressive,
            )
            for scenario in set(scenario_of.values())
        }
        unsent = self._dunning_unsent()
        levels = self.env["account.dunning.level"]
        currency = company.currency_id
        minimum_of = {
            scenario: scenario.min_amount for scenario in set(scenario_of.values())
        }

        @functools.cache
        def worth(partner, kind):
            """Whether the customer's balance is worth a reminder of ``kind``
            (a pre-due-date one or not): positive and not under the minimum."""
            balance = balance_of[partner][kind]
            return (
                currency.compare_amounts(balance, 0.0) > 0
                and currency.compare_amounts(balance, minimum_of[scenario_of[partner]])
                >= 0
            )

        decisions = {}
        for line_id in self._ids:
            row = rows[line_id]
            partner = partner_of[row.partner_id]
            scenario = scenario_of.get(partner)
            decision = decisions[line_id] = {
                "partner": partner,
                "scenario": scenario,
                "level": None,
                "next_date": False,
                "reason": False,
            }
            ladder, preventive_days, progressive = options_of.get(
                scenario, (None, 0, False)
            )
            if not ladder:
                decision["reason"] = "no_scenario"
                continue
            due, reached = row.date_maturity, row.reached_delay
            last_sent = row.date_last
            # a broken promise goes on even if the level reached was not sent
            waiting = line_id in unsent and not row.escalate
            options = {
                "preventive_days": preventive_days,
                "preventive_sent": bool(row.preventive_date),
                "escalate_now": row.escalate,
                "progressive": progressive,
                "last_sent": last_sent,
            }
            step = escalation.due_step(
                ladder, due, date, reached, previous_sent=not waiting, **options
            )
            if (
                not step
                and waiting
                and escalation.due_step(ladder, due, date, reached, **options)
            ):
                decision["reason"] = "unsent"
            elif step and worth(
                partner,
                "preventive" if step == escalation.PREVENTIVE else "overdue",
            ):
                level = (
                    levels if step == escalation.PREVENTIVE else levels.browse(step.key)
                )
                decision["level"] = level
                if level:
                    reached, last_sent = step.delay, date
            elif step:
                decision["reason"] = "under_minimum"
            decision["next_date"] = (
                escalation.next_date(ladder, due, reached, progressive, last_sent)
                or False
            )
        return decisions

    def _dunning_unsent(self):
        """Ids of these instalments whose level reached is on a reminder still
        to send, to call or whose email has not left (draft, to call, queued
        or in error): on a progressive ladder they wait for it."""
        if not self:
            return set()
        self.env["account.dunning.reminder"].flush_model(
            ["state", "level_id", "line_ids"]
        )
        self.flush_model(["dunning_level_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT rel.line_id
                  FROM account_dunning_reminder_line_rel rel
                  JOIN account_dunning_reminder reminder
                    ON reminder.id = rel.reminder_id
                  JOIN account_move_line line ON line.id = rel.line_id
                 WHERE rel.line_id = ANY(%s)
                   AND reminder.level_id = line.dunning_level_id
                   AND reminder.state IN ('draft', 'to_call', 'queued', 'error')
                """,
                list(self._ids),
            )
        )
        return {line_id for (line_id,) in self.env.cr.fetchall()}

    def _dunning_plan(self, date):
        """Group the instalments due for a step into reminders-to-be.

        One group per customer, scenario, level and currency, with the next
        date of each of its instalments (written when they are marked); the
        next date of the others is written here. Returns the plan, a list of
        dicts with keys partner, scenario, level (empty for a pre-due-date
        reminder), currency, user, lines and next_dates, and the customers
        left out ``{reason: partners}`` (``no_scenario``, ``under_minimum``).
        """
        if not self:
            return [], {}
        company = self.company_id
        rows = self._dunning_rows()
        decisions = self._dunning_decisions(date, rows)
        skipped = defaultdict(set)
        groups = defaultdict(list)
        next_dates = {}
        for line_id in self._ids:
            decision = decisions[line_id]
            if decision["level"] is not None:
                key = (
                    decision["partner"],
                    decision["scenario"],
                    decision["level"],
                    rows[line_id].currency_id,
                )
                groups[key].append(line_id)
                continue
            if decision["reason"] in ("no_scenario", "under_minimum"):
                skipped[decision["reason"]].add(decision["partner"].id)
            if (rows[line_id].date_next or False) != decision["next_date"]:
                next_dates[line_id] = decision["next_date"]
        self.browse(next_dates)._dunning_write_marks(
            [{"dunning_date_next": next_date} for next_date in next_dates.values()]
        )
        users = self.env["res.users"].browse(
            {row.user_id for row in rows.values() if row.user_id}
        )
        in_company = set(users.filtered(lambda user: company in user.company_ids).ids)

        def person_in_charge(scenario, line_ids):
            """The scenario's, else the first of the invoices' salespersons
            who works for the company."""
            return scenario.user_id or users.browse(
                next(
                    (
                        rows[line_id].user_id
                        for line_id in line_ids
                        if rows[line_id].user_id in in_company
                    ),
                    (),
                )
            )

        plan = [
            {
                "partner": partner,
                "scenario": scenario,
                "level": level,
                "currency": self.env["res.currency"].browse(currency_id),
                "user": person_in_charge(scenario, line_ids),
                "lines": self.browse(line_ids),
                "next_dates": {
                    line_id: decisions[line_id]["next_date"] for line_id in line_ids
                },
            }
            for (partner, scenario, level, currency_id), line_ids in groups.items()
        ]
        partners = self.env["res.partner"]
        return plan, {reason: partners.browse(ids) for reason, ids in skipped.items()}

    @api.model
    def _dunning_mark_reached(self, plan, date):
        """Record on the instalments of ``plan`` that their reminders were
        prepared on ``date``: the level reached (or the pre-due-date reminder)
        and the date of the level after; a broken promise's immediate
        escalation is then spent. (The date of the last reminder is written
        when it is sent.)"""
        marks = {}
        for group in plan:
            level = group["level"]
            reached = (
                {"dunning_level_id": level.id}
                if level
                else {"dunning_preventive_date": date}
            )
            for line_id, next_date in group["next_dates"].items():
                marks[line_id] = dict(reached, dunning_date_next=next_date)
        self.browse(marks)._dunning_write_marks(list(marks.values()))
        escalated = self.union(
            *(group["lines"] for group in plan if group["level"])
        ).move_id.filtered("dunning_escalate")
        write_bookkeeping(escalated, {"dunning_escalate": False})

    def _dunning_write_marks(self, vals_list):
        """The scheduler's bookkeeping of these instalments, one dict of
        values each: one UPDATE per batch, past the accounting write path and
        the ORM's write (whose only recomputation, the invoices' summary, is
        brought up to date here in one query more)."""
        write_rows(self, vals_list)
        self.move_id._dunning_sync_summary()

    # ------------------------------------------------------------------
    # What is owed: French late-payment law, per instalment
    # ------------------------------------------------------------------
    def _dunning_reductions(self):
        """``{line.id: [(date, amount, is_payment)]}``: what reduced each
        instalment, in the invoice currency, read in one query for the set."""
        reductions = {line.id: [] for line in self}
        partials = (
            self.env["account.partial.reconcile"]
            .sudo()
            .search_fetch(
                [("debit_move_id", "in", self.ids)],
                [
                    "debit_move_id",
                    "credit_move_id",
                    "debit_amount_currency",
                    "max_date",
                ],
            )
        )
        partials.credit_move_id.fetch(["move_id"])
        partials.credit_move_id.move_id.fetch(["move_type"])
        for partial in partials:
            reductions[partial.debit_move_id.id].append(
                (
                    partial.max_date,
                    partial.debit_amount_currency,
                    partial.credit_move_id.move_id.move_type != "out_refund",
                )
            )
        return reductions

    def _dunning_credit_allocations(self, date=None, rows=None):
        """``{line.id: [(date, amount)]}``: the customer's payments on account
        and credit notes not yet reconciled, allocated to these instalments the
        oldest debt first (Code civil 1342-10), in the invoice currency.

        The credits of a customer in a currency go over all its open
        instalments in that currency, so an older one outside ``self`` takes
        its share first. ``date``: what was known on that date (credits dated
        on or before it, each instalment net of its own reductions until
        then); None: today's open amounts. One query per model for the set
        (``rows``: their ``_dunning_rows``, if read already).
        """
        allocations = {line_id: [] for line_id in self._ids}
        if not self:
            return allocations
        rows = rows or self._dunning_rows()
        companies = self.env["res.company"].browse(
            {row.company_id for row in rows.values()}
        )

        def open_lines_of(partner_ids):
            return [
                ("company_id", "in", companies.ids),
                ("partner_id", "child_of", list(partner_ids)),
                ("account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
            ]

        credit_domain = open_lines_of({row.partner_id for row in rows.values()}) + [
            ("amount_residual_currency", "<", 0)
        ]
        if date:
            credit_domain.append(("date", "<=", date))
        open_credits = defaultdict(list)
        for credit in self.sudo().search(credit_domain):
            key = (credit.company_id.id, credit.partner_id.commercial_partner_id.id)
            open_credits[(*key, credit.currency_id.id)].append(
                (credit.date, -credit.amount_residual_currency)
            )
        if not open_credits:
            return allocations
        creditor_ids = {partner_id for _company, partner_id, _currency in open_credits}
        scope = self.browse(
            [line_id for line_id, row in rows.items() if row.partner_id in creditor_ids]
        ) | self.sudo().search(
            open_lines_of(creditor_ids)
            + [
                ("move_id.move_type", "=", "out_invoice"),
                ("amount_residual_currency", ">", 0),
            ]
        ).with_env(self.env)
        rows = rows | self.browse(set(scope._ids) - set(rows))._dunning_rows()
        reductions = scope._dunning_reductions() if date else {}
        scope_of = defaultdict(list)
        for line_id in scope._ids:
            row = rows[line_id]
            scope_of[(row.company_id, row.partner_id, row.currency_id)].append(line_id)
        for key, line_ids in scope_of.items():
            if not open_credits.get(key):
                continue
            line_ids = sorted(
                line_ids,
                key=lambda line_id: (
                    rows[line_id].date_maturity or rows[line_id].date,
                    line_id,
                ),
            )
            invoices = [
                penalties.Invoice(
                    line_id,
                    row.amount_currency if date else row.amount_residual_currency,
                    row.date_maturity or row.date,
                    tuple(
                        (when, amount)
                        for when, amount, _payment in reductions[line_id]
                        if when <= date
                    )
                    if date
                    else (),
                )
                for line_id in line_ids
                for row in [rows[line_id]]
            ]
            _claims, allocated = penalties.net_claims(invoices, open_credits[key])
            for line_id, parts in zip(line_ids, allocated, strict=True):
                if line_id in allocations:
                    allocations[line_id] = [
                        (when, float(amount)) for when, amount in parts
                    ]
        return allocations

    def _dunning_notice_dates(self):
        """``{line.id: date}``: when the first formal notice sent for each
        instalment reached the customer (acknowledgement, else sending date)."""
        reminders = (
            self.env["account.dunning.reminder"]
            .sudo()
            .search(
                [
                    ("line_ids", "in", self.ids),
                    ("state", "=", "sent"),
                    ("level_id.is_formal_notice", "=", True),
                ],
                order="date, id",
            )
        )
        notice_of = {}
        for reminder in reminders:
            for line_id in set(reminder.line_ids.ids) & set(self.ids):
                notice_of.setdefault(
                    line_id, reminder.acknowledgement_date or reminder.date
                )
        return notice_of

    def _dunning_penalty_details(
        self,
        date=None,
        with_penalties=True,
        open_now=False,
        indemnity_required=True,
        with_indemnity=True,
    ):
        """What each instalment owes on ``date`` (default today).

        ``{line.id: {residual, allocated, principal, penalty, indemnity, kind,
        days_late, rate_lines}}`` in the invoice currency: ``residual`` is the
        open amount on ``date``, ``allocated`` its share of the customer's
        payments on account and credit notes not yet reconciled, ``principal``
        what is left owed, on which the penalties run from the instalment's
        due date; ``penalty`` the penalties of a professional (default or
        contractual rate) or the legal interest of a consumer from the formal
        notice (``kind``); ``indemnity`` the 40 EUR a professional owes when
        this instalment is paid late (once per invoice: see
        ``account.move._dunning_penalty_details``); ``rate_lines`` one dict per
        rate segment (date_from, date_to, days, rate, base, amount).
        ``with_penalties=False``: amounts and the indemnity, no reference
        rate needed. ``indemnity_required=False``: an indemnity that cannot be
        converted (no exchange rate) is left at 0 instead of raising.
        ``with_indemnity=False``: no indemnity (0) either, nor the history of
        the instalment that only the penalties and the indemnity need.
        ``open_now``: ``residual``, ``allocated`` and ``principal`` as they are
        now (a reminder checked when it is sent), the penalties still up to
        ``date``. Raises a UserError naming a missing half-year rate.
        """
        date = date or fields.Date.context_today(self)
        rates = self.env["account.dunning.rate"]
        tables = rates._rate_tables() if with_penalties else {}
        # what was paid or allocated until ``date``: the residual on that date,
        # the penalties and the indemnity run on it
        history = not open_now or with_penalties or with_indemnity
        rows = self._dunning_rows()
        reductions = self._dunning_reductions() if history else {}
        credits_of = self._dunning_credit_allocations(date, rows) if history else {}
        credits_now = (
            self._dunning_credit_allocations(rows=rows) if open_now else credits_of
        )
        notice_of = self._dunning_notice_dates() if with_penalties else {}
        euro = self.env.ref("base.EUR")
        currencies = self.env["res.currency"].browse(
            {row.currency_id for row in rows.values()}
        )
        companies = self.env["res.company"].browse(
            {row.company_id for row in rows.values()}
        )
        currency_of = {currency.id: currency for currency in currencies}
        company_of = {company.id: company for company in companies}
        rounding_of = {currency.id: currency.rounding for currency in currencies}
        debtor_of = {
            # consumer, and the opening date of a collective procedure
            partner.id: (
                partner.dunning_debtor_kind == "consumer",
                partner.collective_procedure_date
                if partner.collective_procedure not in (False, "none")
                else False,
            )
            for partner in self.env["res.partner"].browse(
                {row.partner_id for row in rows.values()}
            )
        }
        details = {}
        for line_id in self._ids:
            row = rows[line_id]
            rounding = rounding_of[row.currency_id]
            due = row.date_maturity
            own = [
                (when, amount)
                for when, amount, _payment in reductions.get(line_id, ())
                if when <= date
            ]
            residual = float_round(
                row.amount_residual_currency
                if open_now
                else row.amount_currency - sum(amount for _when, amount in own),
                precision_rounding=rounding,
            )
            allocated = float_round(
                sum(amount for _when, amount in credits_now[line_id]),
                precision_rounding=rounding,
            )
            detail = {
                "move_id": row.move_id,
                "date_maturity": due,
                "amount": row.amount_currency,
                "residual": residual,
                "allocated": allocated,
                "principal": max(
                    float_round(residual - allocated, precision_rounding=rounding),
                    0.0,
                ),
                "penalty": 0.0,
                "indemnity": 0.0,
                "kind": "none",
                "days_late": max((date - due).days, 0),
                "rate_lines": [],
            }
            details[line_id] = detail
            if not (with_penalties or with_indemnity):
                continue
            currency, company = currency_of[row.currency_id], company_of[row.company_id]
            cuts = own + credits_of[line_id]
            consumer, opening = debtor_of[row.partner_id]
            # the 40 EUR needs no reference rate: stated even when one is
            # missing (in another currency, it needs the exchange rate)
            indemnity = penalties.recovery_indemnity(
                row.amount_currency,
                due,
                date,
                cuts,
                consumer=consumer,
                opening_date=opening,
            )
            try:
                detail["indemnity"] = (
                    euro._dunning_convert(float(indemnity), currency, company, date)
                    if indemnity and with_indemnity
                    else 0.0
                )
            except UserError:
                if indemnity_required:
                    raise
            if not with_penalties:
                continue
            try:
                if consumer:
                    notice = notice_of.get(line_id)
                    kind = "legal_interest" if notice else "none"
                    interest = (
                        penalties.legal_interest(
                            row.amount_currency,
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
                    contractual = company.dunning_penalty_rate
                    kind = "contractual" if contractual else "penalty"
                    rate_of = (
                        penalties.contractual_rates(
                            contractual, tables["legal_rate_other"]
                        )
                        if contractual
                        else penalties.default_rates(tables["ecb_rate"])
                    )
                    interest = penalties.late_penalty(
                        row.amount_currency,
                        due,
                        date,
                        rate_of,
                        cuts,
                        opening_date=opening,
                    )
            except penalties.RateError as error:
                rates._raise_missing(error)
            detail.update(
                penalty=float(interest.amount),
                kind=kind,
                rate_lines=[
                    {
                        "date_from": segment.first_day,
                        "date_to": segment.last_day,
                        "days": segment.days,
                        "rate": float(segment.rate),
                        "base": float(segment.base),
                        "amount": float(segment.interest),
                    }
                    for segment in interest.lines
                ],
            )
        return details
