"""Amounts in French words, traditional spelling (LEGAL_FR section 10)."""

from decimal import Decimal

import pytest

from account_dunning_fr.lib.amount_words import (
    amount_in_currency_words,
    amount_in_words,
    cardinal,
)


@pytest.mark.parametrize(
    "amount, words",
    [
        ("1234.56", "mille deux cent trente-quatre euros et cinquante-six centimes"),
        (
            "12997.20",
            "douze mille neuf cent quatre-vingt-dix-sept euros et vingt centimes",
        ),  # TV3, total claimed
        (1000000, "un million d'euros"),
        (2000000, "deux millions d'euros"),
        (200, "deux cents euros"),
        (201, "deux cent un euros"),
        (80, "quatre-vingts euros"),
        (81, "quatre-vingt-un euros"),
        (21, "vingt et un euros"),
        (1, "un euro"),
        ("0.01", "un centime"),
        (0, "zéro euro"),
        ("0.50", "cinquante centimes"),
        ("1.01", "un euro et un centime"),
        ("2.00", "deux euros"),
        (1000, "mille euros"),
        (2000, "deux mille euros"),
        (80000, "quatre-vingt mille euros"),
        (200000, "deux cent mille euros"),
        (21000, "vingt et un mille euros"),
        (1001000, "un million mille euros"),
        (2000001, "deux millions un euros"),
        (200000000, "deux cents millions d'euros"),
        (80000000, "quatre-vingts millions d'euros"),
        (1500000000, "un milliard cinq cents millions d'euros"),
        ("1000000.50", "un million d'euros et cinquante centimes"),
        (
            1234567,
            "un million deux cent trente-quatre mille cinq cent soixante-sept euros",
        ),
        ("-3.10", "moins trois euros et dix centimes"),
    ],
)
def test_amounts_in_words(amount, words):
    assert amount_in_words(amount) == words


@pytest.mark.parametrize(
    "number, words",
    [
        (16, "seize"),
        (17, "dix-sept"),
        (70, "soixante-dix"),
        (71, "soixante et onze"),
        (72, "soixante-douze"),
        (90, "quatre-vingt-dix"),
        (91, "quatre-vingt-onze"),
        (99, "quatre-vingt-dix-neuf"),
        (100, "cent"),
        (101, "cent un"),
        (180, "cent quatre-vingts"),
        (380000, "trois cent quatre-vingt mille"),
        (10**12, "un billion"),
    ],
)
def test_cardinals(number, words):
    assert cardinal(number) == words


def test_input_types_round_to_the_cent_in_decimal():
    # Binary 2.675 is 2.67499999...; the amount is read as written.
    assert amount_in_words(2.675) == "deux euros et soixante-huit centimes"
    assert amount_in_words(Decimal("1234.565")) == (
        "mille deux cent trente-quatre euros et cinquante-sept centimes"
    )
    assert amount_in_words("0.004") == "zéro euro"
    assert amount_in_words(Decimal("0.005")) == "un centime"


def test_other_currency():
    assert amount_in_words(2000000, unit="dollar", subunit="cent") == (
        "deux millions de dollars"
    )
    assert amount_in_words(
        "21.21", unit="franc suisse", unit_plural="francs suisses", subunit="centime"
    ) == ("vingt et un francs suisses et vingt et un centimes")


def test_invalid_amounts():
    with pytest.raises(ValueError, match="Invalid amount"):
        amount_in_words("12,50")
    with pytest.raises(ValueError, match="Invalid amount"):
        amount_in_words(float("nan"))
    with pytest.raises(ValueError, match="out of range"):
        amount_in_words(10**15)
    with pytest.raises(ValueError, match="out of range"):
        cardinal(1.5)


@pytest.mark.parametrize(
    "amount, code, words",
    [
        (51, "CHF", "cinquante et un francs suisses"),
        ("1.01", "CHF", "un franc suisse et un centime"),
        ("0.51", "GBP", "cinquante et un pence"),
        ("0.01", "GBP", "un penny"),
        ("1.01", "GBP", "une livre sterling et un penny"),
        ("21.21", "GBP", "vingt et une livres sterling et vingt et un pence"),
        (81, "SEK", "quatre-vingt-une couronnes suédoises"),
        (71, "GBP", "soixante et onze livres sterling"),
        (1000000, "GBP", "un million de livres sterling"),
        (21000, "GBP", "vingt et un mille livres sterling"),
        (2000000, "USD", "deux millions de dollars américains"),
        ("1234.50", "EUR", "mille deux cent trente-quatre euros et cinquante centimes"),
        (2, "JPY", "deux yens"),
    ],
)
def test_amounts_in_words_of_other_currencies(amount, code, words):
    assert amount_in_currency_words(amount, code) == words


def test_currency_without_french_names_takes_odoos_labels_with_a_plural():
    # Odoo's labels are English, singular or plural
    assert amount_in_currency_words(51, "BRL", "Real", "Centavos") == (
        "cinquante et un reals"
    )
    assert amount_in_currency_words("1.01", "BRL", "Real", "Centavos") == (
        "un real et un centavo"
    )
    assert amount_in_currency_words(3, "XYZ") == "trois XYZ"
