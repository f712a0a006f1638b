"""Reading an Odoo log: its records, its test summary, what it installed."""

from __future__ import annotations

import dataclasses
import re

# One Odoo log record: "2025-01-31 10:00:00,123 4242 ERROR dbname odoo.x: message"
LOG_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) ")
BAD_LEVELS = ("ERROR", "CRITICAL")
# odoo/service/server.py logs the report of odoo/tests/result.py with the
# ``odoo.tests.result`` logger once the tests of a --stop-after-init run are done.
TEST_SUMMARY = re.compile(
    r"odoo\.tests\.result: (?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) "
    r"of (?P<tests>\d+) tests when loading database '(?P<db>[^']*)'"
)


@dataclasses.dataclass(frozen=True)
class TestSummary:
    tests: int
    failed: int
    errors: int
    db: str

    def __str__(self):
        return f"{self.tests} tests run, {self.failed} failed, {self.errors} error(s)"


def parse_test_summary(log: str) -> TestSummary | None:
    """The last ``odoo.tests.result: F failed, E error(s) of T tests when loading
    database 'db'`` line of an Odoo log, or None."""
    matches = list(TEST_SUMMARY.finditer(log))
    if not matches:
        return None
    found = matches[-1]
    return TestSummary(
        tests=int(found["tests"]),
        failed=int(found["failed"]),
        errors=int(found["errors"]),
        db=found["db"],
    )


def error_records(log: str, limit: int = 10, tail: int = 25) -> tuple[int, list[str]]:
    """(number of ERROR/CRITICAL records, the first ``limit`` of them, each with
    the last ``tail`` lines of its traceback, where the error itself is)."""
    count, records, current = 0, [], None
    for line in log.splitlines():
        record = LOG_RECORD.match(line)
        if record:
            current = None
            if record["level"] in BAD_LEVELS:
                count += 1
                if len(records) < limit:
                    current = [line]
                    records.append(current)
        elif current is not None:
            current.append(line)
    texts = []
    for first, *rest in records:
        if len(rest) > tail:
            rest = [f"  [... {len(rest) - tail} lines, see the log ...]", *rest[-tail:]]
        texts.append("\n".join([first, *rest]).rstrip())
    return count, texts


def module_installed(log: str, module: str) -> bool:
    """odoo/modules/loading.py logs "Loading module X (i/n)" at INFO for each
    module it installs."""
    return (
        re.search(rf" Loading module {re.escape(module)} \(\d+/\d+\)", log) is not None
    )


# odoo/tests/result.py logs "Starting <Class>.<test> ..." before each test and
# "skipped <Class>.<test> : <reason>" for a skipped one, with the logger of
# the test's module.
TEST_EVENT = re.compile(
    r" INFO \S+ (?P<module>odoo\.addons\.[\w.]+): "
    r"(?:Starting (?P<started>\S+) \.\.\.|skipped (?P<skipped>\S+) : (?P<reason>.*))$",
    re.M,
)


def tests_started_and_skipped(
    log: str, module_prefix: str
) -> tuple[list[str], dict[str, str]]:
    """The tests of modules whose name starts with ``module_prefix`` that
    started, and those skipped with their reason."""
    started, skipped = [], {}
    for event in TEST_EVENT.finditer(log):
        if not event["module"].startswith(module_prefix):
            continue
        if event["started"]:
            started.append(event["started"])
        else:
            skipped[event["skipped"]] = event["reason"]
    return started, skipped
