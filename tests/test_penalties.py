"""Late-payment penalties, indemnity, legal interest, collective procedures and
statements (LEGAL_FR sections 2, 3, 4, 7 and worked examples TV3-TV9)."""

from datetime import date
from decimal import Decimal

import pytest

from account_dunning_fr.lib import dates, penalties
from account_dunning_fr.lib.penalties import (
    ContractualRateError,
    Invoice,
    MissingRateError,
    RateError,
)

# LEGAL_FR section 2: half-year, ECB MRO %, default penalty %, legal rate
# creditor private person %, legal rate other cases %, min contractual %.
RATE_TABLE = """
2015-1 0.05 10.05 4.06 0.93 2.79
2015-2 0.05 10.05 4.29 0.99 2.97
2016-1 0.05 10.05 4.54 1.01 3.03
2016-2 0.00 10.00 4.35 0.93 2.79
2017-1 0.00 10.00 4.16 0.90 2.70
2017-2 0.00 10.00 3.94 0.90 2.70
2018-1 0.00 10.00 3.73 0.89 2.67
2018-2 0.00 10.00 3.60 0.88 2.64
2019-1 0.00 10.00 3.40 0.86 2.58
2019-2 0.00 10.00 3.26 0.87 2.61
2020-1 0.00 10.00 3.15 0.87 2.61
2020-2 0.00 10.00 3.11 0.84 2.52
2021-1 0.00 10.00 3.14 0.79 2.37
2021-2 0.00 10.00 3.12 0.76 2.28
2022-1 0.00 10.00 3.13 0.76 2.28
2022-2 0.00 10.00 3.15 0.77 2.31
2023-1 2.50 12.50 4.47 2.06 6.18
2023-2 4.00 14.00 6.82 4.22 12.66
2024-1 4.50 14.50 8.01 5.07 15.21
2024-2 4.25 14.25 8.16 4.92 14.76
2025-1 3.15 13.15 7.21 3.71 11.13
2025-2 2.15 12.15 6.65 2.76 8.28
2026-1 2.15 12.15 6.67 2.62 7.86
"""
COLUMNS = ("ecb", "default", "private", "other", "minimum")
SIX_PLACES = Decimal("0.000001")


@pytest.fixture(scope="module")
def table():
    """{column: {(year, half): Decimal}} from the LEGAL_FR table."""
    result = {column: {} for column in COLUMNS}
    for row in RATE_TABLE.split("\n"):
        if not row:
            continue
        period, *values = row.split()
        year, half = period.split("-")
        for column, value in zip(COLUMNS, values, strict=True):
            result[column][(int(year), int(half))] = Decimal(value)
    return result


@pytest.fixture(scope="module")
def ecb(table):
    return table["ecb"]


@pytest.fixture(scope="module")
def legal_other(table):
    return table["other"]


@pytest.fixture(scope="module")
def default(ecb):
    return penalties.default_rates(ecb)


def six(value):
    return value.quantize(SIX_PLACES)


# -- half-years and rates ----------------------------------------------------


def test_half_year_of():
    assert penalties.half_year_of(date(2025, 6, 30)) == (2025, 1)
    assert penalties.half_year_of(date(2025, 7, 1)) == (2025, 2)
    assert penalties.half_year_of(date(2025, 12, 31)) == (2025, 2)
    assert penalties.half_year_of(date(2026, 1, 1)) == (2026, 1)


def test_half_year_segments_split_at_each_boundary():
    assert penalties.half_year_segments(date(2025, 3, 16), date(2026, 1, 10)) == [
        (date(2025, 3, 16), date(2025, 6, 30), 107, (2025, 1)),
        (date(2025, 7, 1), date(2025, 12, 31), 184, (2025, 2)),
        (date(2026, 1, 1), date(2026, 1, 10), 10, (2026, 1)),
    ]


def test_half_year_segments_of_an_empty_period():
    assert penalties.half_year_segments(date(2025, 3, 16), date(2025, 3, 15)) == []


def test_default_rate_is_ecb_plus_ten_points(table, default):
    for half_year, expected in table["default"].items():
        assert default(*half_year) == expected


def test_minimum_contractual_rate_is_three_times_legal(table, legal_other):
    for half_year, minimum in table["minimum"].items():
        penalties.check_contractual_rate(minimum, half_year, legal_other)
        with pytest.raises(ContractualRateError):
            penalties.check_contractual_rate(
                minimum - Decimal("0.01"), half_year, legal_other
            )


def test_rate_provider_accepts_a_callable_and_floats():
    rate_of = penalties.rate_provider(lambda year, half: 2.15 if year == 2025 else None)
    assert rate_of(2025, 2) == Decimal("2.15")
    with pytest.raises(MissingRateError):
        rate_of(2026, 1)


def test_missing_rate_names_the_half_year(default):
    with pytest.raises(MissingRateError) as error:
        penalties.late_penalty(
            Decimal("1000.00"), date(2026, 6, 15), date(2026, 7, 10), default
        )
    assert isinstance(error.value, RateError)
    assert error.value.half_year == (2026, 2)
    assert str(error.value).startswith("Missing rate for H2 2026")
    assert "European Central Bank" in str(error.value)
    assert error.value.message == penalties.MISSING_RATE
    assert error.value.params == {
        "half_year": (2026, 2),
        "rate_name": penalties.ECB_RATE,
    }


def test_missing_rate_not_needed_when_nothing_is_unpaid(default):
    # Paid on 30 June 2026: no day of 2026-2 bears interest.
    result = penalties.late_penalty(
        Decimal("1000.00"),
        date(2026, 6, 15),
        date(2026, 7, 10),
        default,
        [(date(2026, 6, 30), Decimal("1000.00"))],
    )
    assert result.days == 15
    assert result.amount == Decimal("4.99")  # 1000 x 12.15 % x 15 / 365


# -- TV3 to TV6: penalties between professionals ------------------------------


def test_tv3_split_at_the_half_year(default):
    result = penalties.late_penalty(
        Decimal("12345.67"), date(2025, 3, 15), date(2025, 8, 2), default
    )
    assert result.days == 140
    first, second = result.lines
    assert (first.first_day, first.last_day, first.days, first.rate) == (
        date(2025, 3, 16),
        date(2025, 6, 30),
        107,
        Decimal("13.15"),
    )
    assert six(first.interest) == Decimal("475.917123")
    assert (second.first_day, second.last_day, second.days, second.rate) == (
        date(2025, 7, 1),
        date(2025, 8, 2),
        33,
        Decimal("12.15"),
    )
    assert six(second.interest) == Decimal("135.616339")
    assert result.amount == Decimal("611.53")
    indemnity = penalties.recovery_indemnity(
        Decimal("12345.67"), date(2025, 3, 15), date(2025, 8, 2)
    )
    assert indemnity == Decimal("40.00")
    assert Decimal("12345.67") + result.amount + indemnity == Decimal("12997.20")


def test_tv4_partial_payments(default):
    amount, due = Decimal("10000.00"), date(2025, 9, 30)
    payments = [
        (date(2025, 10, 31), Decimal("4000")),
        (date(2025, 12, 15), Decimal("6000")),
    ]
    result = penalties.late_penalty(amount, due, date(2025, 12, 15), default, payments)
    assert [(line.base, line.days) for line in result.lines] == [
        (Decimal("10000.00"), 31),
        (Decimal("6000.00"), 45),
    ]
    assert result.amount == Decimal("193.07")
    assert penalties.recovery_indemnity(
        amount, due, date(2025, 12, 15), payments
    ) == Decimal("40.00")
    # Later dates change nothing once everything is paid.
    later = penalties.late_penalty(amount, due, date(2026, 3, 1), default, payments)
    assert later.amount == Decimal("193.07")


def test_tv5_credit_note(default):
    reductions = [
        (date(2025, 4, 10), Decimal("1200.00")),
        (date(2025, 5, 20), Decimal("3800.00")),
    ]
    result = penalties.late_penalty(
        Decimal("5000.00"), date(2025, 2, 28), date(2025, 5, 20), default, reductions
    )
    assert [six(line.interest) for line in result.lines] == [
        Decimal("73.856164"),
        Decimal("54.761644"),
    ]
    assert [line.days for line in result.lines] == [41, 40]
    assert result.amount == Decimal("128.62")
    assert penalties.recovery_indemnity(
        Decimal("5000.00"), date(2025, 2, 28), date(2025, 5, 20), reductions
    ) == Decimal("40.00")


def test_tv6_contractual_rate_refused_in_2025_2(legal_other):
    with pytest.raises(ContractualRateError) as error:
        penalties.check_contractual_rate(Decimal("8.00"), (2025, 2), legal_other)
    message = str(error.value)
    assert "H2 2025" in message
    assert "8.28%" in message and "8.00%" in message
    assert error.value.minimum == Decimal("8.28")
    with pytest.raises(ValueError):
        penalties.late_penalty(
            Decimal("2400.00"),
            date(2025, 11, 30),
            date(2025, 12, 30),
            penalties.contractual_rates(Decimal("8.00"), legal_other),
        )


def test_tv6_contractual_rate_accepted_in_2026_1(legal_other):
    assert penalties.check_contractual_rate("8.00", (2026, 1), legal_other) == Decimal(
        "8.00"
    )
    result = penalties.late_penalty(
        Decimal("2400.00"),
        date(2026, 1, 31),
        date(2026, 3, 2),
        penalties.contractual_rates(Decimal("8.00"), legal_other),
    )
    assert result.days == 30
    assert result.amount == Decimal("15.78")


def test_tv6_three_times_the_legal_rate(legal_other):
    result = penalties.late_penalty(
        Decimal("2400.00"),
        date(2026, 1, 31),
        date(2026, 3, 2),
        penalties.legal_rate_multiple(legal_other),
    )
    assert result.lines[0].rate == Decimal("7.86")
    assert result.amount == Decimal("15.50")
    assert penalties.recovery_indemnity(
        Decimal("2400.00"), date(2026, 1, 31), date(2026, 3, 2)
    ) == Decimal("40.00")


def test_twice_the_legal_rate_is_refused(legal_other):
    with pytest.raises(ContractualRateError, match="H1 2026"):
        penalties.late_penalty(
            Decimal("2400.00"),
            date(2026, 1, 31),
            date(2026, 3, 2),
            penalties.legal_rate_multiple(legal_other, 2),
        )


# -- edge cases ---------------------------------------------------------------


def test_payment_on_the_due_date_is_not_late(default):
    due = date(2025, 3, 15)
    paid = [(due, Decimal("1000.00"))]
    result = penalties.late_penalty(Decimal("1000.00"), due, due, default, paid)
    assert result.days == 0 and result.amount == Decimal("0.00")
    assert (
        penalties.recovery_indemnity(Decimal("1000.00"), due, date(2025, 6, 1), paid)
        == 0
    )


def test_payment_day_bears_interest_on_the_amount_before_payment(default):
    # Paid the first day late, which is also the first day of a half-year.
    result = penalties.late_penalty(
        Decimal("36500.00"),
        date(2025, 6, 30),
        date(2025, 7, 20),
        default,
        [(date(2025, 7, 1), Decimal("36500.00"))],
    )
    assert result.days == 1
    assert result.amount == Decimal("12.15")


def test_one_day_late(default):
    result = penalties.late_penalty(
        Decimal("36500.00"), date(2025, 3, 15), date(2025, 3, 16), default
    )
    assert result.days == 1
    assert result.amount == Decimal("13.15")  # 36 500 x 13.15 % / 365


def test_due_on_30_june_bears_only_the_second_half_year(default):
    result = penalties.late_penalty(
        Decimal("36500.00"), date(2025, 6, 30), date(2025, 7, 10), default
    )
    assert [(line.half_year, line.days) for line in result.lines] == [((2025, 2), 10)]
    assert result.amount == Decimal("121.50")


def test_due_on_31_december_crosses_into_the_new_year(default):
    result = penalties.late_penalty(
        Decimal("36500.00"), date(2024, 12, 31), date(2025, 1, 10), default
    )
    assert [(line.half_year, line.days, line.rate) for line in result.lines] == [
        ((2025, 1), 10, Decimal("13.15"))
    ]
    result = penalties.late_penalty(
        Decimal("36500.00"), date(2024, 12, 30), date(2025, 1, 1), default
    )
    assert [(line.half_year, line.days, line.rate) for line in result.lines] == [
        ((2024, 2), 1, Decimal("14.25")),
        ((2025, 1), 1, Decimal("13.15")),
    ]
    assert result.amount == Decimal("27.40")


def test_leap_year_counts_29_february_and_divides_by_365(default):
    result = penalties.late_penalty(
        Decimal("36500.00"), date(2024, 2, 28), date(2024, 3, 1), default
    )
    assert result.days == 2
    assert result.amount == Decimal("29.00")  # 2 x 36 500 x 14.50 % / 365


def test_not_yet_due(default):
    due = date(2025, 3, 15)
    early = penalties.late_penalty(Decimal("100"), due, date(2025, 3, 1), default)
    assert early.lines == ()
    assert penalties.recovery_indemnity(Decimal("100"), due, due) == 0


def test_rounding_half_up(table):
    # 365.00 x 12.50 % x 1 / 365 = 0.125 exactly: half up gives 0.13.
    result = penalties.late_penalty(
        Decimal("365.00"),
        date(2023, 3, 15),
        date(2023, 3, 16),
        penalties.default_rates(table["ecb"]),
    )
    assert result.exact == Decimal("0.125")
    assert result.amount == Decimal("0.13")


def test_rounding_once_at_the_end(default):
    # TV3 lines rounded separately would give 475.92 + 135.62 = 611.54.
    result = penalties.late_penalty(
        Decimal("12345.67"), date(2025, 3, 15), date(2025, 8, 2), default
    )
    assert sum(penalties.round_cent(line.interest) for line in result.lines) == (
        Decimal("611.54")
    )
    assert result.amount == Decimal("611.53")


def test_notice_before_the_due_date_counts_from_the_due_date(legal_other):
    result = penalties.legal_interest(
        Decimal("1850.00"),
        date(2025, 5, 31),
        date(2025, 5, 20),
        date(2025, 6, 10),
        legal_other,
    )
    assert result.lines[0].first_day == date(2025, 6, 1)
    assert result.days == 10


def test_indemnity_never_for_consumers():
    assert (
        penalties.recovery_indemnity(
            Decimal("1850.00"), date(2025, 5, 31), date(2025, 9, 10), consumer=True
        )
        == 0
    )


# -- TV8: consumer --------------------------------------------------------------


def test_tv8_consumer_legal_interest_from_the_formal_notice(legal_other):
    result = penalties.legal_interest(
        Decimal("1850.00"),
        date(2025, 5, 31),
        date(2025, 6, 20),
        date(2025, 9, 10),
        legal_other,
        [(date(2025, 9, 10), Decimal("1850.00"))],
    )
    assert [(line.days, line.rate) for line in result.lines] == [
        (10, Decimal("3.71")),
        (72, Decimal("2.76")),
    ]
    assert result.amount == Decimal("11.95")


def test_tv8_as_a_consumer_statement(legal_other):
    invoice = Invoice("C1", Decimal("1850.00"), date(2025, 5, 31))
    result = penalties.statement(
        [invoice],
        date(2025, 9, 10),
        legal_other,
        payments=[(date(2025, 9, 10), Decimal("1850.00"))],
        consumer=True,
        notice_date=date(2025, 6, 20),
    )
    assert result.penalties == Decimal("11.95")
    assert result.indemnities == 0
    assert result.principal == 0
    without_notice = penalties.statement(
        [invoice], date(2025, 9, 10), legal_other, consumer=True
    )
    assert without_notice.penalties == 0
    assert without_notice.principal == Decimal("1850.00")


# -- TV9: collective procedure ----------------------------------------------------


def test_tv9_redressement(default):
    opening, publication = date(2025, 11, 5), date(2025, 11, 20)
    assert penalties.freeze_date(opening) == date(2025, 11, 4)
    result = penalties.late_penalty(
        Decimal("8000.00"),
        date(2025, 9, 30),
        date(2025, 12, 31),
        default,
        opening_date=opening,
    )
    assert result.days == 35
    assert result.amount == Decimal("93.21")
    claim = penalties.statement(
        [Invoice("F", Decimal("8000.00"), date(2025, 9, 30))],
        date(2025, 12, 31),
        default,
        opening_date=opening,
    )
    assert claim.total == Decimal("8133.21")
    assert dates.claim_declaration_deadline(publication) == date(2026, 1, 20)
    assert dates.claim_declaration_deadline(
        publication, outside_metropolitan=True
    ) == date(2026, 3, 20)
    assert penalties.forclusion_relief_deadline(publication) == date(2026, 5, 20)


def test_no_indemnity_nor_penalty_for_invoices_due_after_the_opening(default):
    opening = date(2025, 11, 5)
    due = date(2025, 11, 10)
    assert (
        penalties.late_penalty(
            Decimal("500"), due, date(2025, 12, 31), default, opening_date=opening
        ).amount
        == 0
    )
    assert (
        penalties.recovery_indemnity(
            Decimal("500"), due, date(2025, 12, 31), opening_date=opening
        )
        == 0
    )


# -- TV7: statement with an unallocated payment ----------------------------------


TV7_INVOICES = [
    Invoice("F1", Decimal("1500.00"), date(2025, 7, 31)),
    Invoice("F2", Decimal("2200.00"), date(2025, 8, 31)),
    Invoice("F3", Decimal("900.00"), date(2025, 9, 30)),
]
TV7_PAYMENT = [(date(2025, 10, 15), Decimal("3000.00"))]


def test_tv7_payment_goes_to_the_oldest_invoices():
    reductions, unallocated = penalties.allocate_payments(TV7_INVOICES, TV7_PAYMENT)
    assert reductions == [
        ((date(2025, 10, 15), Decimal("1500.00")),),
        ((date(2025, 10, 15), Decimal("1500.00")),),
        (),
    ]
    assert unallocated == 0


def test_tv7_statement(default):
    result = penalties.statement(TV7_INVOICES, date(2025, 11, 14), default, TV7_PAYMENT)
    f1, f2, f3 = result.lines
    assert six(f1.interest.exact) == Decimal("37.947945")
    assert [six(line.interest) for line in f2.interest.lines] == [
        Decimal("32.954795"),
        Decimal("6.990411"),
    ]
    assert six(f3.interest.exact) == Decimal("13.481507")
    assert result.penalties == Decimal("91.37")
    assert result.principal == Decimal("1600.00")
    assert result.indemnities == Decimal("120.00")
    assert result.total == Decimal("1811.37")
    assert [line.principal for line in result.lines] == [
        Decimal("0.00"),
        Decimal("700.00"),
        Decimal("900.00"),
    ]
    # Line shares of the rounded total add up to it.
    assert [line.penalty for line in result.lines] == [
        Decimal("37.95"),
        Decimal("39.94"),
        Decimal("13.48"),
    ]
    assert sum(line.total for line in result.lines) == result.total


def test_allocation_follows_due_dates_not_the_list_order(default):
    invoices = list(reversed(TV7_INVOICES))
    result = penalties.statement(invoices, date(2025, 11, 14), default, TV7_PAYMENT)
    assert [line.invoice.ref for line in result.lines] == ["F3", "F2", "F1"]
    assert [line.principal for line in result.lines] == [
        Decimal("900.00"),
        Decimal("700.00"),
        Decimal("0.00"),
    ]
    assert result.penalties == Decimal("91.37")


def test_overpayment_is_left_unallocated_and_later_payments_ignored(default):
    invoice = Invoice(
        "F",
        Decimal("100.00"),
        date(2025, 9, 30),
        reductions=((date(2025, 9, 1), Decimal("40.00")),),
    )
    result = penalties.statement(
        [invoice],
        date(2025, 9, 30),
        default,
        payments=[
            (date(2025, 9, 15), Decimal("100.00")),
            (date(2025, 10, 1), Decimal("5.00")),
        ],
    )
    assert result.unallocated == Decimal("40.00")
    assert result.principal == 0
    assert result.total == 0


def test_reductions_after_the_statement_date_are_ignored(default):
    # The credit note of 20 October does not exist yet on 15 October: the
    # payment of 10 October fills F1 entirely before reaching F2.
    invoices = [
        Invoice(
            "F1",
            Decimal("1000.00"),
            date(2025, 9, 1),
            reductions=((date(2025, 10, 20), Decimal("400.00")),),
        ),
        Invoice("F2", Decimal("500.00"), date(2025, 9, 15)),
    ]
    payments = [(date(2025, 10, 10), Decimal("1200.00"))]
    result = penalties.statement(invoices, date(2025, 10, 15), default, payments)
    assert [line.principal for line in result.lines] == [
        Decimal("0.00"),
        Decimal("300.00"),
    ]
    assert result.lines[0].invoice is invoices[0]


# -- claims net of unallocated credits (Code civil 1342-10) ------------------


def test_net_claims_take_credits_on_the_oldest_debt_first():
    invoices = [
        Invoice("newer", Decimal("1000"), date(2025, 1, 31)),
        Invoice("older", Decimal("1000"), date(2025, 1, 20)),
    ]
    claims, allocations = penalties.net_claims(invoices, [(date(2025, 2, 10), 600)])
    assert claims == [Decimal("1000"), Decimal("400")]
    assert allocations == [(), ((date(2025, 2, 10), Decimal("600")),)]


def test_net_claims_count_own_reductions_and_never_go_below_zero():
    invoices = [
        Invoice("a", Decimal("1000"), date(2025, 1, 20), ((date(2025, 1, 25), 700),)),
        Invoice("b", Decimal("500"), date(2025, 1, 31)),
    ]
    claims, allocations = penalties.net_claims(
        invoices, [(date(2025, 2, 1), 200), (date(2025, 2, 2), 900)]
    )
    assert claims == [Decimal("0"), Decimal("0")]
    assert allocations[0] == ((date(2025, 2, 1), Decimal("200")),) + (
        (date(2025, 2, 2), Decimal("100")),
    )
    assert allocations[1] == ((date(2025, 2, 2), Decimal("500")),)


def test_net_claims_without_credits_are_the_open_amounts():
    invoices = [Invoice("a", Decimal("250.50"), date(2025, 1, 20))]
    assert penalties.net_claims(invoices, []) == ([Decimal("250.50")], [()])
