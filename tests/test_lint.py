"""Lint, OCA style, as part of the tests: ruff and pylint-odoo find nothing.

The configuration is the repository's own (``.ruff.toml``, ``.pylintrc``),
rendered from OCA's oca-addons-repo-template for Odoo 18; both tools come from
requirements-test.txt. Neither needs Odoo: pylint-odoo reads the addon's source
without importing it. A finding is fixed in the code; a ``# noqa: <code>`` or
``# pylint: disable=<name>`` is only for a false positive, with the reason in
the comment.
"""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDON = "account_dunning_fr"
# everything written in Python: the addon, the tests, the harness, the benchmarks
# and the ./dev script (a Python file without the .py suffix)
RUFF_TARGETS = (ADDON, "tests", "tools", "benchmarks", "dev")


def _run(module, *args, needs=()):
    """``python -m module args`` from the repository root: (failed, output)."""
    for name in (module, *needs):
        if importlib.util.find_spec(name) is None:
            pytest.fail(
                f"{name} is not installed for {sys.executable}: install "
                "requirements-test.txt (./dev test does it)",
                pytrace=False,
            )
    command = [sys.executable, "-m", module, *args]
    done = subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    output = "\n".join(part for part in (done.stdout, done.stderr) if part.strip())
    return done.returncode != 0, f"$ {' '.join(command[1:])}\n{output}"


def test_ruff_finds_nothing():
    """pyflakes, pycodestyle's long lines, bugbear, isort, pyupgrade, mccabe."""
    failed, report = _run(
        "ruff", "check", "--no-fix", "--output-format=concise", *RUFF_TARGETS
    )
    if failed:
        pytest.fail(f"ruff found problems:\n{report}", pytrace=False)


def test_pylint_odoo_finds_nothing():
    """OCA's mandatory pylint-odoo checks, its optional ones and the
    translation checks, on the addon."""
    failed, report = _run(
        "pylint",
        "--rcfile=.pylintrc",
        "--output-format=text",
        ADDON,
        needs=("pylint_odoo",),
    )
    if failed:
        pytest.fail(f"pylint-odoo found problems:\n{report}", pytrace=False)
