from . import test_escalation
from . import test_channels
from . import test_configuration
from . import test_security
from . import test_objections
from . import test_promises
from . import test_late_payment
from . import test_formal_notice
