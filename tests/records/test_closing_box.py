"""A record's form names the person's own open duties that filling it in would close, and nothing else."""

import re

import pytest
from django.urls import reverse

from lagrundt.routines.models import Task, TaskStatus

pytestmark = pytest.mark.django_db


def _closing_box(page: str) -> str:
    found = re.search(r'<section[^>]*aria-labelledby="h-closing".*?</section>', page, re.S)
    assert found, "the form has the box of what it closes"
    return found.group(0)


def test_an_adults_health_form_names_the_adults_duties_not_the_childrens(world, newcomer, login):
    page = login(world, "health").get(reverse("records:health", args=[newcomer.pk])).content.decode()
    box = _closing_box(page)
    gp = Task.objects.get(
        subject=f"p:{newcomer.pk}", routine__key="hemsedal.health.gp", status=TaskStatus.OPEN
    )
    assert gp.routine.title in box
    # The children's vaccination is a routine of the municipality, but not a duty of this adult.
    children = Task.objects.filter(routine__key="national.health.vaccination_children").first()
    title = children.routine.title if children else "Vaksinasjon av barn"
    assert title not in box
