from odoo import fields, models

CATEGORIES = [
    ("benign", "Minor"),
    ("dispute", "Dispute"),
    ("financial", "Financial difficulties"),
    ("administrative", "Administrative"),
    ("insolvency", "Collective insolvency proceedings"),
    ("bad_faith", "Bad faith"),
]

ACTIONS = [
    ("none", "None"),
    ("resend_invoice", "Resend the invoice as a duplicate"),
    ("send_proof", "Send the supporting document (delivery slip...)"),
    ("suspend", "Suspend dunning until resolved"),
    ("payment_plan", "Propose a payment plan"),
    ("ask_transfer", "Request a bank transfer"),
    ("collective_procedure", "Stop dunning and file a proof of claim"),
    ("stop", "Stop dunning"),
]


class AccountDunningObjectionType(models.Model):
    _name = "account.dunning.objection.type"
    _description = "Reason for non-payment"
    _order = "sequence, code"

    sequence = fields.Integer(default=10)
    code = fields.Char(required=True)
    name = fields.Char(string="Reason", required=True, translate=True)
    category = fields.Selection(CATEGORIES, required=True, default="benign")
    answer = fields.Html(string="Recommended answer", translate=True)
    action = fields.Selection(
        ACTIONS, string="Automatic action", required=True, default="none"
    )
    suspend_days = fields.Integer(
        string="Suspension (days)",
        help="Dunning of the invoices concerned is suspended for this number of days.",
    )
    active = fields.Boolean(default=True)
    portal_visible = fields.Boolean(
        string="Offered on the portal",
        help="Customers can raise this objection themselves from their dunning "
        "page of the customer portal.",
    )
    portal_description = fields.Text(
        string="Explanation for the customer",
        translate=True,
        help="Shown to the customer on the portal under this reason: what happens "
        "once it is raised.",
    )

    _sql_constraints = [
        (
            "code_unique",
            "UNIQUE(code)",
            "This reason code already exists: choose another code.",
        ),
        (
            "suspend_days_positive",
            "CHECK(suspend_days >= 0)",
            "The suspension period cannot be negative.",
        ),
    ]
