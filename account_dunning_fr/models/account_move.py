from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

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

        Invoices under an open objection that holds dunning (dispute,
        suspension, collective procedure) and invoices with an open promise
        not yet due wait; so do blocked customers, customers in litigation or
        under a collective procedure.
        """
        return [
            ("dunning_objection_ids", "not any", [
                ("state", "=", "open"), ("holds_dunning", "=", True),
                "|", ("suspended_until", "=", False), ("suspended_until", ">=", date),
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

    # ------------------------------------------------------------------
    # Objections, promises and calls
    # ------------------------------------------------------------------
    def _dunning_check_open_invoices(self, company, partner, currency=None):
        """Refuse invoices a promise or an objection cannot be about."""
        env = self.env
        for move in self:
            if move.move_type != "out_invoice" or move.state != "posted":
                raise ValidationError(env._(
                    "La facture %(name)s n'est pas une facture client validée : seules les "
                    "factures clients comptabilisées peuvent faire l'objet d'une promesse ou "
                    "d'une objection.", name=move.name or move.display_name,
                ))
            if move.payment_state not in OPEN_PAYMENT_STATES:
                raise ValidationError(env._(
                    "La facture %(name)s est déjà réglée : retirez-la.", name=move.name,
                ))
            if move.company_id != company:
                raise ValidationError(env._(
                    "La facture %(name)s appartient à la société %(other)s : ne retenez que "
                    "des factures de %(company)s.",
                    name=move.name, other=move.company_id.name, company=company.name,
                ))
            if move.commercial_partner_id != partner.commercial_partner_id:
                raise ValidationError(env._(
                    "La facture %(name)s est adressée à %(other)s, pas à %(partner)s : "
                    "retirez-la.",
                    name=move.name, other=move.commercial_partner_id.name, partner=partner.name,
                ))
            if currency and move.currency_id != currency:
                raise ValidationError(env._(
                    "La facture %(name)s est en %(other)s : une promesse ne regroupe que des "
                    "factures en %(currency)s.",
                    name=move.name, other=move.currency_id.name, currency=currency.name,
                ))

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
            raise UserError(self.env._(
                "Sélectionnez les factures d'un seul client : une promesse, une objection ou "
                "un appel concerne un client."
            ))
        return partner

    def action_dunning_register_objection(self):
        return self._dunning_wizard_action(
            "account_dunning_fr.account_dunning_objection_wizard_action", self._dunning_open_partner()
        )

    def action_dunning_register_promise(self):
        return self._dunning_wizard_action(
            "account_dunning_fr.account_dunning_promise_wizard_action", self._dunning_open_partner()
        )

    def action_dunning_log_call(self):
        return self._dunning_wizard_action(
            "account_dunning_fr.account_dunning_call_wizard_action", self._dunning_open_partner()
        )

    def action_dunning_payment_plan(self):
        return self._dunning_wizard_action(
            "account_dunning_fr.account_dunning_plan_wizard_action", self._dunning_open_partner()
        )
