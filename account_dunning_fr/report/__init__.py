from . import report_court_file
from . import report_formal_notice
from . import report_aged_balance
