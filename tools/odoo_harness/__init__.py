"""Run Odoo 18 with account_dunning_fr: shared by ``./dev demo`` and the pytest suite.

Plain Python 3.10+ standard library, one module per concern:

- ``locate``: which Odoo 18 (importable, ``ODOO_PYTHON``, else ``provision``);
- ``provision``: an Odoo 18 set up from ``ODOO_SOURCE`` in a cache outside the repo;
- ``postgres``: the database server (``ODOO_DB_HOST`` or a throwaway cluster);
- ``process``: Odoo's command line, its process, its databases;
- ``logs``: reading Odoo's log;
- ``suite``: one checked install (with or without the addon's tests) for pytest,
  and the addon's tests run as shards at once;
- ``shards``: how the addon's tests are split into those shards;
- ``demo``: ``./dev demo``;
- ``wkhtmltopdf``: a wkhtmltopdf with patched Qt when the system's is not.
"""

from .common import ADDON, LOG_DIR, MODULES, HarnessError, phase, say
from .demo import run_demo
from .logs import tests_started_and_skipped
from .locate import Odoo, OdooNotFound, find_odoo, odoo_to_run
from .postgres import (
    DbServer,
    PostgresNotFound,
    db_server_from_env,
    find_pg_bindir,
    throwaway_cluster,
)
from .shards import shard_count, shard_tags, test_files
from .suite import InstallResult, ShardedResult, install_and_check, run_test_shards

__all__ = [
    "ADDON",
    "LOG_DIR",
    "MODULES",
    "DbServer",
    "HarnessError",
    "InstallResult",
    "Odoo",
    "OdooNotFound",
    "PostgresNotFound",
    "ShardedResult",
    "db_server_from_env",
    "find_odoo",
    "find_pg_bindir",
    "install_and_check",
    "odoo_to_run",
    "phase",
    "run_demo",
    "run_test_shards",
    "say",
    "shard_count",
    "shard_tags",
    "test_files",
    "tests_started_and_skipped",
    "throwaway_cluster",
]
