"""Access-matrix rows for the settlement pages (see tests/test_url_access_matrix.py).

Cases are the integration service's (who registers persons): Hemsedal's service also serves Gol, and
Ål's case is «other». The year page is also leadership's, as counts. Objects in Hemsedal are «own»,
in Ål «other». A form posted empty answers with its errors (200); a board move without htmx goes back
to the board (302).
"""

from django.utils import timezone

from tests.access_matrix import answers, nothing

CASES = dict(integration=200)
YEAR = dict(integration=200, leadership=200)


def case(world, role, place, *, accepted=False, name="Matrix"):
    from lagrundt.settlement.models import CaseMember, Reply, SettlementCase, Stage

    municipality = world.hemsedal if place == "own" else world.aal
    found, created = SettlementCase.objects.get_or_create(
        municipality=municipality,
        name=name,
        defaults=dict(
            category="resettlement_refugee",
            origin="abroad",
            country_background="SY",
            received_on=timezone.localdate(),
            reply=Reply.ACCEPTED if accepted else Reply.PENDING,
            stage=Stage.ACCEPTED if accepted else Stage.PROPOSED,
        ),
    )
    if created:
        CaseMember.objects.create(
            case=found, given_name="Rami", family_name=name, birth_year=1990, role="reference"
        )
    return {"pk": found.pk}


def accepted_case(world, role, place):
    return case(world, role, place, accepted=True, name="Matrix accepted")


def member(world, role, place):
    found = case(world, role, place)
    from lagrundt.settlement.models import CaseMember

    return {**found, "member": CaseMember.objects.filter(case_id=found["pk"]).first().pk}


def move(to):
    return lambda world, role, place: {**case(world, role, place), "to": to}


def year(world, role, place):
    return {"year": timezone.localdate().year}


OWN = answers(404, **CASES)
OTHER = answers(404)

MATRIX = {
    "settlement:board": (nothing, "get", OWN, OWN),
    "settlement:case_list": (nothing, "get", OWN, OWN),
    "settlement:case_create": (nothing, "get", OWN, OWN),
    "settlement:case_detail": (case, "get", OWN, OTHER),
    "settlement:case_edit": (case, "get", OWN, OTHER),
    "settlement:case_reply": (case, "post", OWN, OTHER),
    "settlement:case_expected_arrival": (case, "post", OWN, OTHER),
    # Accepting from the board: the first accept goes back to the board, and so does the refused second.
    "settlement:case_move": (move("accepted"), "post", answers(404, integration=302), OTHER),
    "settlement:case_arrive": (accepted_case, "get", OWN, OTHER),
    "settlement:case_settle": (case, "post", OWN, OTHER),
    "settlement:case_withdraw": (case, "post", OWN, OTHER),
    "settlement:member_add": (case, "post", OWN, OTHER),
    "settlement:member_edit": (member, "get", OWN, OTHER),
    "settlement:member_remove": (member, "post", answers(404, integration=302), OTHER),
    "settlement:year": (year, "get", answers(404, **YEAR), answers(404, **YEAR)),
    # No object: the municipalities are the user's own; posted empty, the form answers with its errors.
    "settlement:settings": (nothing, "post", answers(404, **YEAR), answers(404, **YEAR)),
}


# ---------------------------------------------------------------------- the integration service's record
# Read by who reads the settlement section (the integration service, health, Nav), written only by the
# integration service; no one here reaches Ål's adult.
def _record_rows():
    from tests.access_matrix import SETTLEMENT_READERS, person

    def test_row(world, role, place):
        return {**person(world, role, place), "row": 0}

    writes = (answers(404, integration=200), OTHER)
    return {
        "settlement:integration_record": (person, "get", answers(404, **SETTLEMENT_READERS), OTHER),
        "settlement:integration_record_edit": (person, "get", *writes),
        "settlement:norwegian_training_edit": (person, "get", *writes),
        "settlement:norwegian_test_add": (person, "get", *writes),
        # Removing a test that does not exist changes nothing and goes back to the record.
        "settlement:norwegian_test_remove": (test_row, "post", answers(404, integration=302), OTHER),
    }


MATRIX.update(_record_rows())


# ---------------------------------------------------------------------------- the API
# A list answers everyone logged in (empty where they read nothing); a detail is 404 to who may not
# read it; a reply posted empty answers with its field errors (400) to who may answer.
def settlement_year(world, role, place):
    from lagrundt.settlement.models import SettlementRequest

    municipality = world.hemsedal if place == "own" else world.aal
    found, _ = SettlementRequest.objects.get_or_create(
        municipality=municipality, year=timezone.localdate().year, defaults=dict(requested=10)
    )
    return {"pk": found.pk}


def _api_rows():
    from tests.access_matrix import API_ANON

    listed = answers(200, anonymous=API_ANON)
    other = answers(404, anonymous=API_ANON)
    return {
        "settlement-request-list": (nothing, "get", listed, listed),
        "settlement-request-detail": (
            settlement_year,
            "get",
            answers(404, anonymous=API_ANON, **YEAR),
            other,
        ),
        "settlement-case-list": (nothing, "get", listed, listed),
        "settlement-case-detail": (case, "get", answers(404, anonymous=API_ANON, **CASES), other),
        "settlement-case-reply": (case, "post", answers(404, anonymous=API_ANON, integration=400), other),
    }


MATRIX.update(_api_rows())
