"""Error pages speak the user's language, keep the navigation, and the 500 page needs nothing to render."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_not_found_is_a_norwegian_page_with_navigation(world, login):
    client = login(world, "school")
    response = client.get(reverse("people:person_detail", args=[world.persons["adult"].pk]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "Vi fant ikke siden" in page
    assert 'aria-label="Hovedmeny"' in page


def test_not_found_in_nynorsk(world, login):
    client = login(world, "aal-integration")
    client.cookies.load({"django_language": "nn"})
    response = client.get("/finst-ikkje/")
    assert response.status_code == 404
    assert "Vi fann ikkje sida" in response.content.decode()


def test_server_error_page_renders_without_request_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Noe gikk galt" in page and 'lang="nb"' in page
