"""OCA packaging: ``pip wheel ./account_dunning_fr`` builds the
``odoo-addon-account_dunning_fr`` wheel with whool, from the manifest."""

import ast
import email
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDON = ROOT / "account_dunning_fr"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--disable-pip-version-check",
            "-w",
            str(out),
            str(ADDON),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, f"pip wheel failed:\n{done.stdout}\n{done.stderr}"
    wheels = list(out.glob("*.whl"))
    assert len(wheels) == 1, wheels
    return zipfile.ZipFile(wheels[0])


def test_wheel_metadata_comes_from_the_manifest(wheel):
    manifest = ast.literal_eval((ADDON / "__manifest__.py").read_text(encoding="utf-8"))
    name = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    metadata = email.message_from_bytes(wheel.read(name))
    assert metadata["Name"] == "odoo-addon-account_dunning_fr"
    assert metadata["Version"].startswith(manifest["version"])
    assert metadata["Summary"] == manifest["summary"]
    assert metadata["Author"] == manifest["author"]
    assert metadata["License"] == manifest["license"]
    requires = metadata.get_all("Requires-Dist")
    assert "odoo==18.0.*" in requires
    for package in manifest["external_dependencies"]["python"]:
        assert package in requires
    assert "Framework :: Odoo :: 18.0" in metadata.get_all("Classifier")


def test_wheel_holds_every_file_of_the_addon(wheel):
    tracked = subprocess.run(
        ["git", "ls-files", "account_dunning_fr"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    packaged = set(wheel.namelist())
    missing = [
        path
        for path in tracked
        if f"odoo/addons/{path}" not in packaged and not path.endswith("pyproject.toml")
    ]
    assert not missing, f"not in the wheel: {missing}"
    assert "odoo/addons/account_dunning_fr/__manifest__.py" in packaged
