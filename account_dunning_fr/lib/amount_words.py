"""Amounts in French words, as written on a mise en demeure or a cheque.

Traditional spelling (not the 1990 reform): hyphens between the words of a
number below one hundred only, never around "et"; "vingt et un",
"soixante et onze", "quatre-vingt-un"; "cent" and "vingt" take an "s" when
multiplied and last ("deux cents", "quatre-vingts") and also before
"millions" / "milliards", which are nouns ("deux cents millions"), but not
before "mille", which is invariable ("deux cent mille"); "un million",
"deux millions"; "d'euros" after a round number of millions or milliards
("un million d'euros").

Written here in plain Python: num2words' ``to='currency'`` reads an int as
cents, converts floats through binary, writes "zéro centimes" and
"un million euros" in the versions Odoo 18 pins.

Chosen conventions: zero is "zéro euro" (singular, as on French
administrative forms); an amount below one euro is written with its cents
only ("cinquante centimes"); a negative amount is prefixed with "moins";
the unit words are masculine ("un", "et un") unless the currency's are
feminine ("vingt et une livres sterling"); amounts up to
999 999 999 999 999.99.

Other currencies are written with their French names, singular and plural
(:data:`CURRENCY_WORDS`): Odoo's own labels are English and mix singulars
and plurals ("Franc", "Dollars", "Penny").
"""

from collections import namedtuple

from .penalties import round_cent

CurrencyWords = namedtuple(
    "CurrencyWords", "unit unit_plural subunit subunit_plural feminine"
)

# ISO code: the French names of the unit and the subunit, singular and plural,
# and whether the unit is feminine.
CURRENCY_WORDS = {
    "EUR": CurrencyWords("euro", "euros", "centime", "centimes", False),
    "CHF": CurrencyWords(
        "franc suisse", "francs suisses", "centime", "centimes", False
    ),
    "XOF": CurrencyWords("franc CFA", "francs CFA", "centime", "centimes", False),
    "XAF": CurrencyWords("franc CFA", "francs CFA", "centime", "centimes", False),
    "XPF": CurrencyWords("franc CFP", "francs CFP", "centime", "centimes", False),
    "USD": CurrencyWords(
        "dollar américain", "dollars américains", "cent", "cents", False
    ),
    "CAD": CurrencyWords(
        "dollar canadien", "dollars canadiens", "cent", "cents", False
    ),
    "AUD": CurrencyWords(
        "dollar australien", "dollars australiens", "cent", "cents", False
    ),
    "GBP": CurrencyWords("livre sterling", "livres sterling", "penny", "pence", True),
    "JPY": CurrencyWords("yen", "yens", "sen", "sen", False),
    "CNY": CurrencyWords("yuan", "yuans", "fen", "fen", False),
    "MAD": CurrencyWords("dirham", "dirhams", "centime", "centimes", False),
    "SEK": CurrencyWords(
        "couronne suédoise", "couronnes suédoises", "öre", "öre", True
    ),
    "NOK": CurrencyWords(
        "couronne norvégienne", "couronnes norvégiennes", "øre", "øre", True
    ),
    "DKK": CurrencyWords("couronne danoise", "couronnes danoises", "øre", "øre", True),
}

_SMALL = (
    "zéro",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
)
_TENS = {
    2: "vingt",
    3: "trente",
    4: "quarante",
    5: "cinquante",
    6: "soixante",
    8: "quatre-vingt",
}
_SCALES = ((10**12, "billion"), (10**9, "milliard"), (10**6, "million"))
_LIMIT = 10**15
_VOWELS = "aeiouyàâäéèêëîïôöùûü"


def _below_hundred(number, last=True):
    """1-99; ``last``: nothing follows, so "quatre-vingts" takes its "s"."""
    if number < len(_SMALL):
        return _SMALL[number]
    if number < 20:
        return f"dix-{_SMALL[number - 10]}"
    tens, unit = divmod(number, 10)
    if tens in (7, 9):
        tens, unit = tens - 1, unit + 10
    word = _TENS[tens]
    if not unit:
        return f"{word}s" if tens == 8 and last else word
    if unit in (1, 11) and tens != 8:
        return f"{word} et {_below_hundred(unit)}"
    return f"{word}-{_below_hundred(unit)}"


def _below_thousand(number, last=True):
    """1-999; ``last`` is false before "mille" (invariable "cent", "vingt")."""
    hundreds, rest = divmod(number, 100)
    words = []
    if hundreds:
        plural = "s" if hundreds > 1 and not rest and last else ""
        prefix = f"{_SMALL[hundreds]} " if hundreds > 1 else ""
        words.append(f"{prefix}cent{plural}")
    if rest:
        words.append(_below_hundred(rest, last))
    return " ".join(words)


def cardinal(number):
    """A non-negative int below 10**15 in French words, traditional spelling:
    ``1234`` -> ``"mille deux cent trente-quatre"``. Raise ``ValueError``
    otherwise."""
    if not isinstance(number, int) or not 0 <= number < _LIMIT:
        raise ValueError(f"Number out of range for writing in words: {number}.")
    if not number:
        return _SMALL[0]
    words = []
    for size, name in _SCALES:
        count, number = divmod(number, size)
        if count:
            words.append(f"{_below_thousand(count)} {name}{'s' if count > 1 else ''}")
    thousands, number = divmod(number, 1000)
    if thousands:
        factor = "" if thousands == 1 else _below_thousand(thousands, last=False) + " "
        words.append(f"{factor}mille")
    if number:
        words.append(_below_thousand(number))
    return " ".join(words)


def _counted(number, singular, plural, feminine=False):
    """``number`` followed by its unit: "un euro", "deux euros",
    "un million d'euros", "deux millions de dollars"; a feminine unit takes
    "une" ("vingt et une livres")."""
    words = cardinal(number)
    if feminine and (words == "un" or words.endswith((" un", "-un"))):
        words += "e"
    if number <= 1:
        return f"{words} {singular}"
    if number >= 10**6 and not number % 10**6:
        of = "d'" if plural[:1].lower() in _VOWELS else "de "
        return f"{words} {of}{plural}"
    return f"{words} {plural}"


def french_plural(word):
    """The French plural of a noun by the general rule: an "s", except after
    "s", "x" or "z"."""
    return word if word.endswith(("s", "x", "z")) else f"{word}s"


def currency_words(code, unit_label=None, subunit_label=None):
    """The French words of currency ``code`` (:class:`CurrencyWords`).

    A currency missing from :data:`CURRENCY_WORDS` is written with the labels
    given (Odoo's, singular or plural), made singular by dropping a final
    "s" and plural by the French rule; without labels, with its code.
    """
    if code in CURRENCY_WORDS:
        return CURRENCY_WORDS[code]
    unit, subunit = (
        _singular(label.strip().lower()) if label else default
        for label, default in ((unit_label, code), (subunit_label, "centime"))
    )
    unit_plural = french_plural(unit) if unit_label else code
    return CurrencyWords(unit, unit_plural, subunit, french_plural(subunit), False)


def _singular(label):
    """An English currency label made singular: "dollars" -> "dollar"."""
    return label[:-1] if label.endswith("s") and len(label) > 3 else label


def amount_in_currency_words(amount, code, unit_label=None, subunit_label=None):
    """``amount`` in French words in currency ``code`` (an ISO code):
    ``amount_in_currency_words(51, "CHF")`` -> "cinquante et un francs
    suisses". See :func:`currency_words` for a currency it does not know."""
    words = currency_words(code, unit_label, subunit_label)
    return amount_in_words(amount, **words._asdict())


def amount_in_words(
    amount,
    unit="euro",
    unit_plural=None,
    subunit="centime",
    subunit_plural=None,
    feminine=False,
):
    """``amount`` (Decimal, int, float or str) rounded to the cent (half up,
    in Decimal) and written in French words.

    ``1234.56`` -> ``"mille deux cent trente-quatre euros et cinquante-six
    centimes"``; no cents part when they are zero. For another currency pass
    its unit and subunit names (plurals default to the name + "s"), e.g.
    ``unit="dollar", subunit="cent"``; ``feminine`` when the unit is (a
    "livre"). Raise ``ValueError`` for an invalid or too large amount.
    """
    value = round_cent(amount)
    sign = "moins " if value < 0 else ""
    units, cents = divmod(int(abs(value) * 100), 100)
    unit_plural = unit_plural or f"{unit}s"
    subunit_plural = subunit_plural or f"{subunit}s"
    cents_words = _counted(cents, subunit, subunit_plural) if cents else ""
    if not units and cents:
        return sign + cents_words
    words = _counted(units, unit, unit_plural, feminine)
    return sign + (f"{words} et {cents_words}" if cents else words)
