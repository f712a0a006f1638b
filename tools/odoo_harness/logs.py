"""Reading an Odoo log: its records, its test summary, what it installed."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

from .common import REPO_ROOT

# which records checklog-odoo lets pass (regular expressions)
CHECKLOG_CONFIG = REPO_ROOT / "checklog-odoo.cfg"
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


def checklog(log_path: Path, report_limit: int = 8000) -> str | None:
    """OCA's checklog-odoo over an Odoo log, as OCA's CI runs it: None when no
    record of level WARNING or above is left once the ``ignore`` expressions of
    checklog-odoo.cfg are applied, else its report (cut at ``report_limit``
    characters)."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "checklog_odoo",
            "--no-echo",
            "--config",
            str(CHECKLOG_CONFIG),
            str(log_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode == 0:
        return None
    report = (done.stdout + done.stderr).strip()
    # the records it let pass come first: keep those that failed the check
    report = report[max(report.find("errors that caused failure"), 0) :]
    if len(report) > report_limit:
        report = report[:report_limit] + f"\n[... cut, see {log_path} ...]"
    return report


def module_installed(log: str, module: str) -> bool:
    """odoo/modules/loading.py logs "Loading module X (i/n)" at INFO for each
    module it installs."""
    return (
        re.search(rf" Loading module {re.escape(module)} \(\d+/\d+\)", log) is not None
    )


# odoo/tests/result.py logs "Starting <Class>.<test> ..." before each test and
# "skipped <Class>.<test> : <reason>" for a skipped one, with the logger of
# the test's module; each record ends with a space.
TEST_EVENT = re.compile(
    r" INFO \S+ (?P<module>odoo\.addons\.[\w.]+): "
    r"(?:Starting (?P<started>\S+) \.\.\."
    r"|skipped (?P<skipped>\S+) : (?P<reason>.*?)) *$",
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
