"""The engine follows the register: when facts about persons change, their tasks are recomputed."""

from django.dispatch import receiver

from lagrundt.people.signals import facts_changed

from . import engine


@receiver(facts_changed, dispatch_uid="routines.refresh_persons")
def refresh_tasks(sender, person_ids, **kwargs):
    engine.refresh_persons(person_ids)
