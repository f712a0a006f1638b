"""LME due dates, payment-term caps and prescription (LEGAL_FR sections 1, 8)."""

from datetime import date

import pytest

from account_dunning_fr.lib import dates

# TV1: invoice date -> (method A, method B, 60 days)
TV1 = [
    (date(2025, 1, 15), date(2025, 3, 31), date(2025, 3, 17), date(2025, 3, 16)),
    (date(2024, 1, 15), date(2024, 2, 29), date(2024, 3, 16), date(2024, 3, 15)),
    (date(2025, 4, 10), date(2025, 5, 31), date(2025, 6, 14), date(2025, 6, 9)),
    (date(2025, 5, 29), date(2025, 7, 31), date(2025, 7, 15), date(2025, 7, 28)),
    (date(2025, 12, 20), date(2026, 2, 28), date(2026, 2, 14), date(2026, 2, 18)),
]


@pytest.mark.parametrize("invoice_date, method_a, method_b, sixty", TV1)
def test_tv1_due_dates(invoice_date, method_a, method_b, sixty):
    assert dates.due_date_end_of_month(invoice_date, 45, dates.METHOD_A) == method_a
    assert dates.due_date_end_of_month(invoice_date, 45, dates.METHOD_B) == method_b
    assert dates.due_date_days(invoice_date, 60) == sixty


def test_defaults_are_the_legal_maximums():
    assert dates.due_date_days(date(2025, 1, 15)) == date(2025, 3, 16)
    assert dates.due_date_end_of_month(date(2025, 1, 15)) == date(2025, 3, 31)


def test_end_of_month_with_another_number_of_days():
    # 30 days end of month, method B: 31 January + 30 days.
    assert dates.due_date_end_of_month(date(2025, 1, 10), 30, dates.METHOD_B) == date(
        2025, 3, 2
    )


def test_unknown_end_of_month_method_is_refused():
    with pytest.raises(ValueError, match='Unknown calculation method "C"'):
        dates.due_date_end_of_month(date(2025, 1, 15), 45, "C")


def test_end_of_month_leap_year():
    assert dates.end_of_month(date(2024, 2, 3)) == date(2024, 2, 29)
    assert dates.end_of_month(date(2025, 2, 3)) == date(2025, 2, 28)
    assert dates.end_of_month(date(2025, 12, 31)) == date(2025, 12, 31)


def test_tv2_nothing_agreed():
    assert dates.due_date_nothing_agreed(date(2025, 5, 20)) == date(2025, 6, 19)


@pytest.mark.parametrize(
    "days, kind",
    [
        (60, dates.TERM_DAYS),
        (0, dates.TERM_DAYS),
        (45, dates.TERM_END_OF_MONTH),
        (30, dates.TERM_END_OF_MONTH),
        (45, dates.TERM_PERIODIC),
    ],
)
def test_terms_within_the_caps(days, kind):
    assert dates.check_payment_term(days, kind) is None


def test_61_days_is_over_the_cap():
    warning = dates.check_payment_term(61)
    assert warning == (
        "The payment term of 61 days exceeds the legal cap of 60 days from the "
        "invoice date (article L441-10 I of the French Commercial Code)."
    )
    assert dates.payment_term_warning(61) == (
        dates.TERM_DAYS_EXCEEDED,
        {"days": 61, "maximum": 60},
    )


def test_60_days_end_of_month_is_over_the_cap():
    warning = dates.check_payment_term(60, dates.TERM_END_OF_MONTH)
    assert "legal cap of 45 days end of month" in warning
    assert "L441-10 I" in warning


def test_periodic_invoice_cap():
    warning = dates.check_payment_term(50, dates.TERM_PERIODIC)
    assert "45 days" in warning and "periodic invoice" in warning


@pytest.mark.parametrize(
    "sector, allowed, refused",
    [
        (dates.SECTOR_PERISHABLE, 30, 31),
        (dates.SECTOR_LIVESTOCK, 20, 21),
        (dates.SECTOR_ALCOHOL, 30, 31),
    ],
)
def test_sector_caps(sector, allowed, refused):
    assert dates.check_payment_term(allowed, dates.TERM_DAYS, sector) is None
    warning = dates.check_payment_term(refused, dates.TERM_DAYS, sector)
    assert f"legal cap of {allowed} days" in warning
    assert "L441-11" in warning


def test_bad_payment_terms_are_refused():
    with pytest.raises(ValueError, match="Negative payment term"):
        dates.check_payment_term(-1)
    with pytest.raises(ValueError, match='Payment term type "weeks" unknown'):
        dates.check_payment_term(10, "weeks")
    with pytest.raises(ValueError, match='Sector "wine" unknown'):
        dates.check_payment_term(10, dates.TERM_DAYS, "wine")


def test_tv10_prescription_between_professionals():
    assert dates.prescription_end(date(2021, 3, 31)) == date(2026, 3, 31)


def test_tv10_prescription_against_a_consumer():
    completed = date(2024, 3, 10)
    assert dates.prescription_end(completed, consumer=True) == date(2026, 3, 10)
    assert dates.prescription_end(
        completed, consumer=True, acknowledgements=[date(2025, 1, 15)]
    ) == date(2027, 1, 15)


def test_each_acknowledgement_restarts_the_period():
    end = dates.prescription_end(
        date(2021, 3, 31), acknowledgements=[date(2025, 6, 1), date(2022, 2, 1)]
    )
    assert end == date(2030, 6, 1)


def test_acknowledgement_after_prescription_does_not_revive_the_claim():
    end = dates.prescription_end(
        date(2020, 1, 10), consumer=True, acknowledgements=[date(2023, 5, 1)]
    )
    assert end == date(2022, 1, 10)


def test_prescription_from_29_february_ends_28_february():
    assert dates.prescription_end(date(2024, 2, 29)) == date(2029, 2, 28)


def test_prescription_expires_within():
    end = date(2026, 3, 31)
    assert dates.prescription_expires_within(end, date(2026, 3, 1), 30)
    assert dates.prescription_expires_within(end, date(2026, 3, 31), 30)
    assert not dates.prescription_expires_within(end, date(2026, 2, 28), 30)
    assert not dates.prescription_expires_within(end, date(2026, 4, 1), 30)


# -- collective procedures (R622-24) -----------------------------------------


def test_claim_declaration_deadline_is_two_months_after_the_bodacc():
    assert dates.claim_declaration_deadline(date(2025, 3, 14)) == date(2025, 5, 14)
    assert dates.claim_declaration_deadline(date(2024, 12, 31)) == date(2025, 2, 28)


def test_claim_declaration_deadline_outside_metropolitan_france_is_four_months():
    assert dates.claim_declaration_deadline(
        date(2025, 11, 20), outside_metropolitan=True
    ) == date(2026, 3, 20)
    assert dates.claim_declaration_deadline(
        date(2025, 10, 31), outside_metropolitan=True
    ) == date(2026, 2, 28)


def test_no_claim_deadline_before_the_bodacc_publication():
    assert dates.claim_declaration_deadline(None) is None
    assert dates.claim_declaration_deadline(None, outside_metropolitan=True) is None


@pytest.mark.parametrize(
    "country, zip_code, metropolitan",
    [
        ("FR", "69003", True),
        ("fr", "20000", True),  # Corsica
        ("FR", "97400", False),  # La Réunion
        ("FR", "98800", False),  # Nouvelle-Calédonie
        ("BE", "1000", False),
        (False, "", False),
    ],
)
def test_metropolitan_france(country, zip_code, metropolitan):
    assert dates.is_metropolitan_france(country, zip_code) is metropolitan
