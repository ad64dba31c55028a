"""Start-up checks of what the apps plug in: every hook module keeps its contract (``plugins.HOOKS``)."""

from django.core import checks

from .plugins import contract_problems


@checks.register()
def plugin_contracts(app_configs, **kwargs) -> list[checks.CheckMessage]:
    return [
        checks.Error(problem, hint="See the contracts in lagrundt/core/plugins.py.", id="lagrundt.E001")
        for problem in contract_problems()
    ]
