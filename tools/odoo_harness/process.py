"""Running Odoo: its command line, the process, its databases.

Odoo always runs as ``<python> -m odoo`` in a scratch directory of its own with
an empty configuration file, so a ``~/.odoorc`` cannot change what is tested.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .common import MODULES, HarnessError, say, signals_ignored
from .locate import Odoo
from .postgres import DbServer
from .provision import cache_root
from .wkhtmltopdf import with_patched_wkhtmltopdf


def new_db_name(kind: str) -> str:
    return f"dunning_{kind}_{os.getpid()}_{secrets.token_hex(3)}"


@contextlib.contextmanager
def scratch_dir(prefix: str):
    """Odoo's working directory: an empty odoo.conf (so no ~/.odoorc applies)
    and the data dir (filestore, sessions); removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        (path / "odoo.conf").write_text("[options]\n", encoding="utf-8")
        (path / "data").mkdir()
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def common_args(
    odoo: Odoo, server: DbServer, scratch: Path, addons: bool = True
) -> list[str]:
    """Odoo's options of every run: the empty configuration file and the data
    directory of ``scratch``, the addons path, the database server."""
    args = ["--config", str(scratch / "odoo.conf"), "--data-dir", str(scratch / "data")]
    if addons:
        args += ["--addons-path", ",".join(str(path) for path in odoo.addons_path)]
    return [*args, *server.odoo_args()]


def odoo_command(
    odoo: Odoo,
    server: DbServer,
    *,
    db: str,
    scratch: Path,
    http_port: int,
    demo: bool,
    test_tags: str | None = None,
    stop_after_init: bool = True,
    language: str | None = None,
    modules: tuple[str, ...] = MODULES,
) -> list[str]:
    command = [
        odoo.python,
        "-m",
        "odoo",
        *common_args(odoo, server, scratch),
        "--database",
        db,
        "--db-filter",
        f"^{re.escape(db)}$",
        "--init",
        ",".join(modules),
        "--http-interface",
        "127.0.0.1",
        "--http-port",
        str(http_port),
        "--log-level",
        "info",
    ]
    if not demo:
        command.append("--without-demo=all")
    if language:
        command += ["--load-language", language]
    if test_tags:
        command += ["--test-enable", "--test-tags", test_tags]
    if stop_after_init:
        command += ["--stop-after-init", "--max-cron-threads", "0"]
    else:
        # A serving Odoo restarts itself (re-exec of sys.argv) when a request
        # outlives limit_time_real or memory passes limit_memory_soft, and that
        # re-exec fails under ``python -m odoo`` (argv[0] is odoo/__main__.py).
        # The first page opened while the demo installs waits minutes for the
        # registry: keep those soft limits off for the demo.
        command += ["--limit-time-real", "0", "--limit-memory-soft", "0"]
    return command


def run_odoo(
    command: list[str],
    *,
    env: dict[str, str],
    cwd: Path,
    log_path: Path | None = None,
    timeout: float | None = None,
) -> int:
    """Run Odoo and return its exit code. Output goes to ``log_path`` (else to
    our terminal). Odoo gets its own session: on Ctrl-C or timeout we send it
    one SIGINT (its graceful shutdown), then SIGTERM, then SIGKILL."""
    shown = ["<script>" if "\n" in part else part for part in command]
    # command[0] is Odoo's python, which has pip
    env = with_patched_wkhtmltopdf(env, command[0], cache_root() / "wkhtmltopdf")
    say("running: " + shlex.join(shown))
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(open(log_path, "wb")) if log_path else None
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT if out else None,
            start_new_session=True,
        )
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            stop_process(process)
            raise HarnessError(
                f"Odoo did not finish within {timeout:.0f} s; stopped it"
            ) from None
        except BaseException:
            stop_process(process)
            raise


def stop_process(process: subprocess.Popen) -> None:
    with signals_ignored():
        for sig, grace in (
            (signal.SIGINT, 60),
            (signal.SIGTERM, 15),
            (signal.SIGKILL, 15),
        ):
            if process.poll() is not None:
                return
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=grace)


def drop_database(odoo: Odoo, server: DbServer, db: str, scratch: Path) -> None:
    """Drop ``db`` and its filestore with Odoo's own ``db drop`` command."""
    command = [
        odoo.python,
        "-m",
        "odoo",
        "db",
        *common_args(odoo, server, scratch, addons=False),
        "drop",
        db,
    ]
    done = subprocess.run(
        command,
        cwd=scratch,
        env=server.env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode == 0:
        say(f"dropped database {db}")
    else:
        output = (done.stdout + done.stderr)[-500:]
        say(f"could not drop database {db} ({done.returncode}): {output}")


# company gets France and the euro, and French is loaded. The French chart is
# then installed on its own, because account only loads a company's chart
# once every module of the run is installed, after their demo data: invoices
# of demo data need the chart's journals already there.
FRENCH_DATABASE = """
import sys
import odoo
from odoo.service import db
name, *args = sys.argv[1:]
odoo.tools.config.parse_config(args)
db.exp_create_database(name, True, "fr_FR", "admin", "admin", "fr")
odoo.tools.config["init"] = {"l10n_fr_account": 1}
odoo.modules.registry.Registry.new(name, update_module=True)
with odoo.sql_db.db_connect(name).cursor() as cr:
    cr.execute("SELECT c.chart_template FROM res_company c"
               " JOIN res_partner p ON p.id = c.partner_id"
               " JOIN res_country k ON k.id = p.country_id"
               " WHERE c.id = 1 AND k.code = 'FR'")
    row = cr.fetchone()
    sys.exit(0 if row and row[0] == "fr" else 1)
"""


def create_french_database(
    odoo: Odoo, server: DbServer, db: str, scratch: Path, log_path: Path | None = None
) -> None:
    """Create ``db`` with demo data, French as language and a main company in
    France (EUR) keeping its accounts in the French chart."""
    say(f"creating database {db}: French language, main company in France")
    command = [
        odoo.python,
        "-c",
        FRENCH_DATABASE,
        db,
        *common_args(odoo, server, scratch),
        "--log-level",
        "warn",
    ]
    if run_odoo(command, env=server.env(), cwd=scratch, log_path=log_path) != 0:
        raise HarnessError(
            f"could not create the French database {db} "
            f"(Odoo's log: {log_path or 'above'})"
        )
