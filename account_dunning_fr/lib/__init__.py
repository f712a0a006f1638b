"""Plain-Python business rules of account_dunning_fr.

Nothing in this package imports ``odoo``: the models call these functions and
the repository-root ``tests/`` exercise them without a database.
"""
