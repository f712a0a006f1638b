"""``./dev demo``: Odoo 18 with the French demo data on a throwaway database."""

from __future__ import annotations

import contextlib
import threading
import urllib.error
import urllib.request

from .common import HarnessError, say, signals_ignored
from .locate import missing_modules, odoo_to_run
from .postgres import PostgresNotFound, db_server_from_env, free_port, throwaway_cluster
from .process import (
    create_french_database,
    drop_database,
    new_db_name,
    odoo_command,
    run_odoo,
    scratch_dir,
)

DEMO_PORT = 8069
READY_WAIT = 30 * 60  # seconds the first page may take while the demo installs


def _announce_when_ready(url: str, process_done: threading.Event) -> None:
    """Print the banner once /web/login answers 200 (Odoo serves HTTP while it
    installs; the first request waits until the database is ready)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    while not process_done.is_set():
        try:
            with opener.open(url, timeout=READY_WAIT) as response:
                if response.status == 200:
                    _banner(url, ready=True)
                    return
        except (urllib.error.URLError, OSError):
            pass
        process_done.wait(2)


def _banner(url: str, ready: bool) -> None:
    state = (
        "Odoo is ready"
        if ready
        else "Odoo is starting (installing takes a few minutes)"
    )
    print(
        f"\n{'=' * 72}\n  {state}: {url}\n  login: admin   password: admin\n"
        f"  Ctrl-C stops it and removes the throwaway database.\n{'=' * 72}\n",
        flush=True,
    )


def run_demo(port: int | None = None) -> int:
    """``./dev demo``: Odoo 18 with the French demo data on a throwaway database
    until Ctrl-C; returns the exit code."""
    try:
        odoo = odoo_to_run()
    except HarnessError as exc:
        say(f"cannot start the demo: {exc}")
        return 1
    problems = missing_modules(odoo.addons_path)
    if problems:
        say("cannot start the demo: " + "; ".join(problems))
        return 1
    http_port = free_port(port or DEMO_PORT)
    db = new_db_name("demo")
    url = f"http://127.0.0.1:{http_port}/web/login"
    say(f"Odoo {odoo.version} from {odoo.package_dir} (python: {odoo.python})")
    say("addons path: " + ",".join(str(path) for path in odoo.addons_path))
    returncode = 0
    try:
        with contextlib.ExitStack() as stack:
            server = db_server_from_env()
            if server is None:
                server = stack.enter_context(throwaway_cluster())
            scratch = stack.enter_context(scratch_dir("dunning-demo-"))
            create_french_database(odoo, server, db, scratch)
            command = odoo_command(
                odoo,
                server,
                db=db,
                scratch=scratch,
                http_port=http_port,
                demo=True,
                stop_after_init=False,
            )
            say(f"database {db} on the {server.describe()}")
            _banner(url, ready=False)
            done = threading.Event()
            watcher = threading.Thread(
                target=_announce_when_ready, args=(url, done), daemon=True
            )
            watcher.start()
            try:
                returncode = run_odoo(command, env=server.env(), cwd=scratch)
                say(f"Odoo exited with code {returncode}")
            except KeyboardInterrupt:
                say("interrupted: Odoo stopped, cleaning up")
            finally:
                done.set()
                if not server.throwaway:
                    with signals_ignored():
                        drop_database(odoo, server, db, scratch)
    except PostgresNotFound as exc:
        say(f"cannot start the demo: {exc}")
        return 1
    except HarnessError as exc:
        say(f"demo failed: {exc}")
        return 1
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    return returncode
