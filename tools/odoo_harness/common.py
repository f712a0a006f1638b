"""What every module of the harness shares: paths, messages, errors, timing."""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
ADDON = "account_dunning_fr"
MODULES = ("l10n_fr_account", ADDON)
LOG_DIR = REPO_ROOT / ".odoo-logs"
GETTING_ODOO = "see README 'Where Odoo 18 comes from'"


class HarnessError(Exception):
    """Something the harness cannot do; the message says what and why."""


def say(message: str) -> None:
    print(f"[odoo-harness] {message}", flush=True)


@contextlib.contextmanager
def phase(name: str, times: dict[str, float] | None = None):
    """Print how long ``name`` took (and record it in ``times``)."""
    start = time.monotonic()
    try:
        yield
    finally:
        elapsed = time.monotonic() - start
        if times is not None:
            times[name] = elapsed
        say(f"{name}: {elapsed:.0f} s")


@contextlib.contextmanager
def signals_ignored():
    """Let clean-up finish when Ctrl-C is pressed again (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {
        sig: signal.signal(sig, signal.SIG_IGN)
        for sig in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
