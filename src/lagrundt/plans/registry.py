"""Every indicator of every installed app, by key (each app's ``indicators.definitions()``)."""

from dataclasses import replace

from django.core.exceptions import ImproperlyConfigured

from lagrundt.core.measurement import Indicator
from lagrundt.core.plugins import RecordedWork, app_modules


def all_indicators() -> dict[str, Indicator]:
    """The indicators by key. An app that computes an indicator replaces an entered-only definition."""
    found: dict[str, Indicator] = {}
    for module in app_modules("indicators"):
        app = module.__name__.split(".")[-2]
        for indicator in module.definitions():
            indicator = replace(indicator, app=app)
            existing = found.get(indicator.key)
            if existing is None or (not existing.is_computed and indicator.is_computed):
                found[indicator.key] = indicator
            elif existing.is_computed and indicator.is_computed:
                raise ImproperlyConfigured(
                    f"The indicator {indicator.key!r} is computed by both {existing.app} and {app}."
                )
    return found


def indicator(key: str) -> Indicator | None:
    return all_indicators().get(key)


def recorded_work() -> dict[str, RecordedWork]:
    """The work Lagrundt records that a measure may name in ``recorded_in``, by key (each app's
    ``measure_data.recorded()``)."""
    found: dict[str, RecordedWork] = {}
    for module in app_modules("measure_data"):
        for work in module.recorded():
            if work.key in found:
                raise ImproperlyConfigured(f"The recorded work {work.key!r} is given by two apps.")
            found[work.key] = work
    return found
