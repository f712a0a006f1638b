"""Who pays how: payer profiles, the aged balance and the DSO, without Odoo.

Payer profile (DESIGN Behaviour 8, seed 001): over the 12 months ending on the
day, the invoices fully paid in that window give the average delay (last
payment date less due date, at least 0) and the share paid late; with the
promises broken or partially kept in the window, they make the profile.

Aged balance (seed 004): open receivable amounts aged by days past their due
date, in the buckets of :data:`AGE_BUCKETS` (the SQL view is written from them).

DSO by the countback method (méthode par épuisement): the open receivable is
covered by the sales of the current month to date, then of each month before;
each month fully covered counts its days, the last one its share of days.
"""

from collections import namedtuple
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from .messages import RuleError

NEW = "new"
GOOD = "good"
OCCASIONAL = "occasional"
CHRONIC = "chronic"

WINDOW_MONTHS = 12
DSO_HORIZON_MONTHS = 24

Thresholds = namedtuple(
    "Thresholds",
    "min_invoices chronic_late_ratio chronic_days_late chronic_broken_promises "
    "good_late_ratio good_days_late",
)
"""Company settings of the profile: ratios in percent, delays in days."""

DEFAULT_THRESHOLDS = Thresholds(
    min_invoices=3,
    chronic_late_ratio=50.0,
    chronic_days_late=30.0,
    chronic_broken_promises=2,
    good_late_ratio=10.0,
    good_days_late=5.0,
)

PayerStats = namedtuple("PayerStats", "invoice_count avg_days_late late_payment_ratio")

MIN_INVOICES_TOO_LOW = (
    "A payer profile needs at least 1 paid invoice: set the minimum number of "
    "paid invoices to 1 or more."
)
RATIO_OUT_OF_RANGE = (
    "A late payment ratio is a percentage: enter a value between 0 and 100 "
    "instead of %(value)s."
)
NEGATIVE_DAYS = "An average delay cannot be negative (%(value)s days): enter 0 or more."
BROKEN_PROMISES_TOO_LOW = (
    "A customer becomes a chronic bad payer after at least 1 broken promise: "
    "set the number of broken promises to 1 or more."
)
GOOD_RATIO_ABOVE_CHRONIC = (
    "The late payment ratio of a good payer (%(good)s %%) cannot be above the "
    "ratio that makes a chronic bad payer (%(chronic)s %%): lower the first or "
    "raise the second."
)
GOOD_DAYS_ABOVE_CHRONIC = (
    "The average delay of a good payer (%(good)s days) cannot be above the "
    "delay that makes a chronic bad payer (%(chronic)s days): lower the first "
    "or raise the second."
)


class ThresholdError(RuleError):
    """Profile thresholds that cannot be used; the message says what to fix."""


def check_thresholds(thresholds):
    """Raise :class:`ThresholdError` unless ``thresholds`` make sense."""
    if thresholds.min_invoices < 1:
        raise ThresholdError(MIN_INVOICES_TOO_LOW)
    for ratio in (thresholds.chronic_late_ratio, thresholds.good_late_ratio):
        if not 0 <= ratio <= 100:
            raise ThresholdError(RATIO_OUT_OF_RANGE, value=ratio)
    for days in (thresholds.chronic_days_late, thresholds.good_days_late):
        if days < 0:
            raise ThresholdError(NEGATIVE_DAYS, value=days)
    if thresholds.chronic_broken_promises < 1:
        raise ThresholdError(BROKEN_PROMISES_TOO_LOW)
    if thresholds.good_late_ratio > thresholds.chronic_late_ratio:
        raise ThresholdError(
            GOOD_RATIO_ABOVE_CHRONIC,
            good=thresholds.good_late_ratio,
            chronic=thresholds.chronic_late_ratio,
        )
    if thresholds.good_days_late > thresholds.chronic_days_late:
        raise ThresholdError(
            GOOD_DAYS_ABOVE_CHRONIC,
            good=thresholds.good_days_late,
            chronic=thresholds.chronic_days_late,
        )


def profile_window(day):
    """The 12 months ending on ``day``, both ends included: (first day, day)."""
    return day - relativedelta(months=WINDOW_MONTHS) + timedelta(days=1), day


def payer_stats(delays):
    """What the invoices fully paid in the window show.

    ``delays``: for each invoice, its last payment date less its due date, in
    days (negative when paid early). The average delay counts an invoice paid
    early or on time as 0 days late; the ratio is the share paid after the due
    date, in percent.
    """
    delays = list(delays)
    if not delays:
        return PayerStats(0, 0.0, 0.0)
    late = [days for days in delays if days > 0]
    return PayerStats(
        len(delays), sum(late) / len(delays), 100.0 * len(late) / len(delays)
    )


def payer_profile(stats, broken_promises, thresholds=DEFAULT_THRESHOLDS):
    """``new``, ``chronic``, ``good`` or ``occasional``, in that order of rules."""
    if stats.invoice_count < thresholds.min_invoices:
        return NEW
    if (
        stats.late_payment_ratio >= thresholds.chronic_late_ratio
        or stats.avg_days_late > thresholds.chronic_days_late
        or broken_promises >= thresholds.chronic_broken_promises
    ):
        return CHRONIC
    if (
        stats.late_payment_ratio <= thresholds.good_late_ratio
        and stats.avg_days_late <= thresholds.good_days_late
        and not broken_promises
    ):
        return GOOD
    return OCCASIONAL


AgeBucket = namedtuple("AgeBucket", "name first last")
"""Days past the due date from ``first`` to ``last`` (None: no bound)."""

AGE_BUCKETS = (
    AgeBucket("amount_not_due", None, 0),
    AgeBucket("amount_1_30", 1, 30),
    AgeBucket("amount_31_60", 31, 60),
    AgeBucket("amount_61_90", 61, 90),
    AgeBucket("amount_over_90", 91, None),
)


def age_bucket(days_overdue):
    """The name of the bucket of an amount ``days_overdue`` days past due."""
    for bucket in AGE_BUCKETS:
        if (bucket.first is None or days_overdue >= bucket.first) and (
            bucket.last is None or days_overdue <= bucket.last
        ):
            return bucket.name
    raise AssertionError(f"no bucket for {days_overdue} days")  # pragma: no cover


def countback_periods(day, months):
    """The periods of the countback, newest first: the month of ``day`` up to
    ``day``, then ``months - 1`` whole months before it; (first, last day)."""
    periods = [(day.replace(day=1), day)]
    for _index in range(months - 1):
        last = periods[-1][0] - timedelta(days=1)
        periods.append((last.replace(day=1), last))
    return periods


def horizon_start(day, months=DSO_HORIZON_MONTHS):
    """The first day of the countback's oldest month on ``day``: the sales to
    read from."""
    return countback_periods(day, months)[-1][0]


def month_ends(day, count):
    """The ``count`` last month-ends on or before ``day``, oldest first."""
    following = day + timedelta(days=1)
    last = day if following.day == 1 else day.replace(day=1) - timedelta(days=1)
    ends = [last]
    for _index in range(count - 1):
        ends.append(ends[-1].replace(day=1) - timedelta(days=1))
    return ends[::-1]


def countback_dso(receivable, monthly_sales, day, months=DSO_HORIZON_MONTHS):
    """Days of sales the open ``receivable`` represents on ``day``.

    ``monthly_sales``: ``{first day of a month: sales of that month}``, tax
    included, up to ``day`` for the month of ``day``. A month without sales (or
    with more credit notes than invoices) is covered whole; a receivable the
    ``months`` of the horizon do not cover counts all their days. Nothing open
    is 0 days.
    """
    remaining = receivable
    days = 0.0
    if remaining <= 0:
        return days
    for first, last in countback_periods(day, months):
        length = (last - first).days + 1
        sales = monthly_sales.get(first, 0.0)
        if 0 < remaining <= sales:
            return days + length * remaining / sales
        remaining -= max(sales, 0.0)
        days += length
    return days
