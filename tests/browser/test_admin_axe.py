"""The Django admin passes axe like every other page: its index, every model's list (with its actions
and filters) and add form, and a user's change form with the memberships inline."""

import pytest
from django.contrib import admin
from django.urls import reverse

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def _violations(page) -> str | None:
    try:
        assert_accessible(page)
    except pytest.fail.Exception as failure:
        return str(failure)
    return None


def test_every_admin_list_and_form_passes_axe(world, page):
    log_in(page, "hemsedal-sysadmin")
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
    # A change form with an inline: the nurse's user, with her membership.
    urls.append(reverse("admin:auth_user_change", args=[world.users["health"].pk]))
    failures = []
    for url in urls:
        response = page.goto(url)
        if response is None or response.status != 200:
            continue  # an admin that allows no adding (the audit log) answers 403
        found = _violations(page)
        if found:
            failures.append(found)
    assert not failures, "\n".join(failures)


def test_the_users_list_with_its_actions_and_filters_passes_axe(world, page):
    log_in(page, "hemsedal-sysadmin")
    page.goto(reverse("admin:auth_user_changelist"))
    assert page.locator("select[name=action]").count() == 1
    assert page.locator("#changelist-filter").count() == 1
    assert_accessible(page)
