"""What the rules tell the user, in English, ready to be translated.

The rules do not import Odoo, so they cannot translate. A message of the rules
is an English template with named placeholders (a constant of the module that
raises it) and its values: ``str()`` gives the English text, and the Odoo
models show the same template in the user's language
(``models/rule_messages.py``), with the values formatted for that language.
"""


class RuleError(ValueError):
    """A value the rules refuse; the message says what to fix.

    ``message`` is the English template, ``params`` its raw values (dates,
    numbers, half-years); :meth:`english_params` formats them for ``str()``.
    """

    def __init__(self, message, **params):
        self.message = message
        self.params = params
        super().__init__(message % self.english_params())

    def english_params(self):
        """The values as the English message shows them."""
        return self.params
