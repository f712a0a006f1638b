"""Which Odoo 18 runs the addon: an importable one, or one set up from ODOO_SOURCE.

Order: ``ODOO_PYTHON`` (or the interpreter running us) when it imports Odoo
18.0; otherwise, when ``ODOO_SOURCE`` is set, the virtualenv that
``provision`` sets up (once, then cached) from that source.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .common import GETTING_ODOO, MODULES, REPO_ROOT, HarnessError, say


class OdooNotFound(HarnessError):
    """Odoo 18 cannot be imported by the chosen interpreter."""


@dataclasses.dataclass(frozen=True)
class Odoo:
    python: str  # interpreter that imports Odoo 18 and runs it
    version: str
    package_dir: Path  # the ``odoo`` package directory

    @property
    def addons_dirs(self) -> list[Path]:
        """Odoo's own addon directories: ``odoo/addons`` and, for a source
        tree, ``odoo/../addons``."""
        found = []
        for candidate in (
            self.package_dir / "addons",
            self.package_dir.parent / "addons",
        ):
            if (
                candidate.is_dir()
                and holds_modules(candidate)
                and candidate not in found
            ):
                found.append(candidate)
        return found

    @property
    def addons_path(self) -> list[Path]:
        return [REPO_ROOT, *self.addons_dirs]


_PROBE = """
import json, os, sys
sys.path[:] = [p for p in sys.path if p not in ('', '.')]
import odoo.release as release
print(json.dumps({
    "version_info": list(release.version_info[:2]),
    "version": release.version,
    "package_dir": os.path.dirname(os.path.abspath(release.__file__)),
}))
"""


def find_odoo(python: str | None = None) -> Odoo:
    """Odoo 18 as imported by ``python`` (default: ``ODOO_PYTHON``, else the
    interpreter running us); raise OdooNotFound with the reason."""
    python = python or os.environ.get("ODOO_PYTHON") or sys.executable

    def missing(why: str) -> OdooNotFound:
        return OdooNotFound(
            f"Odoo 18 is not importable by {python} ({why}); {GETTING_ODOO}"
        )

    resolved = shutil.which(python)
    if not resolved:
        named = (
            ", named by ODOO_PYTHON" if os.environ.get("ODOO_PYTHON") == python else ""
        )
        raise missing("no such interpreter" + named)
    try:
        probe = subprocess.run(
            [resolved, "-c", _PROBE],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tempfile.gettempdir(),
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise missing(f"cannot run it: {exc}") from exc
    if probe.returncode != 0:
        lines = [line for line in probe.stderr.splitlines() if line.strip()]
        raise missing(lines[-1].strip() if lines else f"exit code {probe.returncode}")
    try:
        info = json.loads(probe.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError) as exc:
        raise missing(f"unexpected answer {probe.stdout!r}") from exc
    if tuple(info["version_info"]) != (18, 0):
        raise missing(f"it imports Odoo {info['version']} from {info['package_dir']}")
    return Odoo(
        python=python, version=info["version"], package_dir=Path(info["package_dir"])
    )


def odoo_to_run() -> Odoo:
    """The Odoo 18 to run: an importable one, else one set up from
    ``ODOO_SOURCE``; OdooNotFound (or HarnessError from the set-up) says why not."""
    try:
        return find_odoo()
    except OdooNotFound as exc:
        source = os.environ.get("ODOO_SOURCE")
        if not source:
            raise OdooNotFound(f"{exc}, and ODOO_SOURCE is not set") from None
        say(f"{exc}; setting it up from ODOO_SOURCE={source}")
    from .provision import provision  # noqa: PLC0415 (only needed without an Odoo)

    return find_odoo(str(provision(source)))


def holds_modules(directory: Path) -> bool:
    return any(directory.glob("*/__manifest__.py"))


def missing_modules(
    addons_path: list[Path], modules: tuple[str, ...] = MODULES
) -> list[str]:
    """Messages for the modules no directory of ``addons_path`` holds."""
    problems = []
    for module in modules:
        if not any(
            (directory / module / "__manifest__.py").is_file()
            for directory in addons_path
        ):
            where = ", ".join(str(directory) for directory in addons_path)
            problems.append(
                f"module {module!r} not found: no {module}/__manifest__.py in {where}"
            )
    return problems
