"""The Odoo side of the suite: account_dunning_fr installed by Odoo 18 itself.

Odoo 18 is the one importable by this interpreter or by ``ODOO_PYTHON``, else
the one set up (once, then cached) from ``ODOO_SOURCE``. Without any of them,
or without PostgreSQL, these tests are skipped with the reason; with
``DUNNING_REQUIRE_ODOO=1`` (CI) they fail instead, and so do the tours without
a Chromium. The demo install and the addon's tests (split into shards run at
once, one per core) share one throwaway PostgreSQL cluster (unless
``ODOO_DB_HOST`` is set); each Odoo run installs ``l10n_fr_account`` and
``account_dunning_fr`` on a database of its own, dropped afterwards. The full
Odoo log of each run is kept under ``.odoo-logs/``; its path, the test counts
and the time of each phase are printed in pytest's summary.
"""

import concurrent.futures
import contextlib
import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import odoo_harness as harness  # noqa: E402

TOURS_MODULE = f"odoo.addons.{harness.ADDON}.tests.test_tours"
# where Odoo's test browser looks for Chrome (odoo/tests/common.py, _find_executable)
CHROME_NAMES = ("google-chrome", "chromium", "chromium-browser", "google-chrome-stable")


def _required():
    return os.environ.get("DUNNING_REQUIRE_ODOO") == "1"


def _skip_or_fail(reason):
    if _required():
        pytest.fail(
            f"{reason} (DUNNING_REQUIRE_ODOO=1: the Odoo suite must run)", pytrace=False
        )
    pytest.skip(reason)


class _OdooReport:
    """Adds an "Odoo suite" section to pytest's terminal summary."""

    def __init__(self):
        self.lines = []
        self.times = {}

    def pytest_terminal_summary(self, terminalreporter):
        if self.lines or self.times:
            terminalreporter.section("Odoo suite")
            for line in self.lines:
                terminalreporter.write_line(line)
            for name, seconds in self.times.items():
                terminalreporter.write_line(f"time of {name}: {seconds:.0f} s")


@pytest.fixture(scope="session")
def odoo_report(request):
    report = _OdooReport()
    request.config.pluginmanager.register(report, "account-dunning-odoo-report")
    return report


@pytest.fixture(scope="session")
def live(request):
    """Show the harness's progress (set-up, installs) as it happens, past
    pytest's output capture."""
    capture = request.config.pluginmanager.getplugin("capturemanager")
    return capture.global_and_fixture_disabled if capture else contextlib.nullcontext


@pytest.fixture(scope="session")
def odoo(odoo_report, live):
    with live(), harness.phase("finding or setting up Odoo 18", odoo_report.times):
        try:
            found = harness.odoo_to_run()
        except harness.OdooNotFound as exc:
            _skip_or_fail(str(exc))
        except harness.HarnessError as exc:
            pytest.fail(f"Odoo 18 could not be set up: {exc}", pytrace=False)
    odoo_report.lines.append(
        f"Odoo {found.version} from {found.package_dir} (python: {found.python})"
    )
    return found


@pytest.fixture(scope="session")
def db_server(odoo, live):
    server = harness.db_server_from_env()
    if server is not None:
        yield server
        return
    try:
        bindir = harness.find_pg_bindir()
    except harness.PostgresNotFound as exc:
        _skip_or_fail(str(exc))
    with live():
        cluster = harness.throwaway_cluster(bindir)
        server = cluster.__enter__()
    try:
        yield server
    finally:
        with live():
            cluster.__exit__(None, None, None)


@pytest.fixture(scope="session")
def demo_install(odoo, db_server, odoo_report):
    """The install with the French demo data, started at once in the
    background: it runs beside the addon's tests (one core each)."""

    def install():
        with harness.phase("install with the French demo data", odoo_report.times):
            return harness.install_and_check(
                odoo, db_server, kind="demo", demo=True, test_tags=None
            )

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        yield pool.submit(install)


@pytest.fixture(scope="session")
def addon_tests(odoo, db_server, odoo_report, live, demo_install):
    """The addon's Odoo tests (tours included), as shards run at once (one per
    core, see tools/odoo_harness/shards.py), each on a fresh database without
    demo data, French loaded; every test the files define must have run."""
    files = harness.test_files()
    tags = harness.shard_tags(files, harness.shard_count())
    with live(), harness.phase("install + Odoo tests of the addon", odoo_report.times):
        return harness.run_test_shards(
            odoo, db_server, tags, expected_tests=sum(file.tests for file in files)
        )


def _check(result, odoo_report, title):
    first = result.report().splitlines()[0]
    odoo_report.lines.append(f"{title}: {'ok' if not result.problems else 'FAILED'}")
    odoo_report.lines.append(f"  {first}")
    if result.problems:
        pytest.fail(f"{title}\n{result.report()}", pytrace=False)


def test_odoo_tests_of_the_addon_pass(addon_tests, odoo_report):
    """Fresh database without demo data; Odoo runs the addon's own tests."""
    _check(
        addon_tests,
        odoo_report,
        f"Odoo tests of {harness.ADDON} (--test-tags /{harness.ADDON})",
    )


def test_tours_walk_the_screens_in_chromium(addon_tests, odoo_report):
    """The tours of the addon's tests ran in a real browser, none skipped."""
    browser = next(filter(None, map(shutil.which, CHROME_NAMES)), None)
    if browser is None:
        _skip_or_fail(
            f"no Chromium or Chrome on the PATH (any of {', '.join(CHROME_NAMES)}): "
            "Odoo skips its tours; install Debian's chromium package"
        )
    started, skipped = harness.tests_started_and_skipped(
        addon_tests.log(), TOURS_MODULE
    )
    odoo_report.lines.append(
        f"Tours in {browser}: {len(started)} started, {len(skipped)} skipped"
    )
    assert started, f"no test of {TOURS_MODULE} ran; log: {addon_tests.log_path}"
    assert not skipped, f"tours skipped by Odoo: {skipped}; log: {addon_tests.log_path}"
    assert not addon_tests.problems, addon_tests.report()


def test_addon_installs_with_french_demo_data(demo_install, odoo_report, live):
    """The database of ./dev demo (French, company in France with the French
    chart), then the addon with its demo data: everything installs cleanly."""
    with live():
        result = demo_install.result()
    _check(
        result, odoo_report, f"Install of {', '.join(harness.MODULES)} with demo data"
    )
