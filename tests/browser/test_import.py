"""In a real browser: a coordinator imports a spreadsheet of persons with two bad rows, sees the errors
(row, column, value, what is wrong), corrects the file, uploads it again, sees the preview and imports.
axe finds no violation on any page. (The tests' task backend checks and imports within the request.)"""

import re

import pytest

from lagrundt.people.models import Person
from tests.imports.helpers import csv_bytes, person_row

from .conftest import TIMEOUT_MS, assert_accessible, log_in

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture fails (CI) or skips with a clear message
    expect = None
else:
    expect.set_options(timeout=TIMEOUT_MS)

pytestmark = pytest.mark.browser


def test_a_coordinator_corrects_two_bad_rows_and_imports(world, page, tmp_path):
    rows = [
        person_row(),
        person_row(given="Omar", sex="M", birth="03.04.1978"),
        person_row(given="Lina", birth="05.06.2015"),
    ]
    bad = tmp_path / "personer.csv"
    bad.write_bytes(
        csv_bytes([rows[0], [*rows[1][:3], "31.02.1978", *rows[1][4:]], [*rows[2][:4], "?", *rows[2][5:]]])
    )
    good = tmp_path / "personer-rettet.csv"
    good.write_bytes(csv_bytes(rows))

    log_in(page, "hemsedal-integration")
    page.goto("/import/")
    expect(page.locator("main h1")).to_have_text("Import a spreadsheet")
    assert_accessible(page)

    page.locator("#id_kind").select_option("persons")
    page.locator("#id_municipality").select_option(str(world.hemsedal.pk))
    page.locator("#id_file").set_input_files(str(bad))
    page.locator("main form.lg-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/import/\d+/$"))
    errors = page.locator("#import-job table")
    expect(errors).to_contain_text("31.02.1978")
    expect(errors.locator("tbody tr")).to_have_count(2)
    assert_accessible(page)
    assert not Person.objects.filter(family_name="Nordvik").exists()

    page.get_by_role("link", name="Upload a corrected file").click()
    page.wait_for_url(re.compile(r"/import/$"))
    page.locator("#id_kind").select_option("persons")
    page.locator("#id_municipality").select_option(str(world.hemsedal.pk))
    page.locator("#id_file").set_input_files(str(good))
    page.locator("main form.lg-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/import/\d+/$"))
    expect(page.locator('[data-count="new"]')).to_have_text("3")
    expect(page.locator("#import-job")).to_contain_text("Nordvik, Omar")
    assert_accessible(page)

    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-job")).to_have_attribute("data-status", "done")
    expect(page.locator("#import-job .ds-alert")).to_contain_text("3 new, 0 changed, 0 unchanged.")
    assert_accessible(page)
    assert Person.objects.filter(family_name="Nordvik").count() == 3
