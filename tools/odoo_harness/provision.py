"""Set up Odoo 18 from ``ODOO_SOURCE`` in a cache outside the repository.

``ODOO_SOURCE`` is a source directory (a git checkout of branch 18.0, an
unpacked archive), a ``.tar.gz`` of one (such as Odoo S.A.'s nightly source
archive), or an ``https://`` URL of such an archive. Setting up means:
download (URL) and unpack (archive) once, check that it is Odoo 18.0, create a
virtualenv, install Odoo's ``requirements.txt`` from PyPI with the
substitutions that need no compiler, plus what Odoo's tests and the addon
need, and make the source importable there. Everything lives under
``$XDG_CACHE_HOME/account_dunning_fr`` (default ``~/.cache``), keyed on the
source's content and its requirements: a changed source sets up again, an
unchanged one is reused at once.
"""

from __future__ import annotations

import ast
import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from .common import ADDON, REPO_ROOT, HarnessError, say

# requirement name -> replacement line (None: left out), applied to Odoo's
# requirements.txt; each avoids a compiler and system headers:
SUBSTITUTIONS = {
    "psycopg2": lambda line: re.sub(r"^psycopg2\b", "psycopg2-binary", line),
    # 5.4.2 has no wheel for recent Pythons; 5.6.2 is what Odoo pins for 3.12
    "cbor2": lambda line: re.sub(r"==5\.4\.2\b", "==5.6.2", line),
    # only for the auth_ldap module, and it needs the OpenLDAP headers
    "python-ldap": lambda line: None,
}
# Not in Odoo's requirements.txt: the French localisation installs the Peppol
# module, which imports phonenumbers; tours drive Chromium through websocket-client.
EXTRA_REQUIREMENTS = ("phonenumbers", "websocket-client")
MANIFEST = REPO_ROOT / ADDON / "__manifest__.py"
SUPPORTED_PYTHONS = ((3, 10), (3, 11), (3, 12))
# Bumped when what is done to an unpacked archive changes: unpack again.
UNPACK_RECIPE = "2: placeholders for absent test assets"
PLACEHOLDERS = {
    ".js": "/* {path}: absent from this Odoo source archive */\n",
    ".xml": '<?xml version="1.0"?>\n'
    "<!-- {path}: absent from this Odoo source archive -->\n<templates/>\n",
    ".scss": "/* {path}: absent from this Odoo source archive */\n",
    ".css": "/* {path}: absent from this Odoo source archive */\n",
}


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "account_dunning_fr"


def provision(source: str) -> Path:
    """The Python of a virtualenv that imports the Odoo 18 of ``source``
    (set up now, or reused from the cache)."""
    _check_python()
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    with _locked(root / ".lock"):
        tree = source_tree(source, root)
        requirements = requirements_for(tree)
        key = _digest(str(tree), requirements, sys.version)
        venv = root / f"venv-{key[:16]}"
        python = venv / "bin" / "python"
        if (venv / "ready").is_file():
            say(f"Odoo {release_version(tree)} from {tree}: reusing {venv}")
            return python
        shutil.rmtree(venv, ignore_errors=True)
        python_version = sys.version.split()[0]
        say(f"creating the virtualenv {venv} ({sys.executable}, {python_version})")
        _run(
            [sys.executable, "-m", "venv", str(venv)],
            "could not create a virtualenv; on "
            "Debian/Ubuntu install the python3-venv package",
        )
        _pip_install(python, requirements, venv)
        site = subprocess.run(
            [
                str(python),
                "-c",
                "import sysconfig; print(sysconfig.get_path('purelib'))",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        # the source tree itself is the ``odoo`` package's home, as in a checkout
        Path(site, "odoo-source.pth").write_text(f"{tree}\n", encoding="utf-8")
        (venv / "ready").write_text(f"{source}\n{tree}\n", encoding="utf-8")
        say(f"Odoo {release_version(tree)} ready: {python}")
        return python


def _check_python() -> None:
    if sys.version_info[:2] not in SUPPORTED_PYTHONS:
        raise HarnessError(
            f"Odoo 18 runs on Python 3.10 to 3.12, and {sys.executable} is "
            f"{sys.version.split()[0]}: run ./dev with one of those "
            f"(e.g. python3.12 ./dev test)"
        )


@contextlib.contextmanager
def _locked(path: Path):
    """One set-up at a time per cache (two test runs may start together)."""
    with open(path, "w", encoding="utf-8") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"another run is setting Odoo up in {path.parent}: waiting for it")
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _digest(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ------------------------------------------------------------------- the source


def source_tree(source: str, root: Path) -> Path:
    """The Odoo 18 source directory of ``source`` (a directory, or an archive
    or URL unpacked once under ``root``)."""
    if source.startswith("https://"):
        archive = _download(source, root / "downloads")
    elif source.startswith(("http://", "ftp://", "file://")):
        raise HarnessError(
            f"ODOO_SOURCE={source}: give a directory, a .tar.gz or an https:// URL"
        )
    else:
        path = Path(source).expanduser().resolve()
        if path.is_dir():
            return _checked(_odoo_dir_in(path, source), source)
        if not path.is_file():
            raise HarnessError(f"ODOO_SOURCE={source}: no such file or directory")
        archive = path
    unpacked = root / f"src-{_digest(_file_digest(archive), UNPACK_RECIPE)[:16]}"
    if not (unpacked / ".unpacked").is_file():
        shutil.rmtree(unpacked, ignore_errors=True)
        say(f"unpacking {archive} into {unpacked}")
        _unpack(archive, unpacked, source)
        tree = _checked(_odoo_dir_in(unpacked, source), source)
        _fill_absent_test_assets(tree)
        (unpacked / ".unpacked").write_text(f"{source}\n", encoding="utf-8")
    return _checked(_odoo_dir_in(unpacked, source), source)


def _download(url: str, downloads: Path) -> Path:
    """``url`` downloaded once; downloaded again when the server announces
    another version of it (ETag, Last-Modified or size)."""
    downloads.mkdir(parents=True, exist_ok=True)
    opener = urllib.request.build_opener()
    version = ""
    with contextlib.suppress(urllib.error.URLError, OSError):
        with opener.open(
            urllib.request.Request(url, method="HEAD"), timeout=60
        ) as answer:
            version = "|".join(
                answer.headers.get(name, "")
                for name in ("ETag", "Last-Modified", "Content-Length")
            )
    target = downloads / f"{_digest(url, version)[:16]}.tar.gz"
    if target.is_file():
        return target
    say(f"downloading {url}")
    partial = target.with_suffix(".part")
    try:
        with opener.open(url, timeout=300) as answer, open(partial, "wb") as out:
            shutil.copyfileobj(answer, out, 1 << 20)
    except (urllib.error.URLError, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise HarnessError(
            f"could not download ODOO_SOURCE={url}: {exc}; check the network, or "
            f"download the archive yourself and set ODOO_SOURCE to its path"
        ) from exc
    partial.rename(target)
    return target


def _unpack(archive: Path, target: Path, source: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".unpacking-", dir=target.parent))
    try:
        with tarfile.open(archive) as tar:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(work, filter="data")
            else:  # Python before 3.10.12 / 3.11.4
                tar.extractall(work)  # noqa: S202 (the user's own Odoo archive)
        work.rename(target)
    except (tarfile.TarError, OSError) as exc:
        raise HarnessError(
            f"ODOO_SOURCE={source} is not a readable .tar.gz archive: {exc}"
        ) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _fill_absent_test_assets(tree: Path) -> None:
    """Archives made for tests may leave out the JavaScript unit tests
    (``<module>/static/tests``) that Odoo's manifests still name in their asset
    bundles; compiling such a bundle, as Odoo does before HTTP tests and tours,
    then fails ("File(s) ... not found in bundle"). Write an empty placeholder
    for each named file that is absent: Odoo's own JS unit tests are not run
    here, and our tours need none of them."""
    addons_dirs = [tree / "addons", tree / "odoo" / "addons"]
    absent = set()
    for directory in addons_dirs:
        for manifest_path in directory.glob("*/__manifest__.py"):
            manifest = ast.literal_eval(manifest_path.read_text(encoding="utf-8"))
            for entries in manifest.get("assets", {}).values():
                for entry in entries:
                    for path in entry if isinstance(entry, list | tuple) else [entry]:
                        if (
                            "/static/tests/" in path
                            and not re.search(r"[*?\[]", path)
                            and Path(path).suffix in PLACEHOLDERS
                            and not any((home / path).exists() for home in addons_dirs)
                        ):
                            absent.add(path)
    for path in sorted(absent):
        module_dir = next(
            (home for home in addons_dirs if (home / path.split("/")[0]).is_dir()), None
        )
        if module_dir is not None:
            target = module_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                PLACEHOLDERS[target.suffix].format(path=path), encoding="utf-8"
            )
    if absent:
        say(
            f"{len(absent)} test asset(s) named by Odoo's manifests are absent from "
            f"this archive: empty placeholders written"
        )


def _odoo_dir_in(path: Path, source: str) -> Path:
    """``path`` or its single sub-directory holding odoo/release.py."""
    for candidate in (
        path,
        *sorted(child for child in path.iterdir() if child.is_dir()),
    ):
        if (candidate / "odoo" / "release.py").is_file():
            return candidate
    raise HarnessError(
        f"ODOO_SOURCE={source} is not an Odoo source: no odoo/release.py in it "
        f"(nor in a directory just below)"
    )


def release_version(tree: Path) -> str:
    text = (tree / "odoo" / "release.py").read_text(encoding="utf-8")
    found = re.search(
        r"^version_info\s*=\s*\(\s*(?:['\"]saas~)?(\d+)['\"]?\s*,\s*(\d+)", text, re.M
    )
    return f"{found[1]}.{found[2]}" if found else "(unknown version)"


def _checked(tree: Path, source: str) -> Path:
    version = release_version(tree)
    if version != "18.0":
        raise HarnessError(
            f"ODOO_SOURCE={source} is Odoo {version}, not 18.0 (its "
            f"odoo/release.py); point ODOO_SOURCE at an Odoo 18.0 source"
        )
    if not (tree / "requirements.txt").is_file():
        raise HarnessError(
            f"ODOO_SOURCE={source} has no requirements.txt next to odoo/"
        )
    return tree


# ------------------------------------------------------------------ requirements


def requirements_for(tree: Path) -> str:
    """Odoo's requirements.txt with SUBSTITUTIONS applied, then the extras and
    the Python packages the addon's manifest declares (``external_dependencies``)."""
    lines = []
    for line in (tree / "requirements.txt").read_text(encoding="utf-8").splitlines():
        name = re.match(r"\s*([A-Za-z0-9_.-]+)", line)
        rule = SUBSTITUTIONS.get(name[1].lower()) if name else None
        replaced = rule(line) if rule else line
        if replaced is not None:
            lines.append(replaced)
    lines += EXTRA_REQUIREMENTS
    manifest = ast.literal_eval(MANIFEST.read_text(encoding="utf-8"))
    lines += manifest.get("external_dependencies", {}).get("python", [])
    return "\n".join(lines) + "\n"


def _pip_install(python: Path, requirements: str, venv: Path) -> None:
    listed = {
        re.match(r"[A-Za-z0-9_.-]+", line)[0].lower()
        for line in requirements.splitlines()
        if re.match(r"[A-Za-z0-9]", line)
    }
    path = venv / "requirements.txt"
    path.write_text(requirements, encoding="utf-8")
    say(
        f"installing {len(listed)} packages from PyPI into {venv} (Odoo's "
        f"requirements.txt with psycopg2-binary and cbor2 5.6.2, without python-ldap, "
        f"+ {', '.join(EXTRA_REQUIREMENTS)}); about a minute"
    )
    log = venv / "pip.log"
    command = [
        str(python),
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--no-input",
        "--progress-bar",
        "off",
        "-r",
        str(path),
    ]
    with open(log, "w", encoding="utf-8") as out:
        done = subprocess.run(
            command, stdout=out, stderr=subprocess.STDOUT, check=False
        )
    if done.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        network = any(
            re.search(
                r"(?i)(connection|resolve|network|timed out|no matching distribution)",
                line,
            )
            for line in tail
        )
        hint = (
            "PyPI could not be reached: check the network or the proxy "
            "(pip's HTTPS_PROXY, PIP_INDEX_URL)"
            if network
            else "see the log"
        )
        raise HarnessError(
            f"pip could not install Odoo's requirements (exit {done.returncode}); "
            f"{hint}; log: {log}\n" + "\n".join(tail)
        )
    say(f"installed ({log})")


def _run(command: list[str], advice: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise HarnessError(f"{advice}:\n{done.stdout}{done.stderr}")
