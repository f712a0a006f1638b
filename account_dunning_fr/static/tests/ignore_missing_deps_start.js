/**
 * What Odoo's web/static/tests/legacy/ignore_missing_deps_start.js does,
 * for the Odoo sources that leave it out (the 18.0 source archive of CI
 * ships no static/tests): on a portal page the tests bundle loads before the
 * lazy frontend bundle, whose modules the tours import.
 */
globalThis.__odooIgnoreMissingDependencies = true;
