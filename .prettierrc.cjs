// prettier (with @prettier/plugin-xml) for the pre-commit hook, OCA's settings
// for Odoo 18 (oca-addons-repo-template)
/** @type {import('prettier').Config} */
const config = {
  plugins: [require.resolve("@prettier/plugin-xml")],
  bracketSpacing: false,
  printWidth: 88,
  proseWrap: "always",
  semi: true,
  trailingComma: "es5",
  xmlWhitespaceSensitivity: "preserve",
};

module.exports = config;
