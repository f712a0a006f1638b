from . import test_escalation
from . import test_channels
from . import test_configuration
from . import test_security
