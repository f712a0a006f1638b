/** See ignore_missing_deps_start.js. */
globalThis.__odooIgnoreMissingDependencies = false;
