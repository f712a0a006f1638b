from odoo import fields, models

CATEGORIES = [
    ("benign", "Bénin"),
    ("dispute", "Litige"),
    ("financial", "Difficultés financières"),
    ("administrative", "Administratif"),
    ("insolvency", "Procédure collective"),
    ("bad_faith", "Mauvaise foi"),
]

ACTIONS = [
    ("none", "Aucune"),
    ("resend_invoice", "Renvoyer la facture en duplicata"),
    ("send_proof", "Envoyer le justificatif (bon de livraison...)"),
    ("suspend", "Suspendre les relances jusqu'à résolution"),
    ("payment_plan", "Proposer un échéancier"),
    ("ask_transfer", "Demander un virement"),
    ("collective_procedure", "Arrêter les relances et déclarer la créance"),
    ("stop", "Arrêter les relances"),
]


class AccountDunningObjectionType(models.Model):
    _name = "account.dunning.objection.type"
    _description = "Motif de non-paiement"
    _order = "sequence, code"

    sequence = fields.Integer(default=10)
    code = fields.Char(required=True)
    name = fields.Char(string="Motif", required=True, translate=True)
    category = fields.Selection(
        CATEGORIES, string="Catégorie", required=True, default="benign"
    )
    answer = fields.Html(string="Réponse recommandée", translate=True)
    action = fields.Selection(
        ACTIONS, string="Action automatique", required=True, default="none"
    )
    suspend_days = fields.Integer(
        string="Suspension (jours)",
        help="Les relances des factures concernées sont suspendues ce nombre de jours.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "code_unique",
            "UNIQUE(code)",
            "Ce code de motif existe déjà : choisissez un autre code.",
        ),
        (
            "suspend_days_positive",
            "CHECK(suspend_days >= 0)",
            "La durée de suspension ne peut pas être négative.",
        ),
    ]
