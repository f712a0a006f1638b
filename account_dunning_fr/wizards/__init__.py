from . import account_dunning_wizard_mixin
from . import account_dunning_objection_wizard
from . import account_dunning_promise_wizard
from . import account_dunning_plan_wizard
from . import account_dunning_call_wizard
