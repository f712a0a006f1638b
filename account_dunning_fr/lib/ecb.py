"""The ECB main refinancing operations rate from the ECB Data Portal.

The series ``FM/B.U2.EUR.4F.KR.MRR_FR.LEV`` (main refinancing operations,
fixed rate tenders, level in percent) has one observation per change of the
rate, dated the day the new rate applies. The rate of a half-year for the
late-payment penalties is the one in force on its first day, 1 January or
1 July (Code de commerce L441-10 II): the last change dated on or before
that day.
"""

import csv
import io
from datetime import date
from decimal import Decimal, InvalidOperation

ECB_MRO_URL = (
    "https://data-api.ecb.europa.eu/service/data/FM/B.U2.EUR.4F.KR.MRR_FR.LEV"
    "?format=csvdata&detail=dataonly"
)
"""The public ECB Data API, no key needed; ``csvdata`` is one row per
observation with the columns ``TIME_PERIOD`` and ``OBS_VALUE``."""


class EcbFormatError(ValueError):
    """The answer of the ECB is not the expected series."""


def parse_csv(text):
    """``[(date, Decimal rate), ...]`` in date order from an ECB ``csvdata``
    answer; raise :class:`EcbFormatError` when it holds no observation."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not reader.fieldnames or not {"TIME_PERIOD", "OBS_VALUE"} <= set(
        reader.fieldnames
    ):
        raise EcbFormatError("no TIME_PERIOD and OBS_VALUE columns")
    observations = []
    for row in reader:
        if not (row["OBS_VALUE"] or "").strip():
            continue
        try:
            day = date.fromisoformat(row["TIME_PERIOD"].strip())
            rate = Decimal(row["OBS_VALUE"].strip())
        except (ValueError, InvalidOperation) as error:
            raise EcbFormatError(
                f"unreadable observation {row['TIME_PERIOD']!r}"
            ) from error
        observations.append((day, rate))
    if not observations:
        raise EcbFormatError("no observation")
    return sorted(observations)


def rate_in_force(observations, day):
    """The rate in force on ``day``: that of the last change dated on or
    before it; None before the first observation."""
    rate = None
    for changed_on, value in observations:
        if changed_on > day:
            break
        rate = value
    return rate
