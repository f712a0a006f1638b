"""Late-payment penalties, recovery indemnity and legal interest, in Decimal.

Between professionals (Code de commerce L441-10 II): penalties are due from
the day after the due date, without any reminder, at the ECB main
refinancing rate in force for the half-year + 10 points, or at a contractual
rate that may not be lower than three times the legal interest rate of the
half-year. A fixed indemnity of 40 EUR per invoice paid late covers the
recovery costs (D441-5).

Consumers owe neither penalties nor the indemnity, only legal interest
(Code monétaire et financier L313-2) from the formal notice (Code civil
1231-6, 1344-1).

Conventions (LEGAL_FR.md):

- days late = date - due date, calendar days: the due date itself bears
  nothing, the payment day bears interest on the amount still unpaid before
  the payment;
- simple interest, amount outstanding x rate x days / 365 (also in leap
  years), split at each half-year boundary (1 January, 1 July): every day
  bears the rate of its half-year;
- payments and credit notes (``reductions``: ``(date, amount)`` pairs)
  reduce the outstanding principal from the day after their date;
- computed exactly, rounded to the cent once (ROUND_HALF_UP) at the end.

Rates are percents given by a *rate provider*: a mapping
``{(year, half): rate}`` or a callable ``(year, half) -> rate`` (``half`` is
1 for January-June, 2 for July-December). A missing half-year raises
:class:`MissingRateError`; nothing here knows a rate by heart.
"""

from dataclasses import dataclass, replace
from datetime import date as Date
from datetime import timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from itertools import pairwise

from dateutil.relativedelta import relativedelta

from .messages import RuleError

CENT = Decimal("0.01")
ZERO = Decimal("0")
DEFAULT_MARGIN = Decimal("10")
"""Points added to the ECB main refinancing rate (L441-10 II)."""
CONTRACTUAL_FLOOR_FACTOR = Decimal("3")
"""A contractual rate may not be below 3 x the legal interest rate."""
RECOVERY_INDEMNITY = Decimal("40.00")
"""Fixed recovery indemnity per invoice paid late (D441-5)."""
DAYS_IN_YEAR = 365

_PRECISION = 50
_ONE_DAY = timedelta(days=1)

# the rates a computation may miss, named in the messages
REFERENCE_RATE = "reference rate"
ECB_RATE = "European Central Bank refinancing rate"
LEGAL_RATE = "legal interest rate"

MISSING_RATE = (
    "Missing rate for %(half_year)s (%(rate_name)s). Record this rate in the "
    "reference rates before computing late-payment penalties or interest."
)
RATE_BELOW_MINIMUM = (
    "The contractual rate of %(rate)s is below the legal minimum of %(minimum)s "
    "for %(half_year)s (three times the legal interest rate, article L441-10 II "
    "of the French Commercial Code). Apply at least this minimum or the default "
    "rate (ECB rate + 10 points)."
)


class RateError(RuleError):
    """A rate cannot be used; the message says what to fix."""

    def english_params(self):
        params = dict(self.params)
        if "half_year" in params:
            params["half_year"] = half_year_label(params["half_year"])
        for name in ("rate", "minimum"):
            if name in params:
                params[name] = format_percent(params[name])
        return params


class MissingRateError(RateError):
    """No rate is known for a half-year the computation needs."""

    def __init__(self, half_year, rate_name=REFERENCE_RATE):
        self.half_year = half_year
        super().__init__(MISSING_RATE, half_year=half_year, rate_name=rate_name)


class ContractualRateError(RateError):
    """A contractual rate is below 3 x the legal rate of a half-year
    (L441-10 II)."""

    def __init__(self, rate, half_year, minimum):
        self.rate = rate
        self.half_year = half_year
        self.minimum = minimum
        super().__init__(
            RATE_BELOW_MINIMUM, rate=rate, minimum=minimum, half_year=half_year
        )


# -- amounts -----------------------------------------------------------------


def to_decimal(value):
    """``value`` (Decimal, int, float or str) as a Decimal.

    A float goes through its shortest text form (``2.675`` -> ``"2.675"``),
    never through its binary value. Raise ``ValueError`` for anything else
    or a non-finite number.
    """
    if isinstance(value, float):
        value = repr(value)
    try:
        result = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"Invalid amount: {value!r}.") from None
    if not result.is_finite():
        raise ValueError(f"Invalid amount: {value!r}.")
    return result


def round_cent(value):
    """``value`` rounded to the cent, half up."""
    return to_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def format_percent(rate):
    """English display of a percent rate: ``Decimal("8.28")`` -> ``"8.28%"``.

    The Odoo models format rates in the reader's language.
    """
    return f"{to_decimal(rate).quantize(CENT)}%"


# -- half-years --------------------------------------------------------------


def half_year_of(day):
    """``(year, 1)`` for January-June, ``(year, 2)`` for July-December."""
    return (day.year, 1 if day.month <= 6 else 2)


def half_year_label(half_year):
    """English name of a half-year: ``(2026, 2)`` -> ``"H2 2026"``.

    The Odoo models name half-years in the reader's language.
    """
    year, half = half_year
    return f"H{half} {year}"


def _half_year_last_day(day):
    year, half = half_year_of(day)
    return Date(year, 6, 30) if half == 1 else Date(year, 12, 31)


def half_year_segments(first_day, last_day):
    """Split the days ``first_day`` to ``last_day`` (both included) at each
    half-year boundary.

    Return a list of ``(start, end, days, (year, half))``; empty when
    ``last_day`` is before ``first_day``. For the days late of an invoice,
    ``first_day`` is the day after the due date.
    """
    segments = []
    start = first_day
    while start <= last_day:
        end = min(_half_year_last_day(start), last_day)
        segments.append((start, end, (end - start).days + 1, half_year_of(start)))
        start = end + _ONE_DAY
    return segments


# -- rate providers ----------------------------------------------------------


def rate_provider(rates, rate_name=REFERENCE_RATE):
    """Callable ``(year, half) -> Decimal`` over a mapping or a callable.

    ``rates`` is ``{(year, half): rate}`` or ``callable(year, half)``
    returning the rate or ``None``. The returned callable raises
    :class:`MissingRateError` naming the half-year and ``rate_name`` when the
    rate is unknown.
    """
    lookup = rates if callable(rates) else (lambda year, half: rates.get((year, half)))

    def rate_of(year, half):
        value = lookup(year, half)
        if value is None:
            raise MissingRateError((year, half), rate_name)
        return to_decimal(value)

    return rate_of


def default_rates(ecb_rates):
    """Default penalty rates: the ECB main refinancing rate in force for the
    half-year + 10 points (L441-10 II)."""
    ecb_of = rate_provider(ecb_rates, ECB_RATE)
    return lambda year, half: ecb_of(year, half) + DEFAULT_MARGIN


def check_contractual_rate(rate, half_year, legal_rates):
    """Return ``rate`` as a Decimal if it is at least 3 x the legal interest
    rate ("other cases") of ``half_year``; else raise
    :class:`ContractualRateError` (L441-10 II)."""
    rate = to_decimal(rate)
    legal_of = rate_provider(legal_rates, LEGAL_RATE)
    minimum = CONTRACTUAL_FLOOR_FACTOR * legal_of(*half_year)
    if rate < minimum:
        raise ContractualRateError(rate, half_year, minimum)
    return rate


def contractual_rates(rate, legal_rates):
    """A fixed contractual rate, checked for each half-year it is used in
    (:func:`check_contractual_rate`)."""
    return lambda year, half: check_contractual_rate(rate, (year, half), legal_rates)


def legal_rate_multiple(legal_rates, factor=CONTRACTUAL_FLOOR_FACTOR):
    """A contractual rate written as ``factor`` x the legal interest rate
    ("other cases") of each half-year, checked like any contractual rate."""
    legal_of = rate_provider(legal_rates, LEGAL_RATE)
    factor = to_decimal(factor)
    return lambda year, half: check_contractual_rate(
        factor * legal_of(year, half), (year, half), legal_rates
    )


# -- interest ----------------------------------------------------------------


@dataclass(frozen=True)
class InterestLine:
    """Days ``first_day`` to ``last_day`` (included) on a constant base, at
    the rate of one half-year; ``interest`` is exact (not rounded)."""

    first_day: Date
    last_day: Date
    days: int
    half_year: tuple
    base: Decimal
    rate: Decimal
    interest: Decimal


@dataclass(frozen=True)
class Interest:
    """Penalties or legal interest of one invoice, with their breakdown."""

    lines: tuple = ()

    @property
    def exact(self):
        """Sum of the lines, not rounded."""
        return sum((line.interest for line in self.lines), ZERO)

    @property
    def amount(self):
        """The amount claimed: :attr:`exact` rounded to the cent once."""
        return round_cent(self.exact)

    @property
    def days(self):
        """Days that bore interest (days late while something was unpaid)."""
        return sum(line.days for line in self.lines)


def _outstanding(amount, reductions, day):
    """Principal still unpaid on ``day``: reductions count from the day after
    their date."""
    paid = sum((to_decimal(value) for when, value in reductions if when < day), ZERO)
    return max(amount - paid, ZERO)


def _segments(first_day, last_day, reductions):
    """Half-year segments further split wherever a reduction changes the base."""
    cuts = sorted({when + _ONE_DAY for when, _value in reductions})
    for start, end, _days, half_year in half_year_segments(first_day, last_day):
        bounds = [start, *(cut for cut in cuts if start < cut <= end), end + _ONE_DAY]
        for first, after in pairwise(bounds):
            yield first, after - _ONE_DAY, (after - first).days, half_year


def _accrue(amount, start_date, end_date, rates, reductions):
    """Interest for the days after ``start_date`` through ``end_date``. A rate
    is looked up only for half-years with something unpaid."""
    amount = to_decimal(amount)
    rate_of = rate_provider(rates)
    lines = []
    with localcontext() as context:
        context.prec = _PRECISION
        for first, last, days, half_year in _segments(
            start_date + _ONE_DAY, end_date, reductions
        ):
            base = _outstanding(amount, reductions, first)
            if not base:
                continue
            rate = rate_of(*half_year)
            interest = base * rate * days / (100 * DAYS_IN_YEAR)
            lines.append(
                InterestLine(first, last, days, half_year, base, rate, interest)
            )
    return Interest(tuple(lines))


def freeze_date(opening_date):
    """Last day penalties run when a collective procedure opens: the day
    before the opening judgement (interest stops, Code de commerce L622-28)."""
    return opening_date - _ONE_DAY


def late_penalty(amount, due_date, date, rates, reductions=(), *, opening_date=None):
    """Late-payment penalties of one invoice between professionals
    (L441-10 II), from the day after ``due_date`` through ``date``.

    ``rates`` is a rate provider in percent: :func:`default_rates`,
    :func:`contractual_rates`, :func:`legal_rate_multiple` or any mapping or
    callable. ``reductions`` are ``(date, amount)`` payments and credit notes.
    With ``opening_date`` (collective procedure) the penalties stop on
    :func:`freeze_date`. Return an :class:`Interest` (``.amount`` rounded,
    ``.exact``, ``.lines``); raise :class:`MissingRateError` or
    :class:`ContractualRateError`.
    """
    if opening_date:
        date = min(date, freeze_date(opening_date))
    return _accrue(amount, due_date, date, rates, reductions)


def legal_interest(amount, due_date, notice_date, date, legal_rates, reductions=()):
    """Legal interest owed by a consumer (Code civil 1231-6, 1344-1): from the
    day after the formal notice (or after the due date if the notice came
    first) through ``date``.

    ``legal_rates`` is the legal interest rate provider of the creditor's
    column (a company: "other cases", L313-2 CMF). Return an
    :class:`Interest`; raise :class:`MissingRateError`.
    """
    return _accrue(amount, max(due_date, notice_date), date, legal_rates, reductions)


def recovery_indemnity(
    amount, due_date, date, reductions=(), *, consumer=False, opening_date=None
):
    """The 40 EUR recovery indemnity (L441-10 II, D441-5) of one invoice.

    Due once when something was still unpaid the day after the due date and
    ``date`` is past the due date; never for a consumer; never reduced by
    partial payments. Not due for an invoice falling due on or after the
    opening of a collective procedure. Return ``Decimal("40.00")`` or ``0``.
    """
    if consumer or date <= due_date:
        return ZERO
    if opening_date and due_date >= opening_date:
        return ZERO
    if not _outstanding(to_decimal(amount), reductions, due_date + _ONE_DAY):
        return ZERO
    return RECOVERY_INDEMNITY


# -- collective procedures ---------------------------------------------------


def forclusion_relief_deadline(publication_date):
    """Last day to ask for a relevé de forclusion: BODACC publication + 6
    months (Code de commerce L622-26)."""
    return publication_date + relativedelta(months=6)


# -- statement ---------------------------------------------------------------


@dataclass(frozen=True)
class Invoice:
    """One invoice of a statement; ``reductions`` are its own payments and
    credit notes as ``(date, amount)``; ``ref`` is any caller's key."""

    ref: object
    amount: Decimal
    due_date: Date
    reductions: tuple = ()


@dataclass(frozen=True)
class StatementLine:
    """One invoice in a statement. ``penalty`` is its share of the rounded
    total, ``interest`` the exact computation with its breakdown."""

    invoice: Invoice
    reductions: tuple
    principal: Decimal
    interest: Interest
    penalty: Decimal
    indemnity: Decimal

    @property
    def total(self):
        return self.principal + self.penalty + self.indemnity


@dataclass(frozen=True)
class Statement:
    """A customer statement: lines in the invoices' order, totals, and the
    part of unallocated payments left over (a credit of the customer)."""

    lines: tuple
    unallocated: Decimal

    @property
    def principal(self):
        return sum((line.principal for line in self.lines), ZERO)

    @property
    def penalties(self):
        return sum((line.penalty for line in self.lines), ZERO)

    @property
    def indemnities(self):
        return sum((line.indemnity for line in self.lines), ZERO)

    @property
    def total(self):
        return self.principal + self.penalties + self.indemnities


def allocate_payments(invoices, payments):
    """Allocate payments the debtor did not assign (Code civil 1342-10): to
    the invoice falling due first, then the next; equal due dates in the
    order given (pass the invoices oldest first).

    ``payments`` are ``(date, amount)``, taken by date. An invoice takes at
    most its amount net of its own reductions. Return ``(reductions,
    unallocated)``: one tuple of ``(date, amount)`` per invoice, in the
    invoices' order, and the Decimal left over.
    """
    order = sorted(range(len(invoices)), key=lambda index: invoices[index].due_date)
    room = [
        to_decimal(inv.amount) - sum((to_decimal(v) for _d, v in inv.reductions), ZERO)
        for inv in invoices
    ]
    allocated = [[] for _inv in invoices]
    unallocated = ZERO
    for paid_on, value in sorted(payments, key=lambda payment: payment[0]):
        left = to_decimal(value)
        for index in order:
            share = min(left, max(room[index], ZERO))
            if share > 0:
                allocated[index].append((paid_on, share))
                room[index] -= share
                left -= share
        unallocated += left
    return [tuple(parts) for parts in allocated], unallocated


def net_claims(invoices, unassigned):
    """What each invoice still claims once the debtor's credits not assigned
    to an invoice (payments on account, credit notes not yet reconciled) are
    allocated by :func:`allocate_payments`: the oldest debt first.

    ``invoices`` as for :func:`allocate_payments` (``amount`` and own
    ``reductions``); ``unassigned`` are the credits as ``(date, amount)``.
    Return ``(claims, allocations)``: one Decimal per invoice in the
    invoices' order, never below zero, and the ``(date, amount)`` credits
    allocated to each.
    """
    allocations, _unallocated = allocate_payments(invoices, unassigned)
    claims = [
        max(
            to_decimal(invoice.amount)
            - sum((to_decimal(v) for _d, v in invoice.reductions), ZERO)
            - sum((value for _d, value in allocated), ZERO),
            ZERO,
        )
        for invoice, allocated in zip(invoices, allocations, strict=True)
    ]
    return claims, allocations


def _until(entries, date):
    """The ``(date, amount)`` entries dated on or before ``date``."""
    return tuple((when, value) for when, value in entries if when <= date)


def _share_rounding(exacts):
    """Round each amount so that they add up to their rounded sum (largest
    remainder first, ties in order)."""
    floors = [value.quantize(CENT, rounding=ROUND_DOWN) for value in exacts]
    missing = int((round_cent(sum(exacts, ZERO)) - sum(floors, ZERO)) / CENT)
    by_remainder = sorted(
        range(len(exacts)), key=lambda index: floors[index] - exacts[index]
    )
    for index in by_remainder[:missing]:
        floors[index] += CENT
    return floors


def statement(
    invoices,
    date,
    rates,
    payments=(),
    *,
    consumer=False,
    notice_date=None,
    opening_date=None,
):
    """Principal, penalties and indemnities owed on ``date`` for ``invoices``.

    ``payments`` not assigned to an invoice go to the oldest debts first
    (:func:`allocate_payments`); payments and reductions dated after ``date``
    are ignored. Professionals: :func:`late_penalty` with ``rates`` and the
    40 EUR per invoice paid late. Consumers (``consumer=True``): legal
    interest at ``rates`` from ``notice_date`` (none without a formal
    notice), no indemnity. ``opening_date``: collective procedure, penalties
    frozen (:func:`freeze_date`).

    The penalty total is rounded once; each line's ``penalty`` is its share
    of that total so that the lines add up. Return a :class:`Statement`.
    """

    def interest_of(invoice, reductions):
        if not consumer:
            return late_penalty(
                invoice.amount,
                invoice.due_date,
                date,
                rates,
                reductions,
                opening_date=opening_date,
            )
        if notice_date is None:
            return Interest()
        return legal_interest(
            invoice.amount, invoice.due_date, notice_date, date, rates, reductions
        )

    known = [
        replace(invoice, reductions=_until(invoice.reductions, date))
        for invoice in invoices
    ]
    allocations, unallocated = allocate_payments(known, _until(payments, date))
    computed = []
    for invoice, current, allocated in zip(invoices, known, allocations, strict=True):
        reductions = current.reductions + allocated
        computed.append((invoice, reductions, interest_of(invoice, reductions)))
    shares = _share_rounding([interest.exact for _inv, _red, interest in computed])
    lines = tuple(
        StatementLine(
            invoice=invoice,
            reductions=reductions,
            principal=round_cent(
                _outstanding(to_decimal(invoice.amount), reductions, date + _ONE_DAY)
            ),
            interest=interest,
            penalty=share,
            indemnity=recovery_indemnity(
                invoice.amount,
                invoice.due_date,
                date,
                reductions,
                consumer=consumer,
                opening_date=opening_date,
            ),
        )
        for (invoice, reductions, interest), share in zip(computed, shares, strict=True)
    )
    return Statement(lines, round_cent(unallocated))
