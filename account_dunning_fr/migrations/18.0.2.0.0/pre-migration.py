"""18.0.2.0.0: the customer's dunning flags become company dependent.

``dunning_blocked``, ``dunning_credit_hold`` and ``dunning_litigation`` were
booleans of the partner; company-dependent fields are stored as JSON (one
value per company). A flag set before is kept for every company, as it
applied to every company: the column is converted in place.
"""

import json

FLAGS = ("dunning_blocked", "dunning_credit_hold", "dunning_litigation")


def migrate(cr, version):
    if not version:
        return
    cr.execute("SELECT id FROM res_company")
    every_company = json.dumps(
        {str(company_id): True for (company_id,) in cr.fetchall()}
    )
    for flag in FLAGS:
        cr.execute(
            "SELECT data_type FROM information_schema.columns "
            "WHERE table_name = 'res_partner' AND column_name = %s",
            (flag,),
        )
        row = cr.fetchone()
        if not row or row[0] != "boolean":
            continue
        cr.execute(
            f"ALTER TABLE res_partner ALTER COLUMN {flag} TYPE jsonb "  # noqa: S608
            f"USING CASE WHEN {flag} THEN %s::jsonb END",
            (every_company,),
        )
