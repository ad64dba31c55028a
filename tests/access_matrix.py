"""What the URL access matrix is built from: the roles, the expected answers and the objects to open.

The matrix itself is in ``test_url_access_matrix.py``; an app adds its URLs' rows in its own
``tests/<app>/url_access.py`` (a ``MATRIX`` dict of the same shape), built from these pieces.
"""

ROLES = [
    "integration",
    "health",
    "school",
    "kindergarten",
    "nav",
    "housing",
    "culture",
    "volunteer",
    "leadership",
    "dpo",
    "sysadmin",
    "nobody",
    "anonymous",
]
# The person each role would look at in its own municipality, and its counterpart in Ål.
OWN_PERSON = {
    "school": "school_child",
    "kindergarten": "small_child",
}
OTHER_PERSON = {"school": "aal_child", "kindergarten": "aal_child"}

LOGIN = 302  # redirected to the login page
API_ANON = 401


def answers(default, anonymous=LOGIN, **overrides):
    """The expected status for every role: ``default`` unless overridden."""
    table = dict.fromkeys(ROLES, default)
    table["anonymous"] = anonymous
    table.update(overrides)
    return table


PERSON_READERS = dict(
    integration=200,
    health=200,
    school=200,
    kindergarten=200,
    nav=200,
    housing=200,
    culture=200,
    volunteer=200,
    dpo=200,
)
FAMILY_READERS = dict(integration=200, health=200, school=200, kindergarten=200, housing=200)
SETTLEMENT_READERS = dict(integration=200, health=200, nav=200)


def person(world, role, place, kind=None):
    if kind is None:
        kind = (OWN_PERSON if place == "own" else OTHER_PERSON).get(
            role, "adult" if place == "own" else "aal_adult"
        )
    return {"pk": world.persons[kind].pk}


def household(world, role, place):
    key = "adult" if place == "own" else "aal_adult"
    return {"pk": world.persons[key].household_id}


def settlement(world, role, place):
    return {"pk": world.persons["adult" if place == "own" else "aal_adult"].settlement.pk}


def move_out(world, role, place):
    return {"pk": world.persons["moved" if place == "own" else "aal_moved"].move_out.pk}


def municipality(world, role, place):
    return {"pk": (world.hemsedal if place == "own" else world.aal).pk}


def audited_user(world, role, place):
    return {"pk": world.users["integration" if place == "own" else "aal-integration"].pk}


def nothing(world, role, place):
    return {}


def health_task(world, role, place):
    """A health talk for the adult in Hemsedal (own) or in Ål (other): only health may open it."""
    from lagrundt.routines.models import Routine, Task

    person = world.persons["adult" if place == "own" else "aal_adult"]
    routine, _ = Routine.objects.get_or_create(
        municipality=person.municipality,
        key="t.health_talk",
        defaults=dict(
            profile="test",
            title_nb="Helsesamtale",
            title_nn="Helsesamtale",
            title_en="Health talk",
            sector="health",
            section="health",
            applies_to="person",
            spec={"from": "settlement", "offset": {"days": 14}, "when": {}, "working_day": True},
            source="test",
            basis="plan",
        ),
    )
    task, _ = Task.objects.get_or_create(
        routine=routine,
        subject=f"p:{person.pk}",
        occurrence="14d",
        defaults=dict(
            municipality=person.municipality,
            sector="health",
            section="health",
            person=person,
            counts_from=person.settlement.settled_on,
            computed_due_on=person.settlement.settled_on,
            due_on=person.settlement.settled_on,
        ),
    )
    return {"pk": task.pk}
