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
the unit words are masculine ("un", "et un"); amounts up to
999 999 999 999 999.99.
"""

from .penalties import round_cent

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


def _counted(number, singular, plural):
    """``number`` followed by its unit: "un euro", "deux euros",
    "un million d'euros", "deux millions de dollars"."""
    if number <= 1:
        return f"{cardinal(number)} {singular}"
    if number >= 10**6 and not number % 10**6:
        of = "d'" if plural[:1].lower() in _VOWELS else "de "
        return f"{cardinal(number)} {of}{plural}"
    return f"{cardinal(number)} {plural}"


def amount_in_words(
    amount, unit="euro", unit_plural=None, subunit="centime", subunit_plural=None
):
    """``amount`` (Decimal, int, float or str) rounded to the cent (half up,
    in Decimal) and written in French words.

    ``1234.56`` -> ``"mille deux cent trente-quatre euros et cinquante-six
    centimes"``; no cents part when they are zero. For another currency pass
    its unit and subunit names (plurals default to the name + "s"), e.g.
    ``unit="dollar", subunit="cent"``. Raise ``ValueError`` for an invalid
    or too large amount.
    """
    value = round_cent(amount)
    sign = "moins " if value < 0 else ""
    units, cents = divmod(int(abs(value) * 100), 100)
    unit_plural = unit_plural or f"{unit}s"
    subunit_plural = subunit_plural or f"{subunit}s"
    cents_words = _counted(cents, subunit, subunit_plural) if cents else ""
    if not units and cents:
        return sign + cents_words
    words = _counted(units, unit, unit_plural)
    return sign + (f"{words} et {cents_words}" if cents else words)
