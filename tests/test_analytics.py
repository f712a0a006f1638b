"""Payer profiles, aged-balance buckets and the DSO (countback), without Odoo."""

from datetime import date

import pytest

from account_dunning_fr.lib import analytics
from account_dunning_fr.lib.analytics import (
    CHRONIC,
    GOOD,
    NEW,
    OCCASIONAL,
    PayerStats,
    ThresholdError,
    Thresholds,
)

# -- payer profile ------------------------------------------------------------


@pytest.mark.parametrize(
    "day, first",
    [
        (date(2025, 6, 30), date(2024, 7, 1)),
        (date(2025, 3, 31), date(2024, 4, 1)),
        (date(2025, 1, 15), date(2024, 1, 16)),
        (date(2024, 2, 29), date(2023, 3, 1)),
    ],
)
def test_the_window_is_the_twelve_months_ending_on_the_day(day, first):
    assert analytics.profile_window(day) == (first, day)


def test_stats_of_invoices_paid_early_on_time_and_late():
    # paid 3 days early, on the due date, 10 and 20 days late
    stats = analytics.payer_stats([-3, 0, 10, 20])
    assert stats == PayerStats(4, 7.5, 50.0)


def test_stats_without_paid_invoices():
    assert analytics.payer_stats([]) == PayerStats(0, 0.0, 0.0)


@pytest.mark.parametrize(
    "delays, broken, expected",
    [
        ([], 0, NEW),
        ([40, 50], 3, NEW),  # fewer than 3 invoices: new, whatever they show
        ([0, 0, 0], 0, GOOD),
        ([-5, 0, 3, 0, 0, 0, 0, 0, 0, 0], 0, GOOD),  # 10 % late, 0.3 day
        ([0, 0, 0], 1, OCCASIONAL),  # a broken promise is not good
        ([0, 0, 0, 12], 0, OCCASIONAL),  # 25 % late
        ([0, 0, 0, 0, 0, 0, 0, 0, 0, 60], 0, OCCASIONAL),  # 10 %, 6 days
        ([0, 5, 0], 0, OCCASIONAL),  # 33.3 % late
        ([0, 1, 0, 1], 0, CHRONIC),  # 50 % late
        ([0, 0, 0, 0, 0, 0, 0, 0, 0, 301], 0, CHRONIC),  # 30.1 days on average
        ([0, 0, 93], 0, CHRONIC),  # 31 days on average
        ([0, 0, 90], 0, OCCASIONAL),  # 30 days on average, 33 % late
        ([0, 0, 0], 2, CHRONIC),
    ],
)
def test_profile_rules(delays, broken, expected):
    assert analytics.payer_profile(analytics.payer_stats(delays), broken) == expected


def test_profile_on_the_chronic_day_threshold():
    # 30.1 days on average is more than 30: chronic
    stats = PayerStats(10, 30.1, 10.0)
    assert analytics.payer_profile(stats, 0) == CHRONIC
    assert analytics.payer_profile(PayerStats(10, 30.0, 10.0), 0) == OCCASIONAL


def test_thresholds_are_settings():
    lenient = Thresholds(
        min_invoices=2,
        chronic_late_ratio=80.0,
        chronic_days_late=60.0,
        chronic_broken_promises=3,
        good_late_ratio=50.0,
        good_days_late=10.0,
    )
    assert analytics.payer_profile(analytics.payer_stats([0, 12]), 0, lenient) == GOOD
    assert analytics.payer_profile(analytics.payer_stats([0, 12]), 0) == NEW
    assert analytics.payer_profile(PayerStats(3, 0.0, 0.0), 2, lenient) == OCCASIONAL


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"min_invoices": 0}, "at least 1 paid invoice"),
        ({"chronic_late_ratio": 120.0}, "between 0 and 100"),
        ({"good_late_ratio": -1.0}, "between 0 and 100"),
        ({"good_days_late": -1.0}, "cannot be negative"),
        ({"chronic_broken_promises": 0}, "at least 1 broken promise"),
        ({"good_late_ratio": 60.0}, "late payment ratio of a good payer"),
        ({"good_days_late": 45.0}, "average delay of a good payer"),
    ],
)
def test_bad_thresholds_are_refused_with_what_to_fix(changes, message):
    with pytest.raises(ThresholdError, match=message):
        analytics.check_thresholds(analytics.DEFAULT_THRESHOLDS._replace(**changes))


def test_default_thresholds_are_those_of_the_design():
    analytics.check_thresholds(analytics.DEFAULT_THRESHOLDS)
    assert analytics.DEFAULT_THRESHOLDS == Thresholds(3, 50.0, 30.0, 2, 10.0, 5.0)


# -- aged balance -----------------------------------------------------------------


@pytest.mark.parametrize(
    "days, bucket",
    [
        (-30, "amount_not_due"),
        (0, "amount_not_due"),
        (1, "amount_1_30"),
        (30, "amount_1_30"),
        (31, "amount_31_60"),
        (60, "amount_31_60"),
        (61, "amount_61_90"),
        (90, "amount_61_90"),
        (91, "amount_over_90"),
        (4000, "amount_over_90"),
    ],
)
def test_age_buckets(days, bucket):
    assert analytics.age_bucket(days) == bucket


def test_the_buckets_cover_every_day_once():
    names = [bucket.name for bucket in analytics.AGE_BUCKETS]
    assert names == [
        "amount_not_due",
        "amount_1_30",
        "amount_31_60",
        "amount_61_90",
        "amount_over_90",
    ]
    for days in range(-400, 400):
        matching = [
            bucket
            for bucket in analytics.AGE_BUCKETS
            if (bucket.first is None or days >= bucket.first)
            and (bucket.last is None or days <= bucket.last)
        ]
        assert len(matching) == 1, days


# -- DSO, countback -------------------------------------------------------------------


def test_periods_run_back_from_the_day():
    assert analytics.countback_periods(date(2025, 3, 15), 3) == [
        (date(2025, 3, 1), date(2025, 3, 15)),
        (date(2025, 2, 1), date(2025, 2, 28)),
        (date(2025, 1, 1), date(2025, 1, 31)),
    ]


def test_the_sales_are_read_from_the_horizon_start():
    assert analytics.horizon_start(date(2025, 3, 15)) == date(2023, 4, 1)
    assert analytics.horizon_start(date(2025, 3, 15), 3) == date(2025, 1, 1)


def test_month_ends_on_or_before_the_day_oldest_first():
    assert analytics.month_ends(date(2025, 3, 15), 3) == [
        date(2024, 12, 31),
        date(2025, 1, 31),
        date(2025, 2, 28),
    ]
    assert analytics.month_ends(date(2025, 3, 31), 2) == [
        date(2025, 2, 28),
        date(2025, 3, 31),
    ]


def test_dso_within_the_current_month():
    # 15 days of March sold 3000; 1000 open: a third of 15 days
    sales = {date(2025, 3, 1): 3000.0}
    assert analytics.countback_dso(1000.0, sales, date(2025, 3, 15)) == 5.0


def test_dso_exhausts_the_months_before():
    sales = {
        date(2025, 3, 1): 1500.0,
        date(2025, 2, 1): 2800.0,
        date(2025, 1, 1): 3100.0,
    }
    # 1500 covers the 15 days of March, 2800 the 28 days of February, and the
    # 700 left are 700/3100 of January's 31 days
    assert analytics.countback_dso(5000.0, sales, date(2025, 3, 15)) == pytest.approx(
        15 + 28 + 7.0
    )


def test_a_month_without_sales_counts_whole():
    sales = {date(2025, 1, 1): 3100.0, date(2025, 2, 1): -200.0}
    assert analytics.countback_dso(1000.0, sales, date(2025, 3, 15)) == pytest.approx(
        15 + 28 + 10.0
    )


def test_nothing_open_is_zero_days():
    assert (
        analytics.countback_dso(0.0, {date(2025, 3, 1): 100.0}, date(2025, 3, 5)) == 0
    )
    assert analytics.countback_dso(-50.0, {}, date(2025, 3, 5)) == 0


def test_what_the_horizon_does_not_cover_counts_every_day_of_it():
    assert (
        analytics.countback_dso(100.0, {}, date(2025, 3, 15), months=3) == 15 + 28 + 31
    )
