"""Objection rules without Odoo: the collective-procedure claim deadline."""

from dateutil.relativedelta import relativedelta

CLAIM_DECLARATION_MONTHS = 2


def claim_declaration_deadline(bodacc_date):
    """Last day to declare a claim to the mandataire judiciaire.

    Two months from the publication of the opening judgement in the BODACC
    (Code de commerce, art. R. 622-24); None while it is not published.
    """
    if not bodacc_date:
        return None
    return bodacc_date + relativedelta(months=CLAIM_DECLARATION_MONTHS)
