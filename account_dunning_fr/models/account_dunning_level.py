from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

CHANNELS = [
    ("email", "Email"),
    ("letter", "Ordinary letter"),
    ("registered_letter", "Registered letter with acknowledgement of receipt"),
    ("phone", "Phone call"),
    ("sms", "SMS"),
]

TONES = [
    ("courteous", "Courteous"),
    ("firm", "Firm"),
    ("formal", "Formal"),
]


class AccountDunningLevel(models.Model):
    _name = "account.dunning.level"
    _description = "Dunning level"
    _order = "scenario_id, sequence, delay_days, id"
    _check_company_auto = True

    scenario_id = fields.Many2one(
        "account.dunning.scenario",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="scenario_id.company_id", store=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    delay_days = fields.Integer(
        string="Delay (days after due date)",
        required=True,
        help="The level is reached when the invoice is at least this number of days "
        "overdue.",
    )
    channel = fields.Selection(CHANNELS, required=True, default="email")
    tone = fields.Selection(
        TONES,
        required=True,
        default="courteous",
        help="The tone of the letter and the email: it rises with the level.",
    )
    intro = fields.Html(
        string="Reminder text",
        translate=True,
        help="Opening paragraph of the letter and the email of this level.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Email template",
        domain="[('model', '=', 'account.dunning.reminder')]",
        help="Empty: the standard reminder template.",
    )
    report_id = fields.Many2one(
        "ir.actions.report",
        string="Letter",
        domain="[('model', '=', 'account.dunning.reminder')]",
        help="Empty: the standard reminder letter (the formal notice for a "
        "formal-notice level).",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Activity type",
        help="Activity created for the person in charge (phone call by default).",
    )
    is_formal_notice = fields.Boolean(string="Formal notice")
    notice_days = fields.Integer(
        string="Period granted (days)",
        default=8,
        help="Period given to the customer by the formal notice before proceedings.",
    )
    apply_penalties = fields.Boolean(string="Claim late-payment penalties")
    apply_indemnity = fields.Boolean(string="Claim the 40 € fixed indemnity")
    credit_hold = fields.Boolean(
        string="Block the customer account",
        help="The customer is put on credit hold when this level is sent.",
    )
    litigation = fields.Boolean(
        string="Pass to litigation",
        help="The file is passed to litigation: amicable dunning stops.",
    )

    _sql_constraints = [
        (
            "notice_days_positive",
            "CHECK(notice_days >= 0)",
            "The period granted by the formal notice cannot be negative.",
        ),
    ]

    @api.constrains("delay_days", "sequence", "scenario_id")
    def _check_ladder(self):
        self.scenario_id._check_ladder()

    @api.constrains("active", "scenario_id")
    def _check_scenario_keeps_a_level(self):
        self.scenario_id._check_keeps_a_level()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_scenario_emptied(self):
        self.scenario_id._check_keeps_a_level(removed=self)

    @api.constrains("mail_template_id", "report_id")
    def _check_documents(self):
        """The email template and the letter of a level are for reminders:
        the sending renders them on the reminder."""
        model = self.env["account.dunning.reminder"]._name
        for level in self:
            template = level.mail_template_id
            if template and template.model != model:
                raise ValidationError(
                    self.env._(
                        'Level "%(level)s": email template "%(template)s" is for '
                        "%(model)s, not for reminders. Choose a template for "
                        "reminders, or none for the standard one.",
                        level=level.name,
                        template=template.name,
                        model=template.model_id.name,
                    )
                )
            report = level.report_id
            if report and report.model != model:
                raise ValidationError(
                    self.env._(
                        'Level "%(level)s": report "%(report)s" prints %(model)s, '
                        "not reminders. Choose a letter for reminders, or none for "
                        "the standard one.",
                        level=level.name,
                        report=report.name,
                        model=report.model_id.name,
                    )
                )

    @api.constrains("is_formal_notice", "notice_days")
    def _check_notice_days(self):
        for level in self:
            if level.is_formal_notice and level.notice_days < 1:
                raise ValidationError(
                    self.env._(
                        'Formal notice "%(level)s" must give the customer at least '
                        "one day (8 or 15 days in practice).",
                        level=level.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        levels = super().create(vals_list)
        levels.scenario_id._dunning_reschedule()
        return levels

    def write(self, vals):
        scenarios = self.scenario_id
        result = super().write(vals)
        if {"delay_days", "active", "sequence", "scenario_id"} & set(vals):
            (scenarios | self.scenario_id)._dunning_reschedule()
        return result

    def _reached_levels(self):
        """The levels of ``self`` reached by an invoice or a reminder."""
        moves = self.env["account.move"].sudo()
        reminders = self.env["account.dunning.reminder"].sudo()
        return (
            moves.search([("dunning_level_id", "in", self.ids)]).dunning_level_id
            | reminders.search([("level_id", "in", self.ids)]).level_id
        ).with_env(self.env)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_reached(self):
        """A level reached by an invoice or a reminder is history: without it
        the next run would chase those invoices again from the start."""
        reached = self._reached_levels()
        if reached:
            raise UserError(
                self.env._(
                    'Level "%(level)s" has already been reached by invoices or '
                    "reminders: it cannot be deleted. Archive it instead.",
                    level=", ".join(reached.mapped("name")),
                )
            )

    @api.depends("scenario_id.name", "name", "delay_days")
    def _compute_display_name(self):
        for level in self:
            level.display_name = self.env._(
                "%(name)s (D+%(days)s)", name=level.name, days=level.delay_days
            )
