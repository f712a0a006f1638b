"""Copy posted accounting entries in SQL, fast and consistent.

A *bundle* is a few posted entries of one customer made through the ORM: an
invoice, or an invoice and the payment reconciled with part of it, or a
payment on account, or a credit note. :func:`clone_bundles` copies bundles
for other customers, their amounts multiplied by a whole factor and their
dates shifted by a number of days, in a handful of ``INSERT ... SELECT``:
the entries (numbered in their journal's sequence of their year, after the
numbers taken), their lines with their taxes and tax tags, the followers of
the entries, the payments, the invoice-payment links and the partial
reconciliations between entries of the bundle, with the matching numbers
Odoo gives them. Each copy is as balanced and consistent as its template
(residual amounts, payment state); every other column is copied as it is.

A bundle must not hold a full reconciliation (a template paid in full): the
copies would need new ``account.full.reconcile`` records, which this does
not make.
"""

from dataclasses import dataclass
from datetime import timedelta

NOW = "now() at time zone 'utc'"

MOVE_MONEY = (
    "amount_untaxed",
    "amount_tax",
    "amount_total",
    "amount_residual",
    "amount_untaxed_signed",
    "amount_untaxed_in_currency_signed",
    "amount_tax_signed",
    "amount_total_signed",
    "amount_total_in_currency_signed",
    "amount_residual_signed",
    "quick_edit_total_amount",
)
MOVE_DATES = ("date", "invoice_date", "invoice_date_due", "delivery_date")


def _partner(expr):
    """The copy's customer where the template has the template's customer."""
    return f"CASE WHEN {expr} = c.tmpl_partner_id THEN c.partner_id ELSE {expr} END"


# Columns of the copies that are not the template's (``c``: bench_clone, the
# copy of an entry; ``t``: the template entry; ``tl``: the template line;
# ``p``: the copy's customer); money columns are multiplied by the factor,
# date columns shifted, the rest copied.
MOVE_VALUES = {
    "id": "c.new_id",
    "name": "c.name",
    "sequence_prefix": "c.prefix",
    "sequence_number": "c.seqnum",
    "payment_reference": "replace(t.payment_reference, t.name, c.name)",
    "partner_id": _partner("t.partner_id"),
    "commercial_partner_id": _partner("t.commercial_partner_id"),
    "partner_shipping_id": _partner("t.partner_shipping_id"),
    "invoice_partner_display_name": "p.complete_name",
    "origin_payment_id": "NULL",
    "access_token": "NULL",
    "inalterable_hash": "NULL",
    "secure_sequence_number": "NULL",
    "message_main_attachment_id": "NULL",
    "create_date": NOW,
    "write_date": NOW,
}
LINE_MONEY = (
    "debit",
    "credit",
    "balance",
    "amount_currency",
    "tax_base_amount",
    "amount_residual",
    "amount_residual_currency",
    "price_unit",
    "price_subtotal",
    "price_total",
    "discount_amount_currency",
    "discount_balance",
)
LINE_DATES = ("date", "invoice_date", "date_maturity", "discount_date")
LINE_VALUES = {
    "id": "l.new_id",
    "move_id": "c.new_id",
    "move_name": "c.name",
    "name": "replace(tl.name, t.name, c.name)",
    "partner_id": _partner("tl.partner_id"),
    "matching_number": "NULL",
    "full_reconcile_id": "NULL",
    "create_date": NOW,
    "write_date": NOW,
}
LINE_RELATIONS = (
    ("account_move_line_account_tax_rel", "account_move_line_id", "account_tax_id"),
    (
        "account_account_tag_account_move_line_rel",
        "account_move_line_id",
        "account_account_tag_id",
    ),
)
PAYMENT_MONEY = ("amount", "amount_company_currency_signed")
PAYMENT_DATES = ("date",)
PAYMENT_VALUES = {
    "id": "b.new_id",
    "move_id": "c.new_id",
    "name": "c.name",
    "partner_id": _partner("tp.partner_id"),
    "message_main_attachment_id": "NULL",
    "create_date": NOW,
    "write_date": NOW,
}
PARTIAL_MONEY = ("amount", "debit_amount_currency", "credit_amount_currency")
PARTIAL_DATES = ("max_date",)
PARTIAL_VALUES = {
    "id": "b.new_id",
    "debit_move_id": "b.debit_id",
    "credit_move_id": "b.credit_id",
    "create_date": NOW,
    "write_date": NOW,
}


@dataclass(frozen=True)
class Copy:
    """One copy of a bundle (a recordset of template entries of one
    customer) for ``partner_id``, amounts times ``factor``, dates plus
    ``shift`` days."""

    bundle: object
    partner_id: int
    shift: int
    factor: int


def select_list(columns, values, money, dates, alias):
    """``(column list, expression list)`` of an ``INSERT ... SELECT`` that
    copies ``alias``'s row: ``values`` as given, ``money`` times
    ``c.factor``, ``dates`` plus ``c.shift``, the others as they are."""
    exprs = []
    for column in columns:
        if column in values:
            exprs.append(values[column])
        elif column in money:
            exprs.append(f"{alias}.{column} * c.factor")
        elif column in dates:
            exprs.append(f"{alias}.{column} + c.shift")
        else:
            exprs.append(f"{alias}.{column}")
    return ", ".join(f'"{c}"' for c in columns), ", ".join(exprs)


def _columns(cr, table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_name = %s ORDER BY ordinal_position",
        (table,),
    )
    return [row[0] for row in cr.fetchall()]


def _insert_copy(cr, table, spec, source):
    """``INSERT INTO table SELECT <copy of the template row> FROM source``."""
    values, money, dates, alias = spec
    columns, exprs = select_list(_columns(cr, table), values, money, dates, alias)
    cr.execute(f"INSERT INTO {table} ({columns}) SELECT {exprs} FROM {source}")


class _Numbering:
    """Names of the copies in their journal's sequences: the prefix Odoo
    would give an entry of that date, the numbers after those taken."""

    def __init__(self, env):
        self.env = env
        self.prefixes = {}
        self.next = {}

    def prefix(self, move, day):
        key = (move.journal_id, move.move_type, bool(move.origin_payment_id), day)
        if key not in self.prefixes:
            starting = (
                self.env["account.move"]
                .with_context(is_payment=bool(move.origin_payment_id))
                .new(
                    {
                        "journal_id": move.journal_id.id,
                        "date": day,
                        "move_type": move.move_type,
                    }
                )
                ._get_starting_sequence()
            )
            digits = starting.rsplit("/", 1)[-1]
            self.prefixes[key] = (starting[: -len(digits)], len(digits))
        return self.prefixes[key]

    def take(self, journal, prefix):
        if (journal, prefix) not in self.next:
            self.env.cr.execute(
                "SELECT coalesce(max(sequence_number), 0) FROM account_move"
                " WHERE journal_id = %s AND sequence_prefix = %s",
                (journal.id, prefix),
            )
            self.next[journal, prefix] = self.env.cr.fetchone()[0] + 1
        number = self.next[journal, prefix]
        self.next[journal, prefix] += 1
        return number


def _rows(env, copies):
    """The rows of ``bench_clone``: one per entry of each copy, numbered in
    order of date."""
    numbering = _Numbering(env)
    entries = []
    for index, copy in enumerate(copies):
        partner = copy.bundle.commercial_partner_id[:1]
        for move in copy.bundle:
            day = move.date + timedelta(days=copy.shift)
            prefix, width = numbering.prefix(move, day)
            entries.append((day, index, move, partner, copy, prefix, width))
    rows = []
    for _day, index, move, partner, copy, prefix, width in sorted(
        entries, key=lambda entry: (entry[0], entry[1], entry[2].id)
    ):
        number = numbering.take(move.journal_id, prefix)
        rows.append(
            (
                index,
                move.id,
                move.name,
                partner.id,
                copy.partner_id,
                copy.shift,
                copy.factor,
                f"{prefix}{number:0{width}d}",
                prefix,
                number,
            )
        )
    return rows


def clone_bundles(env, copies):
    """Make ``copies`` (a list of :class:`Copy`) in SQL; returns, for each,
    the ids of its entries in the order of its bundle's."""
    if not copies:
        return []
    templates = env["account.move"].union(*(copy.bundle for copy in copies))
    if templates.line_ids.full_reconcile_id:
        raise ValueError("A template bundle holds a full reconciliation.")
    env.flush_all()
    rows = _rows(env, copies)
    cr = env.cr
    cr.execute(
        "CREATE TEMP TABLE bench_clone (new_id int, req int, tmpl_id int,"
        " tmpl_name varchar, tmpl_partner_id int, partner_id int, shift int,"
        " factor numeric, name varchar, prefix varchar, seqnum int) ON COMMIT DROP"
    )
    cr.execute(
        "INSERT INTO bench_clone SELECT nextval('account_move_id_seq'), * FROM"
        " unnest(%s::int[], %s::int[], %s::varchar[], %s::int[], %s::int[],"
        " %s::int[], %s::numeric[], %s::varchar[], %s::varchar[], %s::int[])",
        [list(column) for column in zip(*rows, strict=True)],
    )
    _insert_copy(
        cr,
        "account_move",
        (MOVE_VALUES, MOVE_MONEY, MOVE_DATES, "t"),
        "bench_clone c JOIN account_move t ON t.id = c.tmpl_id"
        " JOIN res_partner p ON p.id = c.partner_id",
    )
    _clone_lines(cr)
    _clone_followers(cr)
    _clone_payments(cr)
    _clone_partials(cr)
    ids = [[] for _copy in copies]
    order = {
        (index, move.id): position
        for index, copy in enumerate(copies)
        for position, move in enumerate(copy.bundle)
    }
    cr.execute("SELECT req, tmpl_id, new_id FROM bench_clone")
    for req, _tmpl_id, new_id in sorted(
        cr.fetchall(), key=lambda row: (row[0], order[row[0], row[1]])
    ):
        ids[req].append(new_id)
    env.invalidate_all()
    return ids


def _clone_lines(cr):
    cr.execute(
        "CREATE TEMP TABLE bench_clone_line ON COMMIT DROP AS"
        " SELECT nextval('account_move_line_id_seq') AS new_id,"
        " tl.id AS tmpl_line_id, c.new_id AS move_id, c.req FROM bench_clone c"
        " JOIN account_move_line tl ON tl.move_id = c.tmpl_id"
    )
    _insert_copy(
        cr,
        "account_move_line",
        (LINE_VALUES, LINE_MONEY, LINE_DATES, "tl"),
        "bench_clone_line l JOIN bench_clone c ON c.new_id = l.move_id"
        " JOIN account_move_line tl ON tl.id = l.tmpl_line_id"
        " JOIN account_move t ON t.id = c.tmpl_id",
    )
    # a line naming another entry of its bundle (a payment naming its invoice)
    cr.execute(
        "UPDATE account_move_line ml SET name = replace(ml.name, o.tmpl_name, o.name)"
        " FROM bench_clone_line l JOIN bench_clone c ON c.new_id = l.move_id"
        " JOIN bench_clone o ON o.req = c.req AND o.new_id != c.new_id"
        " WHERE ml.id = l.new_id AND strpos(ml.name, o.tmpl_name) > 0"
    )
    for table, line_column, other in LINE_RELATIONS:
        cr.execute(
            f"INSERT INTO {table} ({line_column}, {other})"
            f" SELECT l.new_id, r.{other} FROM bench_clone_line l"
            f" JOIN {table} r ON r.{line_column} = l.tmpl_line_id"
        )


def _clone_followers(cr):
    """The copies' followers: the template's, its customer replaced by the
    copy's, with the same subtypes."""
    cr.execute(
        "CREATE TEMP TABLE bench_clone_follower ON COMMIT DROP AS"
        " SELECT nextval('mail_followers_id_seq') AS new_id, f.id AS tmpl_id,"
        " c.new_id AS res_id, CASE WHEN f.partner_id = c.tmpl_partner_id"
        " THEN c.partner_id ELSE f.partner_id END AS partner_id"
        " FROM bench_clone c"
        " JOIN mail_followers f ON f.res_model = 'account.move'"
        " AND f.res_id = c.tmpl_id"
    )
    cr.execute(
        "INSERT INTO mail_followers (id, res_model, res_id, partner_id)"
        " SELECT new_id, 'account.move', res_id, partner_id FROM bench_clone_follower"
    )
    cr.execute(
        "INSERT INTO mail_followers_mail_message_subtype_rel"
        " (mail_followers_id, mail_message_subtype_id)"
        " SELECT b.new_id, r.mail_message_subtype_id FROM bench_clone_follower b"
        " JOIN mail_followers_mail_message_subtype_rel r"
        " ON r.mail_followers_id = b.tmpl_id"
    )


def _clone_payments(cr):
    """The payments of the copied payment entries, and their invoices."""
    cr.execute(
        "CREATE TEMP TABLE bench_clone_payment ON COMMIT DROP AS"
        " SELECT nextval('account_payment_id_seq') AS new_id,"
        " t.origin_payment_id AS tmpl_id, c.new_id AS move_id, c.req"
        " FROM bench_clone c JOIN account_move t ON t.id = c.tmpl_id"
        " WHERE t.origin_payment_id IS NOT NULL"
    )
    _insert_copy(
        cr,
        "account_payment",
        (PAYMENT_VALUES, PAYMENT_MONEY, PAYMENT_DATES, "tp"),
        "bench_clone_payment b JOIN bench_clone c ON c.new_id = b.move_id"
        " JOIN account_payment tp ON tp.id = b.tmpl_id",
    )
    cr.execute(
        "UPDATE account_move m SET origin_payment_id = b.new_id"
        " FROM bench_clone_payment b WHERE m.id = b.move_id"
    )
    cr.execute(
        "UPDATE account_payment p SET memo = replace(p.memo, o.tmpl_name, o.name)"
        " FROM bench_clone_payment b JOIN bench_clone o ON o.req = b.req"
        " WHERE p.id = b.new_id AND strpos(p.memo, o.tmpl_name) > 0"
    )
    cr.execute(
        "INSERT INTO account_move__account_payment (invoice_id, payment_id)"
        " SELECT c.new_id, b.new_id FROM account_move__account_payment r"
        " JOIN bench_clone_payment b ON b.tmpl_id = r.payment_id"
        " JOIN bench_clone c ON c.req = b.req AND c.tmpl_id = r.invoice_id"
    )


def _clone_partials(cr):
    """The partial reconciliations inside each bundle, and the matching
    numbers of their lines (``P`` and the partial's id, as Odoo numbers a
    reconciliation that is not full)."""
    cr.execute(
        "CREATE TEMP TABLE bench_clone_partial ON COMMIT DROP AS"
        " SELECT nextval('account_partial_reconcile_id_seq') AS new_id,"
        " pr.id AS tmpl_id, d.new_id AS debit_id, k.new_id AS credit_id, d.req,"
        " d.move_id FROM account_partial_reconcile pr"
        " JOIN bench_clone_line d ON d.tmpl_line_id = pr.debit_move_id"
        " JOIN bench_clone_line k ON k.tmpl_line_id = pr.credit_move_id"
        " AND k.req = d.req"
    )
    _insert_copy(
        cr,
        "account_partial_reconcile",
        (PARTIAL_VALUES, PARTIAL_MONEY, PARTIAL_DATES, "tr"),
        "bench_clone_partial b JOIN bench_clone c ON c.new_id = b.move_id"
        " JOIN account_partial_reconcile tr ON tr.id = b.tmpl_id",
    )
    cr.execute(
        "UPDATE account_move_line ml SET matching_number = 'P' || b.new_id"
        " FROM bench_clone_partial b WHERE ml.id IN (b.debit_id, b.credit_id)"
    )
