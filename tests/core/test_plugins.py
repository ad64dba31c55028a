"""The plug-in contracts: every installed app keeps them, and a broken one is reported at start-up."""

import types

from django.core import checks

from lagrundt.core import plugins
from lagrundt.core.checks import plugin_contracts


def test_every_installed_app_keeps_its_hook_contracts():
    assert plugins.contract_problems() == []
    assert plugin_contracts(None) == []


def test_a_hook_with_the_wrong_parameters_or_none_is_an_error_at_start_up(monkeypatch):
    broken = types.ModuleType("lagrundt.example.navigation")
    broken.entries = lambda user, request: []
    missing = types.ModuleType("lagrundt.example.finance_costs")
    found = {"navigation": (broken,), "finance_costs": (missing,)}
    monkeypatch.setattr(plugins, "app_modules", lambda name: found.get(name, ()))
    problems = plugins.contract_problems()
    assert problems == [
        "lagrundt.example.navigation.entries() must take (user); it also requires request.",
        "lagrundt.example.finance_costs has no function costs().",
    ]
    errors = plugin_contracts(None)
    assert [e.id for e in errors] == ["lagrundt.E001", "lagrundt.E001"]
    assert all(e.level == checks.ERROR for e in errors)


def test_every_menu_entry_has_its_place(world, client):
    """Each role's menu: entries in MENU_ORDER's order (an unknown key would raise)."""
    from lagrundt.web.navigation import entries_for

    for user in world.users.values():
        keys = [e.key for e in entries_for(user)]
        assert keys == sorted(keys, key=plugins.MENU_ORDER.index)
        assert len(keys) == len(set(keys))
