"""In a real browser on a phone: a refugee opens the one-time link from a slip, chooses Arabic, answers
the survey right to left, sends it and is thanked; the link does not work a second time. Every page is
checked with axe-core (WCAG 2.1 A and AA) and for sideways scrolling at 390 pixels."""

import pytest

from lagrundt.surveys import services
from lagrundt.surveys.models import Answer, Response
from tests.surveys.factories import codes, make_survey

from .conftest import TIMEOUT_MS, assert_accessible

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture fails (CI) or skips with a clear message
    expect = None
else:
    expect.set_options(timeout=TIMEOUT_MS)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _fits_the_phone(page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways: {width} px wide"


def test_a_refugee_answers_in_arabic_on_a_phone(world, new_page):
    survey, _scale, _choice, _text = make_survey(world)
    (code,) = codes(world, survey, 1)
    page = new_page("nb-NO")
    page.set_viewport_size(PHONE)
    link = f"/undersokelser/svar/{services.printed(code)}/"

    page.goto(link)
    _fits_the_phone(page)
    assert_accessible(page)
    page.get_by_role("link", name="العربية").click()

    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    _fits_the_phone(page)
    assert_accessible(page)

    # Sent without the required question: told so, and the typed text is kept.
    page.get_by_role("textbox", name="هل هناك شيء آخر تود قوله؟").fill("أريد دروساً أكثر في اللغة")
    page.locator("button[type=submit]").click()
    expect(page.locator(".ds-error-summary")).to_be_visible()
    expect(page.get_by_role("textbox", name="هل هناك شيء آخر تود قوله؟")).to_have_value(
        "أريد دروساً أكثر في اللغة"
    )
    _fits_the_phone(page)
    assert_accessible(page)
    assert not Response.objects.exists()

    page.get_by_role("group", name="ما مدى ارتياحك في البلدية؟").get_by_label("4").check()
    page.get_by_label("عمل").check()
    page.locator("button[type=submit]").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    _fits_the_phone(page)
    assert_accessible(page)
    assert Response.objects.count() == 1
    assert set(Answer.objects.values_list("value", flat=True)) >= {4}

    # The slip's link is used up.
    page.goto(link + "?lang=ar")
    expect(page.locator(".ds-alert")).to_contain_text("not valid or has already been used")
    _fits_the_phone(page)
    assert_accessible(page)
    assert Response.objects.count() == 1


def test_the_integration_service_and_leadership_pages_are_accessible(world, new_page):
    from django.urls import reverse

    from .conftest import log_in

    survey, scale, choice, text = make_survey(world)
    made = codes(world, survey, 6)
    for i, code in enumerate(made):
        services.response_submit(
            survey=survey,
            code=code,
            data={
                f"q{scale.pk}": "5",
                f"q{choice.pk}": str(choice.choices.all()[i % 2].pk),
                f"q{text.pk}": "Fint",
            },
        )
    fresh, *_rest = make_survey(world)
    page = new_page()
    log_in(page, "hemsedal-integration")
    for url in (
        reverse("surveys:question_create", args=[fresh.pk]),
        reverse("surveys:question_edit", args=[fresh.pk, fresh.questions.first().pk]),
        reverse("surveys:survey_list"),
        reverse("surveys:survey_detail", args=[survey.pk]),
        reverse("surveys:survey_texts", args=[survey.pk]),
        reverse("surveys:codes_make", args=[survey.pk]),
        reverse("surveys:survey_create"),
        reverse("surveys:results", args=[survey.pk]),
    ):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    expect(page.locator("main")).to_contain_text("Fint")
    leader = new_page()
    log_in(leader, "hemsedal-leadership")
    leader.goto(reverse("surveys:results", args=[survey.pk]))
    expect(leader.locator("main")).to_contain_text("Norskopplæring")
    expect(leader.locator("main")).not_to_contain_text("Fint")
    assert_accessible(leader)
