"""The welcome letter as a PDF, read back: the municipality's page first, then the translations in the
household's languages, with Arabic and Tigrinya text extracted in logical order and the Noto fonts
embedded. The letter holds what the household should read, nothing internal."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditAction, AuditChannel, AuditEntry
from lagrundt.community.welcome import services
from lagrundt.community.welcome.profiles import letter_profiles
from lagrundt.people.models import Person

pytestmark = pytest.mark.django_db


def _templates(world, municipality, languages):
    actor = Actor(world.users["integration"], detail="test")
    letters = letter_profiles()[municipality.number].letters
    for code in languages:
        title, body = letters[code]
        services.letter_template_save(
            actor=actor, municipality=municipality, data={"language": code, "title": title, "body": body}
        )


def _fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object().get("/BaseFont")))
    return names


def test_the_letter_reads_back_in_arabic_and_tigrinya(world, login):
    _templates(world, world.hemsedal, ["nb", "ar", "ti"])
    adult, spouse = world.persons["adult"], world.persons["spouse"]
    Person.objects.filter(pk=adult.pk).update(languages=["ti"])
    Person.objects.filter(pk=spouse.pk).update(interpreter_needed=True, interpreter_language="ar")
    client = login(world, "integration")
    answer = client.get(reverse("community:welcome_letter_pdf", args=[adult.pk]))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(answer.content))
    assert len(reader.pages) == 3
    texts = [page.extract_text() for page in reader.pages]
    norwegian = texts[0]
    # The translations follow the members' languages (the spouse's Arabic, then the adult's Tigrinya).
    arabic, tigrinya = texts[1], texts[2]
    assert "Velkommen til Hemsedal" in norwegian and "Familien Haile" in norwegian
    # Tigrinya (Ge'ez script): the title's words in their order.
    assert "እንቋዕ ብደሓን መጻእኩም" in tigrinya
    assert "ቤተ መጻሕፍቲ" in tigrinya
    assert "ቤት ጽሕፈት ኣገልግሎት" in tigrinya
    # Arabic: every sentence as typed, in logical order (not reversed for display), each letter its own.
    assert "مرحبًا بكم في" in arabic
    assert "نحن سعداء لأنكم تسكنون الآن في" in arabic
    assert "مكتب الخدمات في البلدية يساعدكم في الأسئلة العملية." in arabic
    assert "المكتبة مفتوحة للجميع، واستعارة الكتب مجانية." in arabic
    assert arabic.index("مكتب") < arabic.index("يساعدكم") < arabic.index("الكتب")
    fonts = " ".join(_fonts(reader)).replace("-", "")  # "ABCDEF+DejaVuSans": a subset, embedded
    assert "DejaVuSans" in fonts and "NotoSansEthiopic" in fonts
    # Nothing internal: no codes or record keys in the letter.
    for text in (norwegian, tigrinya, arabic):
        assert "{household}" not in text and "community" not in text


def test_the_pages_follow_the_members_languages_and_templates(world):
    _templates(world, world.hemsedal, ["nb", "ar", "ti"])
    _household, members = services.recipients(world.persons["adult"])
    assert [t.language for t in services.letter_pages(world.hemsedal, members)] == ["nb"]
    Person.objects.filter(pk=world.persons["teen"].pk).update(languages=["ar", "fr"])
    _household, members = services.recipients(world.persons["adult"])
    assert [t.language for t in services.letter_pages(world.hemsedal, members)] == ["nb", "ar"]


def test_the_letter_is_an_export_of_the_households_community_section(world, login):
    _templates(world, world.hemsedal, ["nb"])
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    login(world, "integration").get(reverse("community:welcome_letter_pdf", args=[world.persons["adult"].pk]))
    exported = AuditEntry.objects.filter(pk__gt=last, action=AuditAction.EXPORT, channel=AuditChannel.EXPORT)
    members = set(
        world.persons["adult"]
        .household.members.filter(moved_out_on__isnull=True)
        .values_list("pk", flat=True)
    )
    assert set(exported.values_list("person_id", flat=True)) == members


def test_a_school_cannot_open_the_letter(world, login):
    _templates(world, world.hemsedal, ["nb"])
    url = reverse("community:welcome_letter_pdf", args=[world.persons["adult"].pk])
    assert login(world, "school").get(url).status_code == 404
