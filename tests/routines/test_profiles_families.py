"""Concrete families through the built-in profiles: the exact tasks and due dates each plan gives.

The expected dates are worked out by hand from the plans and the calendar, not from the engine:
Easter 2026 (Maundy Thursday 2 April to Easter Monday 6 April) and Christmas 2026 (Friday 25 and
Saturday 26 December) move deadlines to the next working day, and the tuberculosis limit in law
to the working day before.
"""

import datetime as dt

import pytest

from lagrundt.access.audit import Actor
from lagrundt.people import services as people
from lagrundt.routines.models import Task, TaskStatus
from lagrundt.routines.profiles import ProfileError, load_routine_file
from lagrundt.routines.services import apply_routine_files
from lagrundt.tenancy.models import Municipality, Sector
from lagrundt.tenancy.profiles import apply_profile, builtin_profiles

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def profiles(django_user_model):
    for path in builtin_profiles():
        apply_profile(path)
    apply_routine_files()
    return {m.number: m for m in Municipality.objects.all()}


def register(profiles, number, name, settled_on, category, came_directly, country, members):
    user = (
        profiles[number]
        .service_units.filter(sector=Sector.INTEGRATION_SERVICE)
        .first()
        .memberships.first()
        .user
    )
    return people.household_register(
        actor=Actor(user),
        name=name,
        municipality=profiles[number],
        settlement={"settled_on": settled_on, "category": category, "came_directly": came_directly},
        shared_identity={"country_background": country},
        members=[
            {
                "given_name": given,
                "family_name": name.split()[-1],
                "birth_date": birth,
                "sex": sex,
                "household_role": role,
            }
            for given, birth, sex, role in members
        ],
    )


def tasks_of(household):
    result = {}
    for t in Task.objects.filter(status=TaskStatus.OPEN).filter(
        person__household=household
    ) | Task.objects.filter(status=TaskStatus.OPEN, household=household):
        who = t.person.given_name if t.person_id else "household"
        result.setdefault(who, set()).add((t.routine.key, t.due_on))
    return result


HEMSEDAL_ADULT = {
    ("national.health.tb_screening", D(2026, 4, 7)),  # 2 April is Maundy Thursday → after Easter Monday
    ("hemsedal.health.mapping", D(2026, 4, 7)),  # 2 April → after Easter Monday
    ("hemsedal.health.gp", D(2026, 4, 20)),  # 19 April is a Sunday
    ("national.health.three_month_exam", D(2026, 6, 19)),
    ("national.health.vaccination_adults", D(2026, 6, 19)),
}
# Adults of 18–55 settled by agreement have right and duty to the introduction programme, so the
# programme's duties before the decision are theirs (and not Hemsedal's mapping for adults outside it).
INTRO_BEFORE_DECISION = {
    "national.intro.kartlegging",
    "national.intro.career_guidance",
    "national.intro.decision",
    "national.intro.start",
}
HEMSEDAL_ADULT |= {(key, D(2026, 6, 19)) for key in INTRO_BEFORE_DECISION} | {
    ("hemsedal.intro.integration_plan", D(2026, 6, 19)),
}
HEMSEDAL_CHILD = {
    ("national.health.tb_screening", D(2026, 4, 7)),
    ("hemsedal.health.mapping", D(2026, 4, 7)),
    ("hemsedal.health.gp", D(2026, 4, 20)),
    ("national.health.three_month_exam", D(2026, 6, 19)),
    ("national.health.vaccination_children", D(2026, 6, 19)),
}
HEMSEDAL_PUPIL = HEMSEDAL_CHILD | {
    ("hemsedal.school.start_meeting", D(2026, 4, 7)),  # two weeks, with interpreter
    ("national.school.start", D(2026, 4, 20)),  # at the latest within one month
}


def test_hemsedal_eritrean_quota_family_of_five_settled_before_easter(profiles):
    household = register(
        profiles,
        "3326",
        "Familien Tesfamariam",
        D(2026, 3, 19),
        "resettlement_refugee",
        True,
        "ER",
        [
            ("Senait", D(1991, 5, 10), "female", "reference"),
            ("Dawit", D(1988, 2, 1), "male", "spouse"),
            ("Ruth", D(2022, 11, 20), "female", "child"),
            ("Yonas", D(2017, 9, 1), "male", "child"),
            ("Selam", D(2010, 6, 15), "female", "child"),
        ],
    )
    assert tasks_of(household) == {
        "Senait": HEMSEDAL_ADULT,
        "Dawit": HEMSEDAL_ADULT,
        "Ruth": HEMSEDAL_CHILD
        | {
            ("hemsedal.kindergarten.place", D(2026, 4, 20)),
            # Two interpreter talks a year in kindergarten, at half years of age after settlement.
            ("hemsedal.kindergarten.interpreter_talks", D(2026, 5, 20)),
            ("hemsedal.kindergarten.interpreter_talks", D(2026, 11, 20)),
            ("hemsedal.kindergarten.interpreter_talks", D(2027, 5, 20)),
            ("hemsedal.kindergarten.interpreter_talks", D(2027, 11, 22)),  # 20th is a Saturday
            ("hemsedal.kindergarten.interpreter_talks", D(2028, 5, 22)),  # 20th is a Saturday
        },
        "Yonas": HEMSEDAL_PUPIL,
        "Selam": HEMSEDAL_PUPIL,
        "household": {
            ("hemsedal.settlement.reception", D(2026, 3, 19)),
            ("hemsedal.nav.establishment", D(2026, 3, 19)),
            # The housing checklist, once in each of years 1 to 5.
            ("hemsedal.housing.inspection", D(2026, 9, 21)),  # 19 September is a Saturday
            ("hemsedal.housing.inspection", D(2027, 9, 20)),  # a Sunday
            ("hemsedal.housing.inspection", D(2028, 9, 19)),
            ("hemsedal.housing.inspection", D(2029, 9, 19)),
            ("hemsedal.housing.inspection", D(2030, 9, 19)),
        },
    }


AAL_FROM_RECEPTION = {
    ("aal.health.talk_reception_centre", D(2027, 3, 11)),  # within 3 months when from a reception centre
    ("national.health.three_month_exam", D(2027, 3, 11)),  # Ål's GP screening, for everyone
    ("aal.leisure.interests", D(2027, 1, 11)),
}


def test_aal_ukrainian_family_from_a_reception_centre_settled_before_christmas(profiles):
    household = register(
        profiles,
        "3328",
        "Familien Kovalenko",
        D(2026, 12, 11),
        "temporary_collective_protection",
        False,
        "UA",
        [
            ("Olena", D(1990, 4, 4), "female", "reference"),
            ("Taras", D(2016, 1, 20), "male", "child"),
            ("Mila", D(2024, 2, 10), "female", "child"),
        ],
    )
    assert tasks_of(household) == {
        # Temporary collective protection: right, but no duty; the duties before the decision apply.
        "Olena": AAL_FROM_RECEPTION
        | {(key, D(2027, 3, 11)) for key in INTRO_BEFORE_DECISION}
        | {
            # Follow-up talks after three and five years, for those 15 or older.
            ("aal.follow_up.talks", D(2029, 12, 11)),
            ("aal.follow_up.talks", D(2031, 12, 11)),
        },
        "Taras": AAL_FROM_RECEPTION | {("national.school.start", D(2027, 1, 11))},
        "Mila": AAL_FROM_RECEPTION,
        "household": {
            ("aal.welcome.letter", D(2027, 1, 11)),
            ("aal.health.home_visit", D(2027, 1, 11)),  # families with children
            ("aal.health.new_resident_talk", D(2027, 6, 11)),  # parents of children 0–16
            ("aal.kindergarten.application_guidance", D(2026, 12, 28)),  # 25th–27th: Christmas, Sunday
        },
    }


def test_aal_resettled_adult_who_came_directly(profiles):
    household = register(
        profiles,
        "3328",
        "Husstand Haddad",
        D(2026, 12, 11),
        "resettlement_refugee",
        True,
        "SY",
        [("Rami", D(1985, 7, 1), "male", "reference")],
    )
    assert tasks_of(household) == {
        "Rami": {
            ("aal.health.first_talk_direct", D(2026, 12, 28)),  # within 14 days: Christmas Day → Monday
            ("national.health.tb_screening", D(2026, 12, 28)),  # like every deadline: the next working day
            ("aal.health.second_talk_direct", D(2027, 3, 11)),
            ("national.health.three_month_exam", D(2027, 3, 11)),
            ("national.health.vaccination_adults", D(2027, 3, 11)),
            ("aal.leisure.interests", D(2027, 1, 11)),
            ("aal.follow_up.talks", D(2029, 12, 11)),
            ("aal.follow_up.talks", D(2031, 12, 11)),
        }
        | {(key, D(2027, 3, 11)) for key in INTRO_BEFORE_DECISION},
        "household": {("aal.welcome.letter", D(2027, 1, 11))},
    }


def test_completing_a_task_brings_the_one_that_counts_from_it(profiles):
    household = register(
        profiles,
        "3326",
        "Familien Mengistu",
        D(2026, 3, 19),
        "resettlement_refugee",
        True,
        "ER",
        [("Hanna", D(1990, 1, 1), "female", "reference"), ("Liya", D(2023, 1, 10), "female", "child")],
    )
    from lagrundt.routines.services import task_complete

    liya = household.members.get(given_name="Liya")
    place = Task.objects.get(person=liya, routine__key="hemsedal.kindergarten.place")
    user = profiles["3326"].service_units.filter(sector=Sector.KINDERGARTEN).first().memberships.first().user
    task_complete(actor=Actor(user), task=place, done_on=D(2026, 4, 15))
    talk = Task.objects.get(person=liya, routine__key="hemsedal.kindergarten.welcome_talk")
    assert (talk.counts_from, talk.due_on) == (D(2026, 4, 15), D(2026, 4, 29))


BAD_ROUTINES = [
    ("sector: helse", "routine t.bad, field sector: unknown"),
    ("offset: {dayz: 14}", "routine t.bad, field offset: unknown key 'dayz'"),
    ("when: {age_band: {from: 1, to: 2}}", "routine t.bad, field when: unknown key 'age_band'"),
    ("when: {age: {from: 9, to: 2}}", "'to' (2) is below 'from' (9)"),
    ("from: arrival", "routine t.bad, field from: unknown"),
    ("working_day: sometimes", "working_day must be true, false or before"),
]


@pytest.mark.parametrize(("change", "message"), BAD_ROUTINES)
def test_bad_routine_files_name_file_line_routine_and_field(tmp_path, change, message):
    key, _sep, _value = change.partition(":")
    lines = {
        "sector": "sector: health",
        "offset": "offset: {days: 14}",
        "when": "when: {}",
        "from": "from: settlement",
        "working_day": "working_day: true",
    }
    lines[key] = change
    body = "\n".join(f"    {line}" for line in lines.values())
    path = tmp_path / "bad.yaml"
    path.write_text(
        "profile: test\napplies_in: ['3326']\nroutines:\n  - key: t.bad\n"
        "    title: {nb: Test, nn: Test, en: Test}\n    applies_to: person\n"
        f"{body}\n    source: test\n    basis: plan\n",
        encoding="utf-8",
    )
    with pytest.raises(ProfileError) as exc:
        load_routine_file(path)
    assert str(path) in str(exc.value) and "line" in str(exc.value)
    assert message in str(exc.value)
