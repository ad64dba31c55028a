"""Access-matrix rows for the sectors' records (see tests/test_url_access_matrix.py).

A record is read by who reads its section of the person (the school's and the kindergarten's by the
integration service too) and written only by its own sector: each page is opened on a person the
writing sector covers (a school child, a small child, an adult), in its own municipality and in Ål.
"""

from tests.access_matrix import answers


def _person(own: str, other: str):
    def build(world, role, place):
        return {"pk": world.persons[own if place == "own" else other].pk}

    return build


school_child = _person("school_child", "aal_child")
small_child = _person("small_child", "aal_child")
adult = _person("adult", "aal_adult")

MATRIX = {
    "records:school": (school_child, "get", answers(404, integration=200, school=200), answers(404)),
    "records:school_edit": (school_child, "get", answers(404, school=200), answers(404)),
    "records:school_decision_add": (school_child, "get", answers(404, school=200), answers(404)),
    "records:kindergarten": (
        small_child,
        "get",
        answers(404, integration=200, kindergarten=200),
        answers(404),
    ),
    "records:kindergarten_edit": (small_child, "get", answers(404, kindergarten=200), answers(404)),
    "records:kindergarten_talk_add": (small_child, "get", answers(404, kindergarten=200), answers(404)),
    "records:health": (adult, "get", answers(404, health=200), answers(404)),
    "records:health_edit": (adult, "get", answers(404, health=200), answers(404)),
    "records:health_contact_add": (adult, "get", answers(404, health=200), answers(404)),
}
