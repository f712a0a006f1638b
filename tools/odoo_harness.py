"""Run Odoo 18 with account_dunning_fr: shared by ``./dev demo`` and the pytest suite.

Plain Python 3.10+ standard library. What lives here:

- finding Odoo 18 (``find_odoo``): the interpreter running us, or the one named
  by ``ODOO_PYTHON``, must import ``odoo.release`` with version 18.0;
- the addons path: this repository + Odoo's own addon directories;
- the database server: ``ODOO_DB_HOST`` (+ ``ODOO_DB_PORT``, ``ODOO_DB_USER``,
  ``ODOO_DB_PASSWORD``) or a throwaway PostgreSQL cluster (``throwaway_cluster``)
  listening on a unix socket in a temporary directory, removed afterwards;
- the Odoo command line, running it, and reading its log (test summary line,
  ERROR / CRITICAL records);
- ``install_and_check`` (one Odoo run on a fresh database, used by the tests)
  and ``run_demo`` (``./dev demo``).

Odoo always runs as ``<python> -m odoo`` in a scratch directory of its own with
an empty configuration file, so a ``~/.odoorc`` cannot change what is tested.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ADDON = "account_dunning_fr"
MODULES = ("l10n_fr_account", ADDON)
LOG_DIR = REPO_ROOT / ".odoo-logs"
GETTING_ODOO = "see README 'Getting Odoo 18'"
DB_USER = "odoo"  # Odoo refuses to run as the ``postgres`` role
DEMO_PORT = 8069
RUN_TIMEOUT = 30 * 60  # seconds, per Odoo run of the test suite

# One Odoo log record: "2025-01-31 10:00:00,123 4242 ERROR dbname odoo.x: message"
LOG_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) ")
BAD_LEVELS = ("ERROR", "CRITICAL")
# odoo/service/server.py logs the report of odoo/tests/result.py with the
# ``odoo.tests.result`` logger once the tests of a --stop-after-init run are done.
TEST_SUMMARY = re.compile(
    r"odoo\.tests\.result: (?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) "
    r"of (?P<tests>\d+) tests when loading database '(?P<db>[^']*)'"
)


class HarnessError(Exception):
    """Something the harness cannot do; the message says what and why."""


class OdooNotFound(HarnessError):
    """Odoo 18 cannot be imported by the chosen interpreter."""


class PostgresNotFound(HarnessError):
    """No PostgreSQL server binaries to start a throwaway cluster."""


def say(message: str) -> None:
    print(f"[odoo-harness] {message}", flush=True)


# --------------------------------------------------------------------------- Odoo

@dataclasses.dataclass(frozen=True)
class Odoo:
    python: str  # interpreter that imports Odoo 18 and runs it
    version: str
    package_dir: Path  # the ``odoo`` package directory

    @property
    def addons_dirs(self) -> list[Path]:
        """Odoo's own addon directories: ``odoo/addons`` and, for a source
        checkout, ``odoo/../addons``."""
        found = []
        for candidate in (self.package_dir / "addons", self.package_dir.parent / "addons"):
            if candidate.is_dir() and holds_modules(candidate) and candidate not in found:
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


def odoo_python() -> str:
    """``ODOO_PYTHON`` when set, else the interpreter running this code."""
    return os.environ.get("ODOO_PYTHON") or sys.executable


def find_odoo(python: str | None = None) -> Odoo:
    """Odoo 18 as imported by ``python``; raise OdooNotFound with the reason."""
    python = python or odoo_python()

    def missing(why: str) -> OdooNotFound:
        return OdooNotFound(f"Odoo 18 is not importable by {python} ({why}); {GETTING_ODOO}")

    resolved = shutil.which(python)
    if not resolved:
        raise missing("no such interpreter" + (", named by ODOO_PYTHON" if os.environ.get("ODOO_PYTHON") else ""))
    try:
        probe = subprocess.run([resolved, "-c", _PROBE], capture_output=True, text=True,
                               timeout=300, cwd=tempfile.gettempdir(), check=False)
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
    return Odoo(python=python, version=info["version"], package_dir=Path(info["package_dir"]))


def holds_modules(directory: Path) -> bool:
    return any(directory.glob("*/__manifest__.py"))


def missing_modules(addons_path: list[Path], modules: tuple[str, ...] | None = None) -> list[str]:
    """Messages for the modules no directory of ``addons_path`` holds."""
    problems = []
    for module in modules or MODULES:
        if not any((directory / module / "__manifest__.py").is_file() for directory in addons_path):
            where = ", ".join(str(directory) for directory in addons_path)
            problems.append(f"module {module!r} not found: no {module}/__manifest__.py in {where}")
    return problems


# ----------------------------------------------------------------------- database

@dataclasses.dataclass(frozen=True)
class DbServer:
    host: str | None = None
    port: int | None = None
    user: str | None = None
    password: str | None = dataclasses.field(default=None, repr=False)
    throwaway: bool = False  # a cluster of ours: its databases vanish with it

    def odoo_args(self) -> list[str]:
        args = []
        if self.host:
            args += ["--db_host", self.host]
        if self.port:
            args += ["--db_port", str(self.port)]
        if self.user:
            args += ["--db_user", self.user]
        return args

    def env(self) -> dict[str, str]:
        """Environment of an Odoo process using this server (the password
        travels as PGPASSWORD, never on a command line)."""
        env = dict(os.environ)
        if self.throwaway:
            for name in [name for name in env if name.startswith("PG")]:
                del env[name]
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def describe(self) -> str:
        kind = "throwaway PostgreSQL cluster" if self.throwaway else "PostgreSQL server"
        return f"{kind} at {self.host or '(libpq default)'}:{self.port or 5432}, role {self.user or '(default)'}"


def db_server_from_env() -> DbServer | None:
    """The server named by ODOO_DB_HOST (and friends), or None."""
    host = os.environ.get("ODOO_DB_HOST")
    if not host:
        return None
    port = os.environ.get("ODOO_DB_PORT")
    return DbServer(host=host, port=int(port) if port else None,
                    user=os.environ.get("ODOO_DB_USER") or None,
                    password=os.environ.get("ODOO_DB_PASSWORD") or None)


def _version_key(path: Path) -> tuple:
    return tuple(int(part) if part.isdigit() else -1 for part in re.split(r"[.]", path.parent.name))


def find_pg_bindir() -> Path:
    """Directory with initdb and pg_ctl: ``pg_config --bindir``, else the highest
    /usr/lib/postgresql/*/bin, else the PATH."""
    candidates = []
    if shutil.which("pg_config"):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            bindir = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True,
                                    check=True, timeout=30).stdout.strip()
            candidates.append(Path(bindir))
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
    if shutil.which("initdb"):
        candidates.append(Path(shutil.which("initdb")).parent)
    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return bindir
    raise PostgresNotFound(
        "no PostgreSQL server binaries (initdb, pg_ctl) found via pg_config --bindir, "
        "/usr/lib/postgresql/*/bin or the PATH, and ODOO_DB_HOST is not set; install the "
        "PostgreSQL server package or point ODOO_DB_HOST at a server")


def free_port(start: int | None = None, tries: int = 100) -> int:
    """``start`` or the first free port after it on 127.0.0.1; any free port
    when ``start`` is None."""
    ports = range(start, start + tries) if start else [0]
    for port in ports:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise HarnessError(f"no free TCP port on 127.0.0.1 in {start}-{start + tries - 1}")


def _postgres_os_user() -> tuple[str, int, int] | None:
    """PostgreSQL refuses to run as root: the system user to run it as."""
    if os.geteuid() != 0:
        return None
    import pwd  # noqa: PLC0415 (POSIX only)
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            entry = pwd.getpwnam(name)
            return name, entry.pw_uid, entry.pw_gid
    raise HarnessError("running as root and no 'postgres' system user to run PostgreSQL as")


def _as_user(user: str | None, command: list[str]) -> list[str]:
    if not user:
        return command
    if shutil.which("runuser"):
        return ["runuser", "-u", user, "--", *command]
    return ["su", "-s", "/bin/sh", user, "-c", shlex.join(command)]


def _scratch_parent(for_other_user: bool) -> str:
    """Where to create the cluster directory: the temp dir, or /tmp when that
    path is long (unix socket paths are limited to ~100 bytes) or, as root,
    not reachable by the postgres user."""
    base = tempfile.gettempdir()
    if len(base) > 60:
        return "/tmp"
    if for_other_user:
        path = Path(base)
        for parent in [path, *path.parents]:
            if not os.stat(parent).st_mode & 0o001:
                return "/tmp"
    return base


@contextlib.contextmanager
def throwaway_cluster(bindir: Path | None = None):
    """Start a private PostgreSQL cluster, yield its DbServer, then stop it and
    delete its directory (also on errors and Ctrl-C)."""
    bindir = bindir or find_pg_bindir()
    owner = _postgres_os_user()
    user = owner[0] if owner else None
    base = Path(tempfile.mkdtemp(prefix="dunning-pg-", dir=_scratch_parent(bool(owner))))
    datadir = base / "data"
    env = {name: value for name, value in os.environ.items() if not name.startswith("PG")}
    env["LC_ALL"] = "C"

    def pg(*command, check=True):
        # own session: a Ctrl-C in the terminal must not stop the server before Odoo
        done = subprocess.run(_as_user(user, [str(part) for part in command]), cwd=base, env=env,
                              capture_output=True, text=True, start_new_session=True, timeout=300,
                              check=False)
        if check and done.returncode != 0:
            log = base / "postgres.log"
            tail = log.read_text(errors="replace")[-2000:] if log.is_file() else ""
            raise HarnessError(f"{Path(command[0]).name} failed ({done.returncode}):\n"
                               f"{done.stdout}{done.stderr}{tail}")
        return done

    try:
        os.chmod(base, 0o755)  # traversable: the socket lives here
        if owner:
            os.chown(base, owner[1], owner[2])
        port = free_port()
        say(f"starting a throwaway PostgreSQL cluster ({bindir}) in {base}")
        pg(bindir / "initdb", "-D", datadir, "-U", DB_USER, "-A", "trust", "-E", "UTF8",
           "--locale=C", "--no-sync")
        with open(datadir / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(
                "\n# throwaway cluster of tools/odoo_harness.py\n"
                "listen_addresses = ''\n"
                f"port = {port}\n"
                f"unix_socket_directories = '{base}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            )
        pg(bindir / "pg_ctl", "-D", datadir, "-l", base / "postgres.log", "-w", "-t", "120", "start")
        yield DbServer(host=str(base), port=port, user=DB_USER, throwaway=True)
    finally:
        with _signals_ignored():
            if (datadir / "postmaster.pid").exists():
                stopped = pg(bindir / "pg_ctl", "-D", datadir, "-m", "fast", "-w", "-t", "60",
                             "stop", check=False)
                if stopped.returncode != 0:
                    pg(bindir / "pg_ctl", "-D", datadir, "-m", "immediate", "-w", "stop", check=False)
            shutil.rmtree(base, ignore_errors=True)
            say(f"throwaway PostgreSQL cluster stopped and {base} removed")


@contextlib.contextmanager
def _signals_ignored():
    """Let clean-up finish when Ctrl-C is pressed again (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


# ---------------------------------------------------------------- running Odoo

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


def odoo_command(odoo: Odoo, server: DbServer, *, db: str, scratch: Path, http_port: int,
                 demo: bool, test_tags: str | None = None, stop_after_init: bool = True,
                 modules: tuple[str, ...] | None = None) -> list[str]:
    modules = modules or MODULES
    command = [
        odoo.python, "-m", "odoo",
        "--config", str(scratch / "odoo.conf"),
        "--data-dir", str(scratch / "data"),
        "--addons-path", ",".join(str(path) for path in odoo.addons_path),
        *server.odoo_args(),
        "--database", db, "--db-filter", f"^{re.escape(db)}$",
        "--init", ",".join(modules),
        "--http-interface", "127.0.0.1", "--http-port", str(http_port),
        "--log-level", "info",
    ]
    if not demo:
        command.append("--without-demo=all")
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


def run_odoo(command: list[str], *, env: dict[str, str], cwd: Path, log_path: Path | None = None,
             timeout: float | None = None) -> int:
    """Run Odoo and return its exit code. Output goes to ``log_path`` (else to
    our terminal). Odoo gets its own session: on Ctrl-C or timeout we send it
    one SIGINT (its graceful shutdown), then SIGTERM, then SIGKILL."""
    say("running: " + shlex.join(command))
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(open(log_path, "wb")) if log_path else None
        process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                   stdout=out, stderr=subprocess.STDOUT if out else None,
                                   start_new_session=True)
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            stop_process(process)
            raise HarnessError(f"Odoo did not finish within {timeout:.0f} s; stopped it") from None
        except BaseException:
            stop_process(process)
            raise


def stop_process(process: subprocess.Popen) -> None:
    with _signals_ignored():
        for sig, grace in ((signal.SIGINT, 60), (signal.SIGTERM, 15), (signal.SIGKILL, 15)):
            if process.poll() is not None:
                return
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=grace)


def drop_database(odoo: Odoo, server: DbServer, db: str, scratch: Path) -> None:
    """Drop ``db`` and its filestore with Odoo's own ``db drop`` command."""
    command = [odoo.python, "-m", "odoo", "db", "--config", str(scratch / "odoo.conf"),
               "--data-dir", str(scratch / "data"), *server.odoo_args(), "drop", db]
    done = subprocess.run(command, cwd=scratch, env=server.env(), capture_output=True, text=True,
                          timeout=300, check=False)
    if done.returncode == 0:
        say(f"dropped database {db}")
    else:
        say(f"could not drop database {db} ({done.returncode}): {(done.stdout + done.stderr)[-500:]}")


# ----------------------------------------------------------------- reading logs

@dataclasses.dataclass(frozen=True)
class TestSummary:
    tests: int
    failed: int
    errors: int
    db: str

    def __str__(self):
        return f"{self.tests} tests run, {self.failed} failed, {self.errors} error(s)"


def parse_test_summary(log: str) -> TestSummary | None:
    """The last ``odoo.tests.result: F failed, E error(s) of T tests when loading
    database 'db'`` line of an Odoo log, or None."""
    matches = list(TEST_SUMMARY.finditer(log))
    if not matches:
        return None
    found = matches[-1]
    return TestSummary(tests=int(found["tests"]), failed=int(found["failed"]),
                       errors=int(found["errors"]), db=found["db"])


def error_records(log: str, limit: int = 10, tail: int = 25) -> tuple[int, list[str]]:
    """(number of ERROR/CRITICAL records, the first ``limit`` of them, each with
    the last ``tail`` lines of its traceback, where the error itself is)."""
    count, records, current = 0, [], None
    for line in log.splitlines():
        record = LOG_RECORD.match(line)
        if record:
            current = None
            if record["level"] in BAD_LEVELS:
                count += 1
                if len(records) < limit:
                    current = [line]
                    records.append(current)
        elif current is not None:
            current.append(line)
    texts = []
    for first, *rest in records:
        if len(rest) > tail:
            rest = [f"  [... {len(rest) - tail} lines, see the log ...]", *rest[-tail:]]
        texts.append("\n".join([first, *rest]).rstrip())
    return count, texts


def module_installed(log: str, module: str) -> bool:
    """odoo/modules/loading.py logs "Loading module X (i/n)" at INFO for each
    module it installs."""
    return re.search(rf" Loading module {re.escape(module)} \(\d+/\d+\)", log) is not None


# ------------------------------------------------------------------ test runs

@dataclasses.dataclass
class InstallResult:
    db: str
    returncode: int | None
    log_path: Path
    summary: TestSummary | None
    problems: list[str]
    with_tests: bool = True

    def report(self) -> str:
        if not self.with_tests:
            counts = "install only"
        else:
            counts = f"Odoo tests: {self.summary or 'no summary line'}"
        lines = [f"{counts}; exit code {self.returncode}; full log: {self.log_path}"]
        lines += [f"PROBLEM: {problem}" for problem in self.problems]
        return "\n".join(lines)


def install_and_check(odoo: Odoo, server: DbServer, *, kind: str, demo: bool,
                      test_tags: str | None, timeout: float = RUN_TIMEOUT) -> InstallResult:
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
    say(f"{kind}: installing {', '.join(MODULES)} on new database {db} "
        f"({'with' if demo else 'without'} demo data) on the {server.describe()}; log: {log_path}")
    with scratch_dir("dunning-odoo-") as scratch:
        try:
            if demo:
                create_french_database(odoo, server, db, scratch,
                                       log_path=log_path.with_suffix(".create.log"))
            command = odoo_command(odoo, server, db=db, scratch=scratch, http_port=free_port(),
                                   demo=demo, test_tags=test_tags)
            returncode = run_odoo(command, env=server.env(), cwd=scratch, log_path=log_path,
                                  timeout=timeout)
        except HarnessError as exc:
            problems.append(str(exc))
        finally:
            with _signals_ignored():
                drop_database(odoo, server, db, scratch)
    log = log_path.read_text(encoding="utf-8", errors="replace")
    if returncode not in (0, None):
        problems.append(f"Odoo exited with code {returncode}")
    count, records = error_records(log)
    if count:
        problems.append(f"{count} ERROR/CRITICAL log record(s), the first ones:\n" + "\n".join(records))
    failed_demo = re.findall(r"Module (\S+) demo data failed to install", log)
    if failed_demo:
        problems.append(f"the demo data of {', '.join(failed_demo)} failed to install")
    for module in MODULES:
        if not module_installed(log, module):
            problems.append(f"the log shows no 'Loading module {module}': it was not installed")
    summary = parse_test_summary(log) if test_tags else None
    if test_tags:
        if summary is None:
            problems.append("no 'odoo.tests.result: ... tests when loading database' summary line")
        else:
            if summary.tests == 0:
                problems.append(f"0 tests ran for --test-tags {test_tags}")
            if summary.failed or summary.errors:
                problems.append(f"{summary.failed} test(s) failed, {summary.errors} error(s)")
    if not problems:
        say(f"{kind}: OK" + (f" ({summary})" if summary else ""))
    return InstallResult(db, returncode, log_path, summary, problems, bool(test_tags))


# ----------------------------------------------------------------------- demo

def _announce_when_ready(url: str, process_done: threading.Event) -> None:
    """Print the banner once /web/login answers 200 (Odoo serves HTTP while it
    installs; the first request waits until the database is ready)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    while not process_done.is_set():
        try:
            with opener.open(url, timeout=RUN_TIMEOUT) as response:
                if response.status == 200:
                    _banner(url, ready=True)
                    return
        except (urllib.error.URLError, OSError):
            pass
        process_done.wait(2)


def _banner(url: str, ready: bool) -> None:
    state = "Odoo is ready" if ready else "Odoo is starting (installing takes a few minutes)"
    print(f"\n{'=' * 72}\n  {state}: {url}\n  login: admin   password: admin\n"
          f"  Ctrl-C stops it and removes the throwaway database.\n{'=' * 72}\n", flush=True)


# Odoo's own database creation (what its database manager does): the main
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
    cr.execute("SELECT c.chart_template FROM res_company c JOIN res_partner p ON p.id = c.partner_id"
               " JOIN res_country k ON k.id = p.country_id WHERE c.id = 1 AND k.code = 'FR'")
    row = cr.fetchone()
    sys.exit(0 if row and row[0] == "fr" else 1)
"""


def create_french_database(odoo: Odoo, server: DbServer, db: str, scratch: Path,
                           log_path: Path | None = None) -> None:
    """Create ``db`` with demo data, French as language and a main company in
    France (EUR) keeping its accounts in the French chart."""
    say(f"creating database {db}: French language, main company in France")
    command = [odoo.python, "-c", FRENCH_DATABASE, db,
               "--config", str(scratch / "odoo.conf"), "--data-dir", str(scratch / "data"),
               "--addons-path", ",".join(str(path) for path in odoo.addons_path),
               *server.odoo_args(), "--log-level", "warn"]
    if run_odoo(command, env=server.env(), cwd=scratch, log_path=log_path) != 0:
        raise HarnessError(f"could not create the French database {db} "
                           f"(Odoo's log: {log_path or 'above'})")


def run_demo(port: int | None = None) -> int:
    """``./dev demo``: Odoo 18 with the French demo data on a throwaway database
    until Ctrl-C; returns the exit code."""
    try:
        odoo = find_odoo()
    except OdooNotFound as exc:
        say(str(exc))
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
            command = odoo_command(odoo, server, db=db, scratch=scratch, http_port=http_port,
                                   demo=True, stop_after_init=False)
            say(f"database {db} on the {server.describe()}")
            _banner(url, ready=False)
            done = threading.Event()
            watcher = threading.Thread(target=_announce_when_ready, args=(url, done), daemon=True)
            watcher.start()
            try:
                returncode = run_odoo(command, env=server.env(), cwd=scratch)
                say(f"Odoo exited with code {returncode}")
            except KeyboardInterrupt:
                say("interrupted: Odoo stopped, cleaning up")
            finally:
                done.set()
                if not server.throwaway:
                    with _signals_ignored():
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
