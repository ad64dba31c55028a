"""The calendar address is built on the host the user has open, not on a configured address."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from lagrundt.accounts.two_factor import client_login

pytestmark = pytest.mark.django_db


@override_settings(BASE_URL="http://configured.invalid")
@pytest.mark.parametrize("host", ["lagrundt.kommune.test", "intern.example.test:8443"])
def test_the_feed_address_and_its_task_links_use_the_host_of_the_request(world, host):
    nurse = client_login(Client(HTTP_HOST=host), world.users["health"])
    page = nurse.post(reverse("routines:notice_feed_new"))
    assert page.status_code == 200
    url = page.context["feed_url"]
    assert url.startswith(f"http://{host}/") and url.endswith(".ics")
    assert "configured.invalid" not in page.content.decode()
    assert url in page.content.decode()
    # The calendar program reads the feed on that host, and the events link back to it.
    feed = Client(HTTP_HOST=host).get(url.removeprefix(f"http://{host}"))
    assert feed.status_code == 200
    assert "configured.invalid" not in feed.content.decode()
