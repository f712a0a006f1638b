"""18.0.2.0.0: the customer's dunning flags and payer figures become company
dependent.

Company-dependent fields are stored as JSON (one value per company); Odoo
cannot cast the old columns itself. ``dunning_blocked``,
``dunning_credit_hold`` and ``dunning_litigation`` were booleans of the
partner: a flag set before is kept for every company, as it applied to every
company. The payer figures (profile, delays, broken promises, DSO) are emptied:
the post-migration computes them again per company.
"""

import json

FLAGS = ("dunning_blocked", "dunning_credit_hold", "dunning_litigation")
FIGURES = (
    "payer_profile",
    "avg_days_late",
    "late_payment_ratio",
    "broken_promise_count",
    "dunning_dso",
)


def migrate(cr, version):
    if not version:
        return
    cr.execute("SELECT id FROM res_company")
    every_company = json.dumps(
        {str(company_id): True for (company_id,) in cr.fetchall()}
    )
    for column in FLAGS + FIGURES:
        cr.execute(
            "SELECT data_type FROM information_schema.columns "
            "WHERE table_name = 'res_partner' AND column_name = %s",
            (column,),
        )
        row = cr.fetchone()
        if not row or row[0] == "jsonb":
            continue
        value = f"CASE WHEN {column} THEN %s::jsonb END" if column in FLAGS else "NULL"
        cr.execute(
            f"ALTER TABLE res_partner ALTER COLUMN {column} TYPE jsonb "  # noqa: S608
            f"USING {value}",
            (every_company,) if column in FLAGS else None,
        )
