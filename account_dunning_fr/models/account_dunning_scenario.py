from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import escalation
from . import rule_messages


class AccountDunningScenario(models.Model):
    _name = "account.dunning.scenario"
    _description = "Dunning scenario"
    _inherit = ["mail.thread"]
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    level_ids = fields.One2many(
        "account.dunning.level", "scenario_id", string="Levels", copy=True
    )
    level_count = fields.Integer(
        compute="_compute_level_count", string="Number of levels"
    )
    preventive_days = fields.Integer(
        string="Pre-due-date reminder (days before due date)",
        default=0,
        tracking=True,
        help="A courtesy email goes out this number of days before the due date. 0: "
        "no pre-due-date reminder.",
    )
    min_amount = fields.Monetary(
        string="Minimum amount",
        currency_field="currency_id",
        tracking=True,
        help="The customer is not chased as long as its net overdue balance "
        "(invoices less unreconciled credit notes, in the company currency) "
        "stays below this amount.",
    )
    auto_send = fields.Boolean(
        string="Automatic sending",
        tracking=True,
        help="Ticked: the scheduled task sends the reminders. Otherwise it prepares "
        "them as drafts for approval.",
    )
    progressive = fields.Boolean(
        string="Progressive ladder",
        default=True,
        tracking=True,
        help="Ticked: an instalment gets the levels one after the other, each "
        "once the previous one was sent and at the interval of the ladder since "
        "it was. Unticked: an instalment found late goes straight to the highest "
        "level its delay allows.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Collections officer",
        check_company=True,
        help="Receives the calls to make when the customer has no salesperson.",
    )
    note = fields.Html(string="Notes", translate=True)

    _sql_constraints = [
        (
            "preventive_days_positive",
            "CHECK(preventive_days >= 0)",
            "The pre-due-date reminder is counted in days before the due date: 0 or "
            "more.",
        ),
        (
            "min_amount_positive",
            "CHECK(min_amount >= 0)",
            "The minimum amount cannot be negative.",
        ),
    ]

    @api.depends("level_ids")
    def _compute_level_count(self):
        for scenario in self:
            scenario.level_count = len(scenario.level_ids)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_reached(self):
        """Deleting a scenario deletes its levels (in SQL, without their own
        guard): refused as soon as one of them was reached."""
        levels = self.with_context(active_test=False).level_ids
        reached = levels._reached_levels().scenario_id
        if reached:
            raise UserError(
                self.env._(
                    'Scenario "%(scenario)s" has levels already reached by invoices '
                    "or reminders: it cannot be deleted. Archive it instead.",
                    scenario=", ".join(reached.mapped("name")),
                )
            )

    def _in_use(self):
        """The scenarios of ``self`` that a company has as its default or a
        customer as its own (in the scenario's company)."""
        used = (
            self.env["res.company"]
            .sudo()
            .search([("dunning_scenario_id", "in", self.ids)])
            .dunning_scenario_id
        )
        partners = self.env["res.partner"].sudo()
        for scenario in self.sudo() - used:
            if partners.with_company(scenario.company_id).search_count(
                [("dunning_scenario_id", "=", scenario.id)], limit=1
            ):
                used |= scenario
        return used.with_env(self.env)

    def _check_keeps_a_level(self, removed=None):
        """A scenario in use keeps at least one active level besides the
        ``removed`` ones."""
        for scenario in self._in_use():
            if not scenario.level_ids - (removed or self.env["account.dunning.level"]):
                raise ValidationError(
                    self.env._(
                        'Scenario "%(scenario)s" is the default scenario of a '
                        "company or the scenario of customers: it must keep at "
                        "least one level, or the daily run would chase none of "
                        "them. Add a level before removing the last one, or choose "
                        "another scenario for them.",
                        scenario=scenario.name,
                    )
                )

    def _check_assignable(self, company, holder):
        """Refuse this scenario for ``holder`` (a customer's or a company's
        name) in ``company``: it must be a scenario of that company, with at
        least one level."""
        self.ensure_one()
        if self.company_id != company:
            raise ValidationError(
                self.env._(
                    'Scenario "%(scenario)s" belongs to company %(company)s: '
                    "choose for %(partner)s a scenario of company %(current)s.",
                    scenario=self.name,
                    company=self.company_id.name,
                    partner=holder,
                    current=company.name,
                )
            )
        if not self.level_ids:
            raise ValidationError(
                self.env._(
                    'Scenario "%(scenario)s" has no level: add at least one '
                    "level to it before assigning it to %(partner)s.",
                    scenario=self.name,
                    partner=holder,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        """The scenario of a company or of customers stays: without it the
        daily run would chase none of them."""
        used = self._in_use()
        if used:
            raise UserError(
                self.env._(
                    'Scenario "%(scenario)s" is the default scenario of a company '
                    "or the scenario of customers: choose another scenario for "
                    "them before deleting it.",
                    scenario=", ".join(used.mapped("name")),
                )
            )

    def _check_ladder(self):
        for scenario in self:
            try:
                escalation.check_ladder(scenario._ladder(), scenario.name)
            except escalation.LadderError as error:
                raise ValidationError(
                    rule_messages.rule_message(self.env, error)
                ) from error

    def write(self, vals):
        result = super().write(vals)
        if "progressive" in vals:
            self._dunning_reschedule()
        return result

    def _dunning_reschedule(self):
        """The ladder changed: its instalments are read again at the next run."""
        if self:
            self.env["account.move.line"]._dunning_reschedule(
                [("dunning_level_id.scenario_id", "in", self.ids)]
            )

    def _ladder(self):
        self.ensure_one()
        return [escalation.Step(level.id, level.delay_days) for level in self.level_ids]

    # ------------------------------------------------------------------
    # Scheduler
    # ------------------------------------------------------------------
    @api.model
    def _run_dunning(self, date=None):
        """Daily escalation for every company: prepare and send what is due.

        The scheduled action's method: it runs as superuser over all
        companies, one ``account.dunning.run`` per company and day, batch by
        batch (see that model). A user's "run now" is :meth:`_run_dunning_now`.
        Returns the reminders prepared.

        Idempotent: instalments remember the level reached, so a second run
        on the same date finds nothing more to do.
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        runner = rule_messages.with_user_lang(self.sudo())
        companies = runner.env["res.company"].search([])
        return runner.env["account.dunning.run"]._run(companies, date)

    @api.model
    def _run_dunning_now(self):
        """ "Run the escalation now" from the menu: today's escalation in the
        companies the user works in (``env.companies``), as that user.

        Unlike the scheduler (:meth:`_run_dunning`, all companies as
        superuser), it never prepares anything in a company the user has not
        selected.
        """
        date = fields.Date.context_today(self)
        return self.env["account.dunning.run"]._run(self.env.companies, date)
