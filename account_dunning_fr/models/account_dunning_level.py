from odoo import api, fields, models
from odoo.exceptions import ValidationError

CHANNELS = [
    ("email", "Courriel"),
    ("letter", "Lettre simple"),
    ("registered_letter", "Lettre recommandée AR"),
    ("phone", "Appel téléphonique"),
    ("sms", "SMS"),
]

TONES = [
    ("courteous", "Courtois"),
    ("firm", "Ferme"),
    ("formal", "Formel"),
]


class AccountDunningLevel(models.Model):
    _name = "account.dunning.level"
    _description = "Niveau de relance"
    _order = "scenario_id, sequence, delay_days, id"
    _check_company_auto = True

    scenario_id = fields.Many2one(
        "account.dunning.scenario",
        string="Scénario",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="scenario_id.company_id", store=True)
    sequence = fields.Integer(string="Séquence", default=10)
    name = fields.Char(string="Nom", required=True, translate=True)
    delay_days = fields.Integer(
        string="Délai (jours après échéance)",
        required=True,
        help="Le niveau est atteint quand la facture est en retard d'au moins "
        "ce nombre de jours.",
    )
    channel = fields.Selection(CHANNELS, string="Canal", required=True, default="email")
    tone = fields.Selection(
        TONES,
        string="Ton",
        required=True,
        default="courteous",
        help="Le ton de la lettre et du courriel : il monte avec le niveau.",
    )
    intro = fields.Html(
        string="Texte de la relance",
        translate=True,
        help="Paragraphe d'ouverture de la lettre et du courriel de ce niveau.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Modèle de courriel",
        domain="[('model', '=', 'account.dunning.reminder')]",
        help="Vide : le modèle de relance standard.",
    )
    report_id = fields.Many2one(
        "ir.actions.report",
        string="Lettre",
        domain="[('model', '=', 'account.dunning.reminder')]",
        help="Vide : la lettre de relance standard (la mise en demeure pour un "
        "niveau de mise en demeure).",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Type d'activité",
        help="Activité créée pour le responsable (appel téléphonique par défaut).",
    )
    is_formal_notice = fields.Boolean(string="Mise en demeure")
    notice_days = fields.Integer(
        string="Délai accordé (jours)",
        default=8,
        help="Délai laissé au client par la mise en demeure avant poursuites.",
    )
    apply_penalties = fields.Boolean(string="Réclamer les pénalités de retard")
    apply_indemnity = fields.Boolean(string="Réclamer l'indemnité forfaitaire de 40 €")
    credit_hold = fields.Boolean(
        string="Bloquer le compte client",
        help="Le client passe en blocage de crédit quand ce niveau est envoyé.",
    )
    litigation = fields.Boolean(
        string="Transmettre au contentieux",
        help="Le dossier passe au contentieux : les relances amiables s'arrêtent.",
    )

    _sql_constraints = [
        (
            "notice_days_positive",
            "CHECK(notice_days >= 0)",
            "Le délai accordé par la mise en demeure ne peut pas être négatif.",
        ),
    ]

    @api.constrains("delay_days", "sequence", "scenario_id")
    def _check_ladder(self):
        self.scenario_id._check_ladder()

    @api.constrains("is_formal_notice", "notice_days")
    def _check_notice_days(self):
        for level in self:
            if level.is_formal_notice and level.notice_days < 1:
                raise ValidationError(
                    self.env._(
                        "La mise en demeure « %(level)s » doit laisser au client un "
                        "délai d'au moins un jour (8 ou 15 jours en pratique).",
                        level=level.name,
                    )
                )

    @api.depends("scenario_id.name", "name", "delay_days")
    def _compute_display_name(self):
        for level in self:
            level.display_name = self.env._(
                "%(name)s (J+%(days)s)", name=level.name, days=level.delay_days
            )
