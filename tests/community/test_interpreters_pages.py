"""The welcome, interpreter and follow-up pages under hostile query parameters and path arguments: no
answer of 500 (the suite-wide fuzz, run on this part's rows alone)."""

import pytest
from django.db import transaction
from django.urls import reverse

from lagrundt.accounts.two_factor import client_login
from tests.access_matrix import ROLES
from tests.community.test_welcome_pages import ROWS
from tests.test_param_fuzz import NOT_PARAMETERS, PROBE, _page_parameters, _paths, _queries, recorded  # noqa: F401

pytestmark = pytest.mark.django_db


def _answer(client, url: str) -> tuple[int, str]:
    try:
        with transaction.atomic():
            response = client.get(url)
    except Exception as exc:  # the test client raises what the view raised
        return 500, f"{type(exc).__name__}: {exc}"[:200]
    return response.status_code, ""


@pytest.mark.parametrize("name", sorted(n for n, row in ROWS.items() if row[1] == "get"))
def test_no_parameter_answers_500(name, world, client, recorded):  # noqa: F811
    build, _method, own, _other = ROWS[name]
    role = next(r for r in ROLES if own[r] == 200)
    kwargs = build(world, role, "own")
    url = reverse(name, kwargs=kwargs)
    client_login(client, world.users[role])
    recorded.clear()
    probe = client.get(f"{url}?{PROBE}=1")
    assert probe.status_code == 200
    in_page, base = _page_parameters(probe, url)
    names = sorted((recorded | in_page) - NOT_PARAMETERS)
    failures = []
    for target in [*(f"{url}?{q}" for q in _queries(names, base)), *_paths(name, kwargs)]:
        status, cause = _answer(client, target)
        if status >= 500:
            failures.append(f"{role} GET {target[:140]}: {status} {cause}")
    assert not failures, "\n".join(failures)
