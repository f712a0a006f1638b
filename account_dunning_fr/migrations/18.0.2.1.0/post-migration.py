"""18.0.2.1.0: the customer portal offers some objection types.

The catalogue is loaded once (noupdate): a database upgraded from 18.0.2.0.0
gets ``portal_visible`` and ``portal_description`` of the shipped types from
the data file, on the types still without them (a type the company changed
keeps what it has). The French text comes with the module's translations,
loaded after this script.
"""

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.tools.misc import file_path


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    path = file_path("account_dunning_fr/data/account_dunning_objection_type_data.xml")
    for record in etree.parse(path).iterfind("//record"):
        values = {field.get("name"): field for field in record.iterfind("field")}
        if "portal_visible" not in values:
            continue
        kind = env.ref(f"account_dunning_fr.{record.get('id')}", False)
        if not kind or kind.portal_visible or kind.portal_description:
            continue
        kind.write(
            {
                "portal_visible": True,
                "portal_description": values["portal_description"].text,
            }
        )
