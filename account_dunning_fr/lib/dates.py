"""Due dates, payment-term caps and prescription under French law.

Payment terms between professionals (Code de commerce L441-10 I, loi LME
2008):

- nothing agreed: due 30 days after receipt of the goods or performance of
  the service;
- agreed: at most 60 days from the invoice date, or 45 days end of month
  (expressly agreed), computed by one of the two accepted methods:
  :data:`METHOD_A` (invoice date + 45 days, then end of that month) or
  :data:`METHOD_B` (end of the invoice month, then + 45 days);
- periodic invoices (CGI 289 I 3): 45 days from the invoice date;
- sector caps (L441-11): perishable food 30 days after delivery, live cattle
  20 days after delivery, alcohol under excise 30 days after the end of the
  delivery month.

Prescription: 5 years between professionals from the due date (Code de
commerce L110-4), 2 years for a professional against a consumer from the
completion of the work (Code de la consommation L218-2). An acknowledgement
by the debtor (partial payment, written admission: Code civil 2240) starts a
new period of the same length (Code civil 2231).
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

METHOD_A = "A"
"""45 days end of month: invoice date + 45 days, then end of that month."""
METHOD_B = "B"
"""45 days end of month: end of the invoice month, then + 45 days."""

TERM_DAYS = "days"
"""A number of days from the invoice date."""
TERM_END_OF_MONTH = "end_of_month"
"""A number of days end of month (method A or B)."""
TERM_PERIODIC = "periodic"
"""A number of days from the date of a periodic invoice."""

SECTOR_PERISHABLE = "perishable"
SECTOR_LIVESTOCK = "livestock"
SECTOR_ALCOHOL = "alcohol"

NOTHING_AGREED_DAYS = 30
B2B_PRESCRIPTION_YEARS = 5
B2C_PRESCRIPTION_YEARS = 2

# the English warning of each cap, "%(days)s" agreed and "%(maximum)s" allowed
TERM_DAYS_EXCEEDED = (
    "The payment term of %(days)s days exceeds the legal cap of %(maximum)s days "
    "from the invoice date (article L441-10 I of the French Commercial Code)."
)
TERM_END_OF_MONTH_EXCEEDED = (
    "The payment term of %(days)s days exceeds the legal cap of %(maximum)s days "
    "end of month (article L441-10 I of the French Commercial Code)."
)
TERM_PERIODIC_EXCEEDED = (
    "The payment term of %(days)s days exceeds the legal cap of %(maximum)s days "
    "from the date of a periodic invoice (article L441-10 I of the French "
    "Commercial Code)."
)
SECTOR_PERISHABLE_EXCEEDED = (
    "The payment term of %(days)s days exceeds the legal cap of %(maximum)s days "
    "after delivery for perishable foodstuffs (article L441-11 of the French "
    "Commercial Code)."
)
SECTOR_LIVESTOCK_EXCEEDED = (
    "The payment term of %(days)s days exceeds the legal cap of %(maximum)s days "
    "after delivery for live cattle (article L441-11 of the French Commercial "
    "Code)."
)
SECTOR_ALCOHOL_EXCEEDED = (
    "The payment term of %(days)s days exceeds the legal cap of %(maximum)s days "
    "after the end of the month of delivery for alcoholic beverages subject to "
    "excise duties (article L441-11 of the French Commercial Code)."
)

# kind or sector -> (maximum days, warning)
_TERM_CAPS = {
    TERM_DAYS: (60, TERM_DAYS_EXCEEDED),
    TERM_END_OF_MONTH: (45, TERM_END_OF_MONTH_EXCEEDED),
    TERM_PERIODIC: (45, TERM_PERIODIC_EXCEEDED),
}
_SECTOR_CAPS = {
    SECTOR_PERISHABLE: (30, SECTOR_PERISHABLE_EXCEEDED),
    SECTOR_LIVESTOCK: (20, SECTOR_LIVESTOCK_EXCEEDED),
    SECTOR_ALCOHOL: (30, SECTOR_ALCOHOL_EXCEEDED),
}


def end_of_month(day):
    """Last day of the month of ``day``."""
    return day + relativedelta(day=31)


def due_date_days(invoice_date, days=60):
    """Due date ``days`` calendar days after the invoice date (L441-10 I)."""
    return invoice_date + timedelta(days=days)


def due_date_end_of_month(invoice_date, days=45, method=METHOD_A):
    """Due date of a "N days end of month" term (L441-10 I).

    :data:`METHOD_A`: invoice date + ``days``, then the end of that month.
    :data:`METHOD_B`: end of the invoice month, then + ``days``.
    Raise ``ValueError`` for another method.
    """
    if method == METHOD_A:
        return end_of_month(invoice_date + timedelta(days=days))
    if method == METHOD_B:
        return end_of_month(invoice_date) + timedelta(days=days)
    raise ValueError(
        f'Unknown calculation method "{method}" for an end-of-month term: use '
        f'"{METHOD_A}" (invoice date + {days} days, then end of month) or '
        f'"{METHOD_B}" (end of the invoice month, then + {days} days).'
    )


def due_date_nothing_agreed(receipt_date):
    """Due date when no term was agreed: 30 days after receipt (L441-10 I)."""
    return receipt_date + timedelta(days=NOTHING_AGREED_DAYS)


def payment_term_warning(days, kind=TERM_DAYS, sector=None):
    """What :func:`check_payment_term` warns, as ``(template, params)``: the
    English template with its values, for a caller that translates it; or
    ``None`` when the term is within the cap."""
    if days < 0:
        raise ValueError(
            f"Negative payment term ({days} days): enter a number of days of 0 or more."
        )
    caps, key, label = (
        (_SECTOR_CAPS, sector, "Sector")
        if sector
        else (_TERM_CAPS, kind, "Payment term type")
    )
    if key not in caps:
        raise ValueError(
            f'{label} "{key}" unknown: possible values {", ".join(sorted(caps))}.'
        )
    maximum, warning = caps[key]
    if days <= maximum:
        return None
    return warning, {"days": days, "maximum": maximum}


def check_payment_term(days, kind=TERM_DAYS, sector=None):
    """Check an agreed payment term against the legal caps.

    ``days`` is the agreed number of days, ``kind`` one of :data:`TERM_DAYS`
    (60 days max), :data:`TERM_END_OF_MONTH` (45 days end of month max) or
    :data:`TERM_PERIODIC` (45 days max). With a ``sector``
    (:data:`SECTOR_PERISHABLE`, :data:`SECTOR_LIVESTOCK`,
    :data:`SECTOR_ALCOHOL`) the stricter cap of L441-11 applies instead, the
    days being counted from that sector's starting point.

    Return an English warning naming the cap and the article, or ``None``
    when the term is within the cap. Raise ``ValueError`` for negative days or
    an unknown kind or sector.
    """
    found = payment_term_warning(days, kind, sector)
    if found is None:
        return None
    warning, params = found
    return warning % params


def prescription_end(start_date, consumer=False, acknowledgements=()):
    """Last day on which the claim can still be brought to court.

    ``start_date`` is the due date between professionals (5 years, Code de
    commerce L110-4) or, against a consumer, the date the work or service was
    completed (2 years, Code de la consommation L218-2). Each acknowledgement
    (a date: partial payment, written admission, Code civil 2240) made while
    the period runs starts a new period of the same length (Code civil 2231);
    an acknowledgement after the end date does not revive a prescribed claim.
    Without the same day in the final month, the period ends on the last day
    of that month (29 February -> 28 February).
    """
    years = B2C_PRESCRIPTION_YEARS if consumer else B2B_PRESCRIPTION_YEARS
    end = start_date + relativedelta(years=years)
    for acknowledged_on in sorted(acknowledgements):
        if start_date <= acknowledged_on <= end:
            end = acknowledged_on + relativedelta(years=years)
    return end


def prescription_expires_within(end_date, today, days):
    """True when the claim is not prescribed yet and ``end_date`` (the last
    day to act, see :func:`prescription_end`) falls within ``days`` days of
    ``today`` (``today`` and ``today + days`` included)."""
    return 0 <= (end_date - today).days <= days


# -- collective procedures ---------------------------------------------------

CLAIM_DECLARATION_MONTHS = 2
"""Months after the BODACC publication to declare a claim (R622-24)."""
CLAIM_DECLARATION_EXTRA_MONTHS = 2
"""Extra months for a creditor outside metropolitan France (R622-24)."""


def claim_declaration_deadline(bodacc_date, outside_metropolitan=False):
    """Last day to declare a claim to the mandataire judiciaire: the BODACC
    publication of the opening judgement + 2 months, + 2 more months for a
    creditor outside metropolitan France (Code de commerce L622-24,
    R622-24). None while the judgement is not published."""
    if not bodacc_date:
        return None
    months = CLAIM_DECLARATION_MONTHS
    if outside_metropolitan:
        months += CLAIM_DECLARATION_EXTRA_MONTHS
    return bodacc_date + relativedelta(months=months)


OVERSEAS_ZIP_PREFIXES = ("97", "98")
"""French postcodes of the overseas departments and communities."""


def is_metropolitan_france(country_code, zip_code=""):
    """Whether an address is in metropolitan France (Corsica included): in
    France and not under an overseas postcode (971-976, 98x)."""
    if (country_code or "").upper() != "FR":
        return False
    return not (zip_code or "").strip().startswith(OVERSEAS_ZIP_PREFIXES)
