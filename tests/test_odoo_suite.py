"""The Odoo side of the suite: account_dunning_fr installed by Odoo 18 itself.

Skipped, with the reason, when Odoo 18 is not importable (by this interpreter
or by ``ODOO_PYTHON``) or when there is no PostgreSQL to run it on. Both tests
share one throwaway PostgreSQL cluster (unless ``ODOO_DB_HOST`` is set); each
installs ``l10n_fr_account`` and ``account_dunning_fr`` on a database of its
own, dropped afterwards. The full Odoo log of each run is kept under
``.odoo-logs/``; its path and the test counts are printed in pytest's summary.
"""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import odoo_harness as harness  # noqa: E402


class _OdooReport:
    """Adds an "Odoo suite" section to pytest's terminal summary."""

    def __init__(self):
        self.lines = []

    def pytest_terminal_summary(self, terminalreporter):
        if self.lines:
            terminalreporter.section("Odoo suite")
            for line in self.lines:
                terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def odoo_report(request):
    report = _OdooReport()
    request.config.pluginmanager.register(report, "account-dunning-odoo-report")
    return report


@pytest.fixture(scope="session")
def odoo():
    try:
        return harness.find_odoo()
    except harness.OdooNotFound as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def db_server(odoo):
    server = harness.db_server_from_env()
    if server is not None:
        yield server
        return
    try:
        bindir = harness.find_pg_bindir()
    except harness.PostgresNotFound as exc:
        pytest.skip(str(exc))
    with harness.throwaway_cluster(bindir) as server:
        yield server


def _check(result, odoo_report, title):
    report = f"{title}\n{result.report()}"
    odoo_report.lines.append(report.splitlines()[0] + ": " + ("ok" if not result.problems else "FAILED"))
    odoo_report.lines.append("  " + result.report().splitlines()[0])
    if result.problems:
        pytest.fail(report, pytrace=False)
    print(report)


def test_odoo_tests_of_the_addon_pass(odoo, db_server, odoo_report):
    """Fresh database without demo data; Odoo runs the addon's own tests."""
    result = harness.install_and_check(odoo, db_server, kind="tests", demo=False,
                                       test_tags=f"/{harness.ADDON}")
    _check(result, odoo_report, f"Odoo tests of {harness.ADDON} (--test-tags /{harness.ADDON})")


def test_addon_installs_with_french_demo_data(odoo, db_server, odoo_report):
    """The database of ./dev demo (French, company in France with the French
    chart), then the addon with its demo data: everything installs cleanly."""
    result = harness.install_and_check(odoo, db_server, kind="demo", demo=True, test_tags=None)
    _check(result, odoo_report, f"Install of {', '.join(harness.MODULES)} with demo data")
