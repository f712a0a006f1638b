from collections import defaultdict

from odoo import api, fields, models

from ..lib import escalation

OPEN_PAYMENT_STATES = ("not_paid", "partial")


class AccountMove(models.Model):
    _inherit = "account.move"

    dunning_level_id = fields.Many2one(
        "account.dunning.level", string="Niveau de relance atteint", copy=False,
        index="btree_not_null", tracking=True,
    )
    dunning_date_last = fields.Date(string="Dernière relance", copy=False)
    dunning_date_next = fields.Date(
        string="Prochaine relance", copy=False, index=True,
        help="Date à laquelle le niveau suivant du scénario sera atteint.",
    )
    dunning_preventive_date = fields.Date(string="Relance préventive envoyée le", copy=False)
    dunning_escalate = fields.Boolean(
        string="Escalade immédiate", copy=False,
        help="Une promesse non tenue : la prochaine relance passe au niveau suivant "
        "sans attendre son délai.",
    )
    dunning_reminder_ids = fields.Many2many(
        "account.dunning.reminder", "account_dunning_reminder_move_rel", "move_id", "reminder_id",
        string="Relances", copy=False, readonly=True,
    )
    dunning_reminder_count = fields.Integer(
        compute="_compute_dunning_reminder_count", string="Nombre de relances"
    )
    dunning_blocked = fields.Boolean(
        string="Exclue des relances", copy=False, tracking=True,
        help="La facture n'est pas relancée (litige, accord particulier...).",
    )
    dunning_blocked_until = fields.Date(
        string="Relances suspendues jusqu'au", copy=False, tracking=True,
    )
    dunning_objection_ids = fields.Many2many(
        "account.dunning.objection", "account_dunning_objection_move_rel", "move_id", "objection_id",
        string="Objections", copy=False,
    )
    dunning_promise_ids = fields.Many2many(
        "account.dunning.promise", "account_dunning_promise_move_rel", "move_id", "promise_id",
        string="Promesses de règlement", copy=False,
    )
    days_overdue = fields.Integer(string="Jours de retard", compute="_compute_days_overdue")

    @api.depends("dunning_reminder_ids")
    def _compute_dunning_reminder_count(self):
        for move in self:
            move.dunning_reminder_count = len(move.dunning_reminder_ids)

    @api.depends("invoice_date_due", "payment_state")
    def _compute_days_overdue(self):
        today = fields.Date.context_today(self)
        for move in self:
            is_open = move.payment_state in OPEN_PAYMENT_STATES and move.state == "posted"
            move.days_overdue = escalation.days_overdue(move.invoice_date_due, today) if is_open else 0

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

        Invoices under an open dispute and invoices with an open promise not
        yet due wait; so do blocked customers, customers in litigation or
        under a collective procedure.
        """
        return [
            ("dunning_objection_ids", "not any", [
                ("state", "=", "open"), ("category", "=", "dispute"),
            ]),
            ("dunning_promise_ids", "not any", [
                ("state", "=", "open"), ("date_promised", ">=", date),
            ]),
            ("dunning_blocked", "=", False),
            "|", ("dunning_blocked_until", "=", False), ("dunning_blocked_until", "<", date),
            ("commercial_partner_id.dunning_blocked", "=", False),
            ("commercial_partner_id.dunning_litigation", "=", False),
            ("commercial_partner_id.collective_procedure", "in", (False, "none")),
        ]

    @api.model
    def _dunning_candidates(self, company, date):
        max_preventive = max(
            self.env["account.dunning.scenario"].search(
                [("company_id", "=", company.id)]
            ).mapped("preventive_days") or [0]
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
        ladders = {scenario: scenario._ladder() for scenario in set(scenario_of.values())}
        groups = defaultdict(lambda: self.browse())
        next_dates = defaultdict(lambda: self.browse())
        for move in self:
            partner = move.commercial_partner_id
            scenario = scenario_of.get(partner)
            if not scenario or not ladders[scenario]:
                continue
            ladder = ladders[scenario]
            reached = move.dunning_level_id.delay_days if move.dunning_level_id else None
            step = escalation.due_step(
                ladder, move.invoice_date_due, date,
                reached_delay=reached,
                preventive_days=scenario.preventive_days,
                preventive_sent=bool(move.dunning_preventive_date),
                escalate_now=move.dunning_escalate,
            )
            balance = balance_of[partner]["preventive" if step == escalation.PREVENTIVE else "overdue"]
            currency = company.currency_id
            if step and currency.compare_amounts(balance, 0.0) > 0 and (
                currency.compare_amounts(balance, scenario.min_amount) >= 0
            ):
                level = self.env["account.dunning.level"] if step == escalation.PREVENTIVE \
                    else self.env["account.dunning.level"].browse(step.key)
                groups[(partner, scenario, level, move.currency_id)] |= move
                if level:
                    reached = level.delay_days
            next_dates[escalation.next_date(ladder, move.invoice_date_due, reached)] |= move
        for next_date, moves in next_dates.items():
            moves.filtered(lambda m: m.dunning_date_next != next_date).write(
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
