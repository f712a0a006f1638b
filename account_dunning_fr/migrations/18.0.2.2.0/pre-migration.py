"""18.0.2.2.0: the dunning columns of invoices and of their lines lose their
indexes.

The daily run never read through them (it reads its candidates by due date),
and an indexed column written makes PostgreSQL rewrite every index of these
wide tables for the row, where an update of columns without index can be a
"heap-only" one: at 100,000 invoices, 30 s of the run's updates became 12 s.
Odoo keeps an index a field no longer asks for: dropped here.
"""

from odoo.tools import SQL

INDEXES = (
    "account_move__dunning_level_id_index",
    "account_move__dunning_date_next_index",
    "account_move_line__dunning_level_id_index",
    "account_move_line__dunning_date_next_index",
)


def migrate(cr, version):
    if not version:
        return
    for name in INDEXES:
        cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(name)))
