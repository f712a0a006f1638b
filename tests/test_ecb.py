"""The ECB main refinancing rate read from the ECB Data API's csvdata answer.

``account_dunning_fr/tests/fixtures/ecb_mrr_fr.csv`` is an answer of the series
FM/B.U2.EUR.4F.KR.MRR_FR.LEV in the API's csvdata shape (one row per change
of the rate), the same file the Odoo test serves in place of the network.
"""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from account_dunning_fr.lib import ecb

ANSWER = (
    Path(__file__).resolve().parent.parent
    / "account_dunning_fr"
    / "tests"
    / "fixtures"
    / "ecb_mrr_fr.csv"
).read_text()

# LEGAL_FR.md, section 2: the ECB rate of each half-year
HALF_YEARS = [
    (date(2022, 7, 1), Decimal("0")),
    (date(2023, 1, 1), Decimal("2.5")),
    (date(2023, 7, 1), Decimal("4")),
    (date(2024, 1, 1), Decimal("4.5")),
    (date(2024, 7, 1), Decimal("4.25")),
    (date(2025, 1, 1), Decimal("3.15")),
    (date(2025, 7, 1), Decimal("2.15")),
    (date(2026, 1, 1), Decimal("2.15")),
]


def test_the_answer_reads_as_dated_changes_of_the_rate():
    observations = ecb.parse_csv(ANSWER)
    assert observations[0] == (date(2016, 3, 16), Decimal("0"))
    assert observations[-1] == (date(2025, 6, 11), Decimal("2.15"))
    assert observations == sorted(observations)


@pytest.mark.parametrize("first_day, rate", HALF_YEARS)
def test_the_rate_of_a_half_year_is_the_one_in_force_on_its_first_day(first_day, rate):
    assert ecb.rate_in_force(ecb.parse_csv(ANSWER), first_day) == rate


def test_a_change_on_the_first_day_applies_to_that_half_year():
    observations = [(date(2023, 1, 1), Decimal("2.5"))]
    assert ecb.rate_in_force(observations, date(2023, 1, 1)) == Decimal("2.5")
    assert ecb.rate_in_force(observations, date(2022, 12, 31)) is None


def test_an_answer_that_is_not_the_series_is_refused():
    with pytest.raises(ecb.EcbFormatError):
        ecb.parse_csv("<html>Service unavailable</html>")
    with pytest.raises(ecb.EcbFormatError):
        ecb.parse_csv("KEY,TIME_PERIOD,OBS_VALUE\n")
    with pytest.raises(ecb.EcbFormatError):
        ecb.parse_csv("KEY,TIME_PERIOD,OBS_VALUE\nX,yesterday,2.15\n")
