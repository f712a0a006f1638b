"""One checked Odoo run for the test suite: install on a fresh database
(optionally with the addon's tests), read the log, drop the database."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime
import re
from pathlib import Path

from .common import LOG_DIR, MODULES, HarnessError, say, signals_ignored
from .locate import Odoo, missing_modules
from .logs import TestSummary, checklog, module_installed, parse_test_summary
from .postgres import DbServer, free_port
from .process import (
    create_french_database,
    drop_database,
    new_db_name,
    odoo_command,
    run_odoo,
    scratch_dir,
)

RUN_TIMEOUT = 30 * 60  # seconds, per Odoo run of the test suite


@dataclasses.dataclass
class InstallResult:
    db: str
    returncode: int | None
    log_path: Path
    summary: TestSummary | None
    problems: list[str]
    with_tests: bool = True

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def report(self) -> str:
        if not self.with_tests:
            counts = "install only"
        else:
            counts = f"Odoo tests: {self.summary or 'no summary line'}"
        lines = [f"{counts}; exit code {self.returncode}; full log: {self.log_path}"]
        lines += [f"PROBLEM: {problem}" for problem in self.problems]
        return "\n".join(lines)


def install_and_check(
    odoo: Odoo,
    server: DbServer,
    *,
    kind: str,
    demo: bool,
    test_tags: str | None,
    timeout: float = RUN_TIMEOUT,
) -> InstallResult:
    """Install MODULES on a new database (with or without demo data, running the
    tests selected by ``test_tags``), check the log, drop the database."""
    db = new_db_name(kind)
    LOG_DIR.mkdir(exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    log_path = LOG_DIR / f"{stamp}-{kind}-{db}.log"
    problems = missing_modules(odoo.addons_path)
    if problems:
        log_path.write_text("\n".join(problems) + "\n", encoding="utf-8")
        return InstallResult(db, None, log_path, None, problems, bool(test_tags))
    returncode = None
    say(
        f"{kind}: installing {', '.join(MODULES)} on new database {db} "
        f"({'with' if demo else 'without'} demo data) on the {server.describe()}; "
        f"log: {log_path}"
    )
    with scratch_dir("dunning-odoo-") as scratch:
        try:
            if demo:
                create_french_database(
                    odoo,
                    server,
                    db,
                    scratch,
                    log_path=log_path.with_suffix(".create.log"),
                )
            # the demo database is created French; the other one gets French
            # loaded too: our users' databases are French
            command = odoo_command(
                odoo,
                server,
                db=db,
                scratch=scratch,
                http_port=free_port(),
                demo=demo,
                test_tags=test_tags,
                language=None if demo else "fr_FR",
            )
            returncode = run_odoo(
                command,
                env=server.env(),
                cwd=scratch,
                log_path=log_path,
                timeout=timeout,
            )
        except HarnessError as exc:
            problems.append(str(exc))
        finally:
            with signals_ignored():
                drop_database(odoo, server, db, scratch)
    log = log_path.read_text(encoding="utf-8", errors="replace")
    if returncode not in (0, None):
        problems.append(f"Odoo exited with code {returncode}")
    findings = checklog(log_path)
    if findings:
        problems.append(
            f"checklog-odoo found warnings or errors in the log:\n{findings}"
        )
    failed_demo = re.findall(r"Module (\S+) demo data failed to install", log)
    if failed_demo:
        problems.append(f"the demo data of {', '.join(failed_demo)} failed to install")
    for module in MODULES:
        if not module_installed(log, module):
            problems.append(
                f"the log shows no 'Loading module {module}': it was not installed"
            )
    summary = parse_test_summary(log) if test_tags else None
    if test_tags:
        if summary is None:
            problems.append(
                "no 'odoo.tests.result: ... tests when loading database' summary line"
            )
        else:
            if summary.tests == 0:
                problems.append(f"0 tests ran for --test-tags {test_tags}")
            if summary.failed or summary.errors:
                problems.append(
                    f"{summary.failed} test(s) failed, {summary.errors} error(s)"
                )
    if not problems:
        say(f"{kind}: OK" + (f" ({summary})" if summary else ""))
    return InstallResult(db, returncode, log_path, summary, problems, bool(test_tags))


@dataclasses.dataclass
class ShardedResult:
    """The addon's Odoo tests run as shards at once (see ``shards``)."""

    shards: list[InstallResult]
    test_tags: list[str]
    expected_tests: int | None = None

    @property
    def problems(self) -> list[str]:
        problems = [
            f"shard {number}: {problem}"
            for number, shard in enumerate(self.shards, 1)
            for problem in shard.problems
        ]
        summary = self.summary
        if summary and self.expected_tests not in (None, summary.tests):
            problems.append(
                f"{summary.tests} tests ran in all, "
                f"the addon's test files define {self.expected_tests}"
            )
        return problems

    @property
    def summary(self) -> TestSummary | None:
        summaries = [shard.summary for shard in self.shards]
        if None in summaries:
            return None
        return TestSummary(
            tests=sum(summary.tests for summary in summaries),
            failed=sum(summary.failed for summary in summaries),
            errors=sum(summary.errors for summary in summaries),
            db=", ".join(summary.db for summary in summaries),
        )

    @property
    def log_path(self) -> str:
        return ", ".join(str(shard.log_path) for shard in self.shards)

    def log(self) -> str:
        return "\n".join(shard.log() for shard in self.shards)

    def report(self) -> str:
        lines = [
            f"Odoo tests: {self.summary or 'no summary line'} "
            f"in {len(self.shards)} shard(s) run at once"
        ]
        shards = zip(self.shards, self.test_tags, strict=True)
        for number, (shard, tags) in enumerate(shards, 1):
            lines.append(f"shard {number} (--test-tags {tags}):")
            lines += ["  " + line for line in shard.report().splitlines()]
        return "\n".join(lines)


def run_test_shards(
    odoo: Odoo,
    server: DbServer,
    test_tags: list[str],
    expected_tests: int | None = None,
) -> ShardedResult:
    """One checked install with tests per entry of ``test_tags``, all at once,
    each on a fresh database without demo data; together they must run
    ``expected_tests`` tests."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(test_tags)) as pool:
        futures = [
            pool.submit(
                install_and_check,
                odoo,
                server,
                kind=f"tests{number}" if len(test_tags) > 1 else "tests",
                demo=False,
                test_tags=tags,
            )
            for number, tags in enumerate(test_tags, 1)
        ]
        results = [future.result() for future in futures]
    return ShardedResult(results, test_tags, expected_tests)
