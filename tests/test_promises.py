"""Promises and payment plans, without Odoo."""

from datetime import date

import pytest

from account_dunning_fr.lib import promises
from account_dunning_fr.lib.promises import (
    BROKEN,
    KEPT,
    OPEN,
    PARTIAL,
    Installment,
    PlanError,
)


@pytest.mark.parametrize(
    "total, count, expected",
    [
        (100.0, 3, [33.33, 33.33, 33.34]),
        (200.0, 3, [66.67, 66.67, 66.66]),
        (1000.0, 4, [250.0, 250.0, 250.0, 250.0]),
        (1234.57, 7, [176.37] * 6 + [176.35]),
        (0.05, 5, [0.01] * 5),
        (10.0, 1, [10.0]),
    ],
)
def test_split_is_exact_to_the_cent_with_the_rounding_on_the_last(
    total, count, expected
):
    split = promises.split_amount(total, count)
    assert split == expected
    assert round(sum(split), 2) == total


def test_split_sums_exactly_for_many_totals():
    for cents in range(1, 5000, 37):
        total = cents / 100 + 1000
        for count in (2, 3, 6, 7, 12):
            split = promises.split_amount(total, count)
            assert sum(int(round(amount * 100)) for amount in split) == round(
                total * 100
            )
            assert all(amount == split[0] for amount in split[:-1])


def test_split_currency_without_decimals():
    assert promises.split_amount(1000, 3, digits=0) == [333.0, 333.0, 334.0]


@pytest.mark.parametrize("total, count", [(0, 3), (-5, 2), (10, 0), (0.03, 5)])
def test_split_refuses_what_cannot_be_split(total, count):
    with pytest.raises(PlanError):
        promises.split_amount(total, count)


def test_monthly_dates_are_counted_from_the_first_date():
    assert promises.plan_dates(date(2025, 1, 31), 3) == [
        date(2025, 1, 31),
        date(2025, 2, 28),
        date(2025, 3, 31),
    ]


def test_weekly_and_daily_dates():
    assert promises.plan_dates(date(2025, 6, 2), 3, 2, "weeks") == [
        date(2025, 6, 2),
        date(2025, 6, 16),
        date(2025, 6, 30),
    ]
    assert promises.plan_dates(date(2025, 6, 2), 2, 10, "days") == [
        date(2025, 6, 2),
        date(2025, 6, 12),
    ]


def test_split_plan_pairs_dates_and_amounts():
    assert promises.split_plan(100, 3, date(2025, 1, 15)) == [
        Installment(date(2025, 1, 15), 33.33),
        Installment(date(2025, 2, 15), 33.33),
        Installment(date(2025, 3, 15), 33.34),
    ]


def test_check_plan_refuses_dates_not_increasing():
    plan = [Installment(date(2025, 2, 1), 50), Installment(date(2025, 2, 1), 50)]
    with pytest.raises(PlanError, match="dates must increase"):
        promises.check_plan(plan, 100)


def test_check_plan_refuses_zero_amounts_and_wrong_sums():
    with pytest.raises(PlanError, match="strictly positive"):
        promises.check_plan([Installment(date(2025, 2, 1), 0)], 0)
    with pytest.raises(PlanError, match="add up to"):
        promises.check_plan(
            [Installment(date(2025, 2, 1), 60), Installment(date(2025, 3, 1), 50)], 100
        )
    promises.check_plan(
        [Installment(date(2025, 2, 1), 33.33), Installment(date(2025, 3, 1), 66.67)],
        100,
    )


PROMISE = [Installment(date(2025, 5, 15), 1000.0)]


def states(installments, payments, today, grace=0):
    return [
        outcome.state
        for outcome in promises.evaluate(installments, payments, today, grace)
    ]


def test_a_promise_is_open_until_its_date():
    assert states(PROMISE, [], date(2025, 5, 15)) == [OPEN]


def test_a_promise_paid_in_full_is_kept_even_early():
    assert states(PROMISE, [(date(2025, 5, 2), 1000.0)], date(2025, 5, 3)) == [KEPT]


def test_a_promise_with_nothing_received_is_broken_after_its_date():
    assert promises.evaluate(PROMISE, [], date(2025, 5, 16)) == [
        promises.Outcome(BROKEN, 0.0)
    ]


def test_a_promise_partly_paid_is_partial():
    assert promises.evaluate(
        PROMISE, [(date(2025, 5, 10), 400.0)], date(2025, 5, 16)
    ) == [promises.Outcome(PARTIAL, 400.0)]


def test_grace_days_wait_for_the_payment():
    late = [(date(2025, 5, 17), 1000.0)]
    assert states(PROMISE, [], date(2025, 5, 18), grace=3) == [OPEN]
    assert states(PROMISE, late, date(2025, 5, 18), grace=3) == [KEPT]
    assert states(PROMISE, [], date(2025, 5, 19), grace=3) == [BROKEN]


def test_a_payment_after_the_deadline_does_not_keep_the_promise():
    assert states(PROMISE, [(date(2025, 5, 20), 1000.0)], date(2025, 5, 21)) == [BROKEN]


def test_plan_installments_are_judged_cumulatively():
    plan = promises.split_plan(300, 3, date(2025, 1, 10))
    paid = [(date(2025, 1, 9), 100.0), (date(2025, 2, 10), 50.0)]
    assert states(plan, paid, date(2025, 2, 11)) == [KEPT, PARTIAL, OPEN]
    assert states(plan, paid, date(2025, 3, 11)) == [KEPT, PARTIAL, BROKEN]
    assert states(plan, [(date(2025, 1, 5), 300.0)], date(2025, 1, 6)) == [
        KEPT,
        KEPT,
        KEPT,
    ]


def test_evaluation_is_idempotent():
    plan = promises.split_plan(300, 3, date(2025, 1, 10))
    paid = [(date(2025, 1, 9), 100.0)]
    first = promises.evaluate(plan, paid, date(2025, 2, 20))
    assert first == promises.evaluate(plan, paid, date(2025, 2, 20))


def test_check_plan_refuses_an_instalment_before_today():
    plan = [Installment(date(2025, 3, 1), 50), Installment(date(2025, 4, 1), 50)]
    with pytest.raises(PlanError, match="no. 1 is dated 2025-03-01, before today"):
        promises.check_plan(plan, 100, today=date(2025, 3, 10))
    promises.check_plan(plan, 100, today=date(2025, 3, 1))


def test_a_promise_is_for_today_or_later():
    with pytest.raises(promises.PromiseError, match="already past"):
        promises.check_promise_date(date(2025, 3, 9), date(2025, 3, 10))
    promises.check_promise_date(date(2025, 3, 10), date(2025, 3, 10))


def test_a_customer_promises_within_the_company_horizon():
    today = date(2025, 3, 10)
    with pytest.raises(promises.PromiseError, match="already past"):
        promises.check_promise_horizon(date(2025, 3, 9), today, 60)
    with pytest.raises(promises.PromiseError, match="2025-05-09 at the latest"):
        promises.check_promise_horizon(date(2025, 5, 10), today, 60)
    promises.check_promise_horizon(date(2025, 5, 9), today, 60)
    promises.check_promise_horizon(today, today, 60)
