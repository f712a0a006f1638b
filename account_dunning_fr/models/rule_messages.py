"""The messages of the rules (lib/) in the user's language.

lib/ does not import Odoo: its errors and warnings carry an English template,
a constant of the lib, and their values. Each template is written again here
inside ``env._`` so that Odoo exports it for translation and shows it in the
user's language (tests/test_translations.py checks both texts stay the same);
half-years, rates and rate names are formatted for that language too.
"""

import datetime

from ..lib import analytics, dates, escalation, penalties, promises


def _templates(env):
    """Each English template of the lib, translated."""
    return {
        escalation.NEGATIVE_DELAY: env._(
            'Scenario "%(scenario)s": the delay of a level cannot be negative '
            "(%(delay)s days). Use the scenario's pre-due-date reminder to chase "
            "before the due date."
        ),
        escalation.DELAY_NOT_INCREASING: env._(
            'Scenario "%(scenario)s": each level must have a longer delay than the '
            "previous one (%(delay)s days after %(previous)s days). Fix the delay "
            "or the order of the levels."
        ),
        promises.NO_INSTALLMENT: env._("A payment plan has at least one instalment."),
        promises.AMOUNT_NOT_POSITIVE: env._(
            "The amount of the payment plan must be strictly positive."
        ),
        promises.CANNOT_SPLIT: env._(
            "%(total)s cannot be split into %(count)s instalments of at least "
            "%(smallest)s: reduce the number of instalments."
        ),
        promises.UNKNOWN_UNIT: env._("Unknown interval unit: %(unit)s."),
        promises.INTERVAL_TOO_SHORT: env._(
            "The interval between two instalments must be at least 1."
        ),
        promises.ADD_INSTALLMENT: env._("Add at least one instalment."),
        promises.INSTALLMENT_NOT_POSITIVE: env._(
            "Instalment no. %(index)s must have a strictly positive amount."
        ),
        promises.DATES_NOT_INCREASING: env._(
            "The instalment dates must increase: instalment no. %(index)s "
            "(%(date)s) does not come after the previous one (%(previous)s)."
        ),
        promises.SUM_DIFFERS: env._(
            "The instalments add up to %(planned)s, not to the amount of the "
            "payment plan (%(expected)s): correct the amounts."
        ),
        promises.INSTALLMENT_IN_THE_PAST: env._(
            "Instalment no. %(index)s is dated %(date)s, before today "
            "(%(today)s): a payment plan starts today or later."
        ),
        promises.PROMISE_IN_THE_PAST: env._(
            "The promised date (%(date)s) is already past: a promise is a "
            "payment to come, today (%(today)s) or later. Enter the date the "
            "customer undertakes to pay."
        ),
        promises.PROMISE_TOO_FAR: env._(
            "The promised date (%(date)s) is more than %(max_days)s days ahead: "
            "promise a payment by %(latest)s at the latest."
        ),
        penalties.MISSING_RATE: env._(
            "Missing rate for %(half_year)s (%(rate_name)s). Record this rate in "
            "the reference rates before computing late-payment penalties or "
            "interest."
        ),
        penalties.RATE_BELOW_MINIMUM: env._(
            "The contractual rate of %(rate)s is below the legal minimum of "
            "%(minimum)s for %(half_year)s (three times the legal interest rate, "
            "article L441-10 II of the French Commercial Code). Apply at least "
            "this minimum or the default rate (ECB rate + 10 points)."
        ),
        dates.TERM_DAYS_EXCEEDED: env._(
            "The payment term of %(days)s days exceeds the legal cap of "
            "%(maximum)s days from the invoice date (article L441-10 I of the "
            "French Commercial Code)."
        ),
        dates.TERM_END_OF_MONTH_EXCEEDED: env._(
            "The payment term of %(days)s days exceeds the legal cap of "
            "%(maximum)s days end of month (article L441-10 I of the French "
            "Commercial Code)."
        ),
        dates.TERM_PERIODIC_EXCEEDED: env._(
            "The payment term of %(days)s days exceeds the legal cap of "
            "%(maximum)s days from the date of a periodic invoice (article "
            "L441-10 I of the French Commercial Code)."
        ),
        dates.SECTOR_PERISHABLE_EXCEEDED: env._(
            "The payment term of %(days)s days exceeds the legal cap of "
            "%(maximum)s days after delivery for perishable foodstuffs (article "
            "L441-11 of the French Commercial Code)."
        ),
        dates.SECTOR_LIVESTOCK_EXCEEDED: env._(
            "The payment term of %(days)s days exceeds the legal cap of "
            "%(maximum)s days after delivery for live cattle (article L441-11 of "
            "the French Commercial Code)."
        ),
        dates.SECTOR_ALCOHOL_EXCEEDED: env._(
            "The payment term of %(days)s days exceeds the legal cap of "
            "%(maximum)s days after the end of the month of delivery for "
            "alcoholic beverages subject to excise duties (article L441-11 of the "
            "French Commercial Code)."
        ),
        analytics.MIN_INVOICES_TOO_LOW: env._(
            "A payer profile needs at least 1 paid invoice: set the minimum number "
            "of paid invoices to 1 or more."
        ),
        analytics.RATIO_OUT_OF_RANGE: env._(
            "A late payment ratio is a percentage: enter a value between 0 and 100 "
            "instead of %(value)s."
        ),
        analytics.NEGATIVE_DAYS: env._(
            "An average delay cannot be negative (%(value)s days): enter 0 or more."
        ),
        analytics.BROKEN_PROMISES_TOO_LOW: env._(
            "A customer becomes a chronic bad payer after at least 1 broken "
            "promise: set the number of broken promises to 1 or more."
        ),
        analytics.GOOD_RATIO_ABOVE_CHRONIC: env._(
            "The late payment ratio of a good payer (%(good)s %%) cannot be above "
            "the ratio that makes a chronic bad payer (%(chronic)s %%): lower the "
            "first or raise the second."
        ),
        analytics.GOOD_DAYS_ABOVE_CHRONIC: env._(
            "The average delay of a good payer (%(good)s days) cannot be above the "
            "delay that makes a chronic bad payer (%(chronic)s days): lower the "
            "first or raise the second."
        ),
    }


def _rate_names(env):
    return {
        penalties.REFERENCE_RATE: env._("reference rate"),
        penalties.ECB_RATE: env._("European Central Bank refinancing rate"),
        penalties.LEGAL_RATE: env._("legal interest rate"),
    }


def half_year_label(env, half_year):
    """``(2026, 1)`` as the user reads it: "H1 2026", "1er semestre 2026"."""
    year, half = half_year
    if half == 1:
        return env._("H1 %(year)s", year=year)
    return env._("H2 %(year)s", year=year)


def format_percent(env, rate):
    """A percent rate as the user reads it: "8.28%", "8,28 %"."""
    number = f"{penalties.to_decimal(rate).quantize(penalties.CENT)}"
    decimal_point = env["res.lang"]._get_data(code=env.lang or "en_US").decimal_point
    return env._("%(rate)s%%", rate=number.replace(".", decimal_point or "."))


def rule_text(env, template, params):
    """The English ``template`` of the lib with ``params``, in the user's
    language; a template this module does not know stays in English."""
    translated = _templates(env).get(template, template)
    values = dict(params)
    if "half_year" in values:
        values["half_year"] = half_year_label(env, values["half_year"])
    if "rate_name" in values:
        values["rate_name"] = _rate_names(env).get(
            values["rate_name"], values["rate_name"]
        )
    for key, value in values.items():
        if isinstance(value, datetime.date):
            values[key] = value.strftime("%d/%m/%Y")
    if template == penalties.RATE_BELOW_MINIMUM:
        values["rate"] = format_percent(env, values["rate"])
        values["minimum"] = format_percent(env, values["minimum"])
    return translated % values


def rule_message(env, error):
    """The message of a lib error (:class:`lib.messages.RuleError`) in the
    user's language; any other error as it is."""
    if not hasattr(error, "message") or not hasattr(error, "params"):
        return str(error)
    return rule_text(env, error.message, error.params)


def with_user_lang(records):
    """``records`` in their user's language when the context has none.

    A scheduled action runs without a language in its context (ir.cron), so
    ``env._`` would write English; what the scheduler writes in the chatter
    is in its user's language instead, as Odoo's ``_()`` does.
    """
    if records.env.context.get("lang"):
        return records
    lang = records.env.user.lang
    if lang and lang != "en_US" and records.env["res.lang"]._get_data(code=lang):
        return records.with_context(lang=lang)
    return records
