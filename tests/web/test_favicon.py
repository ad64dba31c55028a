"""Browsers ask for /favicon.ico whatever a page links to: it answers everyone, logged in or not, with a
permanent redirect to the site's icon, which is served."""

from django.contrib.staticfiles import finders
from django.templatetags.static import static


def test_favicon_redirects_anyone_to_the_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == static("web/favicon.svg")
    icon = finders.find("web/favicon.svg")
    assert icon is not None
    with open(icon, encoding="utf-8") as svg:
        assert svg.read().lstrip().startswith("<svg")


def test_favicon_does_not_ask_for_a_login_nor_write(client, world, django_assert_max_num_queries):
    from lagrundt.access.models import AuditEntry

    with django_assert_max_num_queries(0):
        anonymous = client.get("/favicon.ico", follow=False)
    assert anonymous.status_code == 301 and "logg-inn" not in anonymous["Location"]
    client.force_login(world.users["health"])
    before = AuditEntry.objects.count()
    assert client.get("/favicon.ico")["Location"] == static("web/favicon.svg")
    assert AuditEntry.objects.count() == before
