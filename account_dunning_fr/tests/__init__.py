from . import test_objections
from . import test_promises
