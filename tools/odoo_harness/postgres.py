"""The PostgreSQL server Odoo runs on: ``ODOO_DB_HOST`` (+ ``ODOO_DB_PORT``,
``ODOO_DB_USER``, ``ODOO_DB_PASSWORD``), or a throwaway cluster listening on a
unix socket in a temporary directory, stopped and removed afterwards.

pytest-postgresql's ``postgresql_proc`` does the same for a test session but
runs ``initdb`` as the current user, which PostgreSQL refuses for root (CI
runs as root), and it needs psycopg 3 in the interpreter running pytest; this
module runs the server binaries as the ``postgres`` system user instead.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

from .common import HarnessError, say, signals_ignored

DB_USER = "odoo"  # Odoo refuses to run as the ``postgres`` role


class PostgresNotFound(HarnessError):
    """No PostgreSQL server binaries to start a throwaway cluster."""


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
        where = f"{self.host or '(libpq default)'}:{self.port or 5432}"
        return f"{kind} at {where}, role {self.user or '(default)'}"


def db_server_from_env() -> DbServer | None:
    """The server named by ODOO_DB_HOST (and friends), or None."""
    host = os.environ.get("ODOO_DB_HOST")
    if not host:
        return None
    port = os.environ.get("ODOO_DB_PORT")
    return DbServer(
        host=host,
        port=int(port) if port else None,
        user=os.environ.get("ODOO_DB_USER") or None,
        password=os.environ.get("ODOO_DB_PASSWORD") or None,
    )


def _version_key(path: Path) -> tuple:
    return tuple(
        int(part) if part.isdigit() else -1
        for part in re.split(r"[.]", path.parent.name)
    )


def find_pg_bindir() -> Path:
    """Directory with initdb and pg_ctl: ``pg_config --bindir``, else the highest
    /usr/lib/postgresql/*/bin, else the PATH."""
    candidates = []
    if shutil.which("pg_config"):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            bindir = subprocess.run(
                ["pg_config", "--bindir"],
                capture_output=True,
                text=True,
                check=True,
                timeout=30,
            ).stdout.strip()
            candidates.append(Path(bindir))
    candidates += sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True
    )
    if shutil.which("initdb"):
        candidates.append(Path(shutil.which("initdb")).parent)
    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return bindir
    raise PostgresNotFound(
        "no PostgreSQL server binaries (initdb, pg_ctl) found via pg_config --bindir, "
        "/usr/lib/postgresql/*/bin or the PATH, and ODOO_DB_HOST is not set; install "
        "the PostgreSQL server package or point ODOO_DB_HOST at a server"
    )


# ports handed out by free_port: the Odoo runs started at once (the shards of
# the suite, the demo install) must not be given the same one
_HANDED_OUT: set[int] = set()
_HANDING_OUT = threading.Lock()


def free_port(start: int | None = None, tries: int = 100) -> int:
    """``start`` or the first free port after it on 127.0.0.1; any free port
    when ``start`` is None; never one this process handed out before."""
    ports = range(start, start + tries) if start else [0] * tries
    with _HANDING_OUT:
        for port in ports:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
                try:
                    sock.bind(("127.0.0.1", port))
                except OSError:
                    continue
                found = sock.getsockname()[1]
            if found not in _HANDED_OUT:
                _HANDED_OUT.add(found)
                return found
    where = f" in {start}-{start + tries - 1}" if start else ""
    raise HarnessError(f"no free TCP port on 127.0.0.1{where}")


def _postgres_os_user() -> tuple[str, int, int] | None:
    """PostgreSQL refuses to run as root: the system user to run it as."""
    if os.geteuid() != 0:
        return None
    import pwd  # noqa: PLC0415 (POSIX only)

    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            entry = pwd.getpwnam(name)
            return name, entry.pw_uid, entry.pw_gid
    raise HarnessError(
        "running as root and no 'postgres' system user to run PostgreSQL as"
    )


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
    base = Path(
        tempfile.mkdtemp(prefix="dunning-pg-", dir=_scratch_parent(bool(owner)))
    )
    datadir = base / "data"
    env = {
        name: value for name, value in os.environ.items() if not name.startswith("PG")
    }
    env["LC_ALL"] = "C"

    def pg(*command, check=True):
        # own session: a Ctrl-C in the terminal must not stop the server before Odoo
        done = subprocess.run(
            _as_user(user, [str(part) for part in command]),
            cwd=base,
            env=env,
            capture_output=True,
            text=True,
            start_new_session=True,
            timeout=300,
            check=False,
        )
        if check and done.returncode != 0:
            log = base / "postgres.log"
            tail = log.read_text(errors="replace")[-2000:] if log.is_file() else ""
            raise HarnessError(
                f"{Path(command[0]).name} failed ({done.returncode}):\n"
                f"{done.stdout}{done.stderr}{tail}"
            )
        return done

    try:
        os.chmod(base, 0o755)  # traversable: the socket lives here
        if owner:
            os.chown(base, owner[1], owner[2])
        port = free_port()
        say(f"starting a throwaway PostgreSQL cluster ({bindir}) in {base}")
        pg(
            bindir / "initdb",
            "-D",
            datadir,
            "-U",
            DB_USER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        with open(datadir / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(
                "\n# throwaway cluster of tools/odoo_harness.py\n"
                "listen_addresses = ''\n"
                f"port = {port}\n"
                f"unix_socket_directories = '{base}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            )
        pg(
            bindir / "pg_ctl",
            "-D",
            datadir,
            "-l",
            base / "postgres.log",
            "-w",
            "-t",
            "120",
            "start",
        )
        yield DbServer(host=str(base), port=port, user=DB_USER, throwaway=True)
    finally:
        with signals_ignored():
            if (datadir / "postmaster.pid").exists():
                stopped = pg(
                    bindir / "pg_ctl",
                    "-D",
                    datadir,
                    "-m",
                    "fast",
                    "-w",
                    "-t",
                    "60",
                    "stop",
                    check=False,
                )
                if stopped.returncode != 0:
                    pg(
                        bindir / "pg_ctl",
                        "-D",
                        datadir,
                        "-m",
                        "immediate",
                        "-w",
                        "stop",
                        check=False,
                    )
            shutil.rmtree(base, ignore_errors=True)
            say(f"throwaway PostgreSQL cluster stopped and {base} removed")
