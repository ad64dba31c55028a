"""The programme's start page: a primary action to start a new participant, and the current tab marked."""

import re

import pytest
from django.urls import reverse

from lagrundt.accounts.two_factor import client_login

pytestmark = pytest.mark.django_db


def _current_links(html: str) -> list[str]:
    return re.findall(r'<a class="ds-link" href="([^"]*)" aria-current="page">', html)


def test_the_start_page_has_a_new_participant_action_leading_to_the_register(world, client):
    client_login(client, world.users["integration"])
    html = client.get(reverse("intro:participant_list")).content.decode()
    action = re.search(
        r'<a class="ds-button" data-variant="primary" href="([^"]+)">New participant</a>', html
    )
    assert action, "no primary 'New participant' action"
    assert action.group(1) == reverse("people:person_list")
    # The register's search opens for the same user, so the action leads somewhere they can go.
    assert client.get(action.group(1)).status_code == 200


def test_the_current_tab_of_the_programme_navigation_is_marked(world, client):
    client_login(client, world.users["integration"])
    html = client.get(reverse("intro:participant_list")).content.decode()
    nav = re.search(r'<nav class="lg-toolbar" aria-label="Introduction programme">(.*?)</nav>', html, re.S)
    assert nav, "no sub-navigation of the programme"
    assert _current_links(nav.group(1)) == [reverse("intro:participant_list")]
    for name in ("intro:payroll_index", "intro:indicators", "intro:rules"):
        assert f'href="{reverse(name)}"' in nav.group(1)


def test_a_reader_gets_no_new_participant_action(world, client):
    client_login(client, world.users["nav"])
    response = client.get(reverse("intro:participant_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "New participant" not in html
    nav = re.search(r'<nav class="lg-toolbar" aria-label="Introduction programme">(.*?)</nav>', html, re.S)
    assert nav and reverse("intro:payroll_index") not in nav.group(1)
