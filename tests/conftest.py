"""Make the addon's plain-Python rules importable without Odoo.

``account_dunning_fr/__init__.py`` imports the Odoo models, so pytest must not
execute it. A bare package object pointing at the addon folder lets the tests
import ``account_dunning_fr.lib.<module>`` exactly as the addon itself does
(relative imports inside ``lib`` only), with or without Odoo installed.
"""

import sys
import types
from pathlib import Path

ADDON_DIR = Path(__file__).resolve().parent.parent / "account_dunning_fr"

if "account_dunning_fr" not in sys.modules:
    package = types.ModuleType("account_dunning_fr")
    package.__path__ = [str(ADDON_DIR)]
    sys.modules["account_dunning_fr"] = package
