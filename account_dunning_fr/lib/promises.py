"""Payment promises and payment plans (échéanciers), without Odoo.

A promise is a date and an amount (seed 003). A payment plan is several
promises on the same invoices; its installments are judged cumulatively: an
installment is covered when the payments received by its deadline cover it
and every installment before it.
"""

from collections import namedtuple
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from dateutil.relativedelta import relativedelta

from .messages import RuleError

OPEN = "open"
KEPT = "kept"
PARTIAL = "partial"
BROKEN = "broken"

Installment = namedtuple("Installment", "date amount")
Outcome = namedtuple("Outcome", "state received")

INTERVAL_UNITS = ("days", "weeks", "months")


NO_INSTALLMENT = "A payment plan has at least one instalment."
AMOUNT_NOT_POSITIVE = "The amount of the payment plan must be strictly positive."
CANNOT_SPLIT = (
    "%(total)s cannot be split into %(count)s instalments of at least "
    "%(smallest)s: reduce the number of instalments."
)
UNKNOWN_UNIT = "Unknown interval unit: %(unit)s."
INTERVAL_TOO_SHORT = "The interval between two instalments must be at least 1."
ADD_INSTALLMENT = "Add at least one instalment."
INSTALLMENT_NOT_POSITIVE = (
    "Instalment no. %(index)s must have a strictly positive amount."
)
DATES_NOT_INCREASING = (
    "The instalment dates must increase: instalment no. %(index)s (%(date)s) "
    "does not come after the previous one (%(previous)s)."
)
SUM_DIFFERS = (
    "The instalments add up to %(planned)s, not to the amount of the payment plan "
    "(%(expected)s): correct the amounts."
)
INSTALLMENT_IN_THE_PAST = (
    "Instalment no. %(index)s is dated %(date)s, before today (%(today)s): a "
    "payment plan starts today or later."
)
PROMISE_IN_THE_PAST = (
    "The promised date (%(date)s) is already past: a promise is a payment to "
    "come, today (%(today)s) or later. Enter the date the customer undertakes "
    "to pay."
)
PROMISE_TOO_FAR = (
    "The promised date (%(date)s) is more than %(max_days)s days ahead: promise "
    "a payment by %(latest)s at the latest."
)


class PromiseError(RuleError):
    """A promise that cannot be recorded: the message says what to fix."""


class PlanError(PromiseError):
    """A payment plan that cannot be made: the message says what to fix."""


def _to_decimal(amount, digits):
    return Decimal(str(amount)).quantize(
        Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP
    )


def split_amount(total, count, digits=2):
    """Split ``total`` into ``count`` installments exact to the cent.

    Every installment is ``total / count`` rounded half-up to ``digits``
    decimals, except the last, which takes the rounding difference so that
    the sum is exactly ``total``. Returns floats.
    """
    if count < 1:
        raise PlanError(NO_INSTALLMENT)
    total = _to_decimal(total, digits)
    if total <= 0:
        raise PlanError(AMOUNT_NOT_POSITIVE)
    share = (total / count).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    last = total - share * (count - 1)
    if share <= 0 or last <= 0:
        raise PlanError(
            CANNOT_SPLIT,
            total=total,
            count=count,
            smallest=Decimal(1).scaleb(-digits),
        )
    return [float(share)] * (count - 1) + [float(last)]


def plan_dates(first_date, count, interval=1, unit="months"):
    """The ``count`` due dates of a plan, ``interval`` ``unit`` apart.

    Months are counted from the first date (31 January, then 28 February,
    then 31 March), never from the previous installment.
    """
    if unit not in INTERVAL_UNITS:
        raise PlanError(UNKNOWN_UNIT, unit=unit)
    if interval < 1:
        raise PlanError(INTERVAL_TOO_SHORT)
    return [
        first_date + relativedelta(**{unit: interval * index}) for index in range(count)
    ]


def split_plan(total, count, first_date, interval=1, unit="months", digits=2):
    """The installments (date, amount) of a plan of ``count`` installments."""
    return [
        Installment(day, amount)
        for day, amount in zip(
            plan_dates(first_date, count, interval, unit),
            split_amount(total, count, digits),
            strict=True,
        )
    ]


def check_promise_date(date_promised, today):
    """A promise is for ``today`` or later: a past promise is no promise."""
    if date_promised < today:
        raise PromiseError(PROMISE_IN_THE_PAST, date=date_promised, today=today)


def check_promise_horizon(date_promised, today, max_days):
    """A promise made by the customer himself (on the portal) is for today
    or later and at most ``max_days`` days ahead."""
    check_promise_date(date_promised, today)
    latest = today + timedelta(days=max_days)
    if date_promised > latest:
        raise PromiseError(
            PROMISE_TOO_FAR, date=date_promised, max_days=max_days, latest=latest
        )


def check_plan(installments, total, digits=2, today=None):
    """Check a plan edited by hand; raise PlanError saying what to fix.

    ``today``: no instalment may fall before it.
    """
    if not installments:
        raise PlanError(ADD_INSTALLMENT)
    for index, installment in enumerate(installments, start=1):
        if _to_decimal(installment.amount, digits) <= 0:
            raise PlanError(INSTALLMENT_NOT_POSITIVE, index=index)
        if today is not None and installment.date < today:
            raise PlanError(
                INSTALLMENT_IN_THE_PAST,
                index=index,
                date=installment.date,
                today=today,
            )
    for index, (before, after) in enumerate(pairwise(installments), start=2):
        if after.date <= before.date:
            raise PlanError(
                DATES_NOT_INCREASING,
                index=index,
                date=after.date,
                previous=before.date,
            )
    planned = sum(
        _to_decimal(installment.amount, digits) for installment in installments
    )
    expected = _to_decimal(total, digits)
    if planned != expected:
        raise PlanError(SUM_DIFFERS, planned=planned, expected=expected)


def deadline(date_promised, grace_days=0):
    """Last day a payment still counts for a promise."""
    return date_promised + timedelta(days=grace_days)


def evaluate(installments, payments, today, grace_days=0, digits=2):
    """Outcome of each installment of one promise or one plan on ``today``.

    ``installments``: (date, amount) sorted by date; ``payments``: (date,
    amount) received on the promised invoices since the promise was made.
    An installment is kept as soon as the payments cover it together with
    the ones before it; once its deadline (date + grace) has passed it is
    partial if something was received for it, broken if nothing was.
    Returns one Outcome(state, received) per installment.
    """
    outcomes = []
    promised_before = Decimal(0)
    for installment in installments:
        amount = _to_decimal(installment.amount, digits)
        last_day = deadline(installment.date, grace_days)
        counted_until = min(today, last_day)
        paid = sum(
            (
                _to_decimal(paid_amount, digits)
                for day, paid_amount in payments
                if day <= counted_until
            ),
            Decimal(0),
        )
        received = min(max(paid - promised_before, Decimal(0)), amount)
        if received >= amount:
            state = KEPT
        elif today <= last_day:
            state = OPEN
        elif received > 0:
            state = PARTIAL
        else:
            state = BROKEN
        outcomes.append(Outcome(state, float(received)))
        promised_before += amount
    return outcomes
