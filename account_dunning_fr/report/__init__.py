from . import report_aged_balance
