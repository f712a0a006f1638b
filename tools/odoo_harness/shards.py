"""The addon's Odoo tests split into shards that run at once, one Odoo each.

One Odoo process runs its tests one after the other on one core: on a machine
with two cores or more, the suite runs as that many shards, each on a fresh
database of its own, at the same time. The split is by test file, balanced by
what a file costs (a class's set-up creates a French company and loads its
chart; a tour opens Chromium); the first shard runs every test of the addon but
those of the other shards, so a test no file lists still runs.
"""

from __future__ import annotations

import ast
import dataclasses
import os
from pathlib import Path

from .common import ADDON, REPO_ROOT, HarnessError

SHARDS_ENV = "DUNNING_ODOO_SHARDS"
MAX_SHARDS = 4
TESTS_DIR = REPO_ROOT / ADDON / "tests"
# rough seconds on a 2-core machine: a French company with its chart (each
# test class's set-up creates one, some tests another), a test, a test that
# walks the screens in Chromium
COMPANY_COST = 15
TEST_COST = 3
TOUR_COST = 8
COMPANY_CALLS = {"setup_other_company"}
BROWSER_CALLS = {"start_tour", "browser_js"}


@dataclasses.dataclass(frozen=True)
class TestFile:
    path: str  # relative to the repository: account_dunning_fr/tests/test_x.py
    tests: int
    cost: float


def _cost(test: ast.FunctionDef) -> float:
    calls = {
        node.func.attr
        for node in ast.walk(test)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    cost = TOUR_COST if calls & BROWSER_CALLS else TEST_COST
    return cost + (COMPANY_COST if calls & COMPANY_CALLS else 0)


def test_files(tests_dir: Path = TESTS_DIR) -> list[TestFile]:
    """The addon's test files with their number of tests and estimated cost."""
    files = []
    for path in sorted(tests_dir.glob("test_*.py")):
        count, cost = 0, 0
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.ClassDef):
                continue
            tests = [
                item
                for item in node.body
                if isinstance(item, ast.FunctionDef) and item.name.startswith("test")
            ]
            if tests:
                count += len(tests)
                cost += COMPANY_COST + sum(map(_cost, tests))
        if count:
            relative = f"{tests_dir.parent.name}/tests/{path.name}"
            files.append(TestFile(relative, count, cost))
    return files


def shard_count() -> int:
    """``DUNNING_ODOO_SHARDS`` if set, else one per core this process may use,
    at most MAX_SHARDS (each shard installs the modules once more)."""
    wanted = os.environ.get(SHARDS_ENV)
    if wanted:
        if not wanted.isdigit() or int(wanted) < 1:
            raise HarnessError(f"{SHARDS_ENV}={wanted!r}: give a number of 1 or more")
        return int(wanted)
    if hasattr(os, "sched_getaffinity"):  # Linux: the cores this process may use
        cores = len(os.sched_getaffinity(0))
    else:  # macOS, Windows
        cores = os.cpu_count() or 1
    return max(1, min(MAX_SHARDS, cores))


def shard_tags(files: list[TestFile], count: int, addon: str = ADDON) -> list[str]:
    """Odoo's ``--test-tags`` of each shard: the costliest file first, each to
    the cheapest shard so far; the first shard runs ``/addon`` but the files of
    the others."""
    shards: list[list[TestFile]] = [[] for _ in range(max(1, count))]
    for file in sorted(files, key=lambda file: (-file.cost, file.path)):
        min(shards, key=lambda shard: sum(f.cost for f in shard)).append(file)
    others = [file for shard in shards[1:] for file in shard]
    first = ",".join([f"/{addon}", *(f"-/{file.path}" for file in others)])
    return [first] + [
        ",".join(f"/{file.path}" for file in shard) for shard in shards[1:] if shard
    ]
