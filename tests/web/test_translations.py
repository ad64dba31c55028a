"""The Norwegian catalogues are complete and sound, and the pages speak the language the user chose.

English is the source language: its catalogue stays empty and the msgids are shown as they are.
"""

import gettext as gettext_module
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib
import pytest
from django.test.signals import language_changed
from django.utils.html import escape

import lagrundt

SOURCE_DIR = Path(lagrundt.__file__).resolve().parent
LOCALE_DIR = SOURCE_DIR / "locale"
TRANSLATED = ["nb", "nn"]
ALL_LANGUAGES = [*TRANSLATED, "en"]
# The shared catalogue, and each app's own in its locale/ folder (see lagrundt.core.plugins).
LOCALE_DIRS = sorted({po.parents[2] for po in SOURCE_DIR.glob("**/locale/*/LC_MESSAGES/django.po")})
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"

# %(name)s, %(count)d, %s, %5.2f … but not a literal %%.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0+]*\d*(?:\.\d+)?[sdifr]")


def po_path(language: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / language / "LC_MESSAGES" / "django.po"


def catalogues(languages: list[str]) -> list:
    """(language, locale folder) for every catalogue, with a readable test id."""
    return [
        pytest.param(language, locale_dir, id=f"{locale_dir.relative_to(SOURCE_DIR)}-{language}")
        for locale_dir in LOCALE_DIRS
        for language in languages
    ]


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text.replace("%%", "")))


def live_entries(language: str, locale_dir: Path = LOCALE_DIR) -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(po_path(language, locale_dir))) if not e.obsolete]


def describe(entry: polib.POEntry) -> str:
    return repr(entry.msgid if len(entry.msgid) <= 60 else entry.msgid[:57] + "...")


# ------------------------------------------------------------------------------------ the catalogues


def test_every_app_catalogue_has_all_languages():
    missing = [
        str(po_path(lang, d)) for d in LOCALE_DIRS for lang in ALL_LANGUAGES if not po_path(lang, d).exists()
    ]
    assert not missing, f"catalogues missing: {missing}"


@pytest.mark.parametrize(("language", "locale_dir"), catalogues(ALL_LANGUAGES))
def test_catalogue_exists_with_a_sound_header(language, locale_dir):
    po = polib.pofile(str(po_path(language, locale_dir)))
    assert po.metadata.get("Language") == language
    assert po.metadata.get("Plural-Forms") == PLURAL_FORMS
    assert "charset=UTF-8" in po.metadata.get("Content-Type", "")
    if language in TRANSLATED:
        assert not po.metadata_is_fuzzy, "the header is marked fuzzy, so msgfmt would ignore it"


@pytest.mark.parametrize(("language", "locale_dir"), catalogues(TRANSLATED))
def test_every_entry_is_translated(language, locale_dir):
    untranslated = []
    for entry in live_entries(language, locale_dir):
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(i, "") for i in range(2)]
            if not all(form.strip() for form in forms):
                untranslated.append(describe(entry))
        elif not entry.msgstr.strip():
            untranslated.append(describe(entry))
    assert not untranslated, f"{language}: {len(untranslated)} untranslated: {', '.join(untranslated)}"


@pytest.mark.parametrize(("language", "locale_dir"), catalogues(TRANSLATED))
def test_no_entry_is_fuzzy(language, locale_dir):
    fuzzy = [describe(e) for e in live_entries(language, locale_dir) if "fuzzy" in e.flags]
    assert not fuzzy, f"{language}: fuzzy entries (check and remove the flag): {', '.join(fuzzy)}"


@pytest.mark.parametrize(("language", "locale_dir"), catalogues(TRANSLATED))
def test_placeholders_are_kept(language, locale_dir):
    wrong = []
    for entry in live_entries(language, locale_dir):
        if entry.msgid_plural:
            allowed = set(placeholders(entry.msgid)) | set(placeholders(entry.msgid_plural))
            forms = [entry.msgstr_plural.get(i, "") for i in sorted(entry.msgstr_plural)]
            # The singular form may leave the number out ("Én person"); the others must keep all.
            if any(not set(placeholders(form)) <= allowed for form in forms) or (
                forms and placeholders(forms[-1]) != placeholders(entry.msgid_plural)
            ):
                wrong.append(describe(entry))
        elif entry.msgstr and placeholders(entry.msgid) != placeholders(entry.msgstr):
            wrong.append(f"{describe(entry)}: {placeholders(entry.msgid)} ≠ {placeholders(entry.msgstr)}")
    assert not wrong, f"{language}: placeholders differ: {'; '.join(wrong)}"


# ------------------------------------------------------------------------------------ rendered pages


def _compile(po: Path, mo: Path) -> None:
    """Compile like `make` does (msgfmt --check-format), into a temporary file moved into place."""
    fd, tmp = tempfile.mkstemp(dir=mo.parent, suffix=".mo.tmp")
    os.close(fd)
    try:
        msgfmt = shutil.which("msgfmt")
        if msgfmt:
            subprocess.run([msgfmt, "--check-format", "-o", tmp, str(po)], check=True)  # noqa: S603
        else:
            polib.pofile(str(po)).save_as_mofile(tmp)
        os.replace(tmp, mo)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@pytest.fixture(scope="session")
def compiled_messages():
    """The .mo files are git-ignored and built by `make`; build them here when missing or stale."""
    compiled = []
    for language, locale_dir in ((lang, d) for d in LOCALE_DIRS for lang in ALL_LANGUAGES):
        po = po_path(language, locale_dir)
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            _compile(po, mo)
            compiled.append(str(mo))
    if compiled:
        # Forget catalogues loaded before the files existed, as when LOCALE_PATHS changes in a test.
        for key in [k for k in gettext_module._translations if k[1] in compiled]:
            del gettext_module._translations[key]
        language_changed(setting="LOCALE_PATHS")


def msgstr(language: str, msgid: str) -> str:
    if language == "en":
        return msgid
    return next(e.msgstr for e in live_entries(language) if e.msgid == msgid and not e.msgctxt)


def login_page(client, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get("/logg-inn/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("nn", "Logg inn i Lagrundt"), ("nb", "Logg inn i Lagrundt"), ("en", "Log in to Lagrundt")],
)
def test_login_page_speaks_the_chosen_language(client, compiled_messages, language, expected):
    assert msgstr(language, "Log in to Lagrundt") == expected
    html = login_page(client, language)
    assert f'<html lang="{language}"' in html
    assert escape(expected) in html
    # A string that differs between the three languages, so that nb and nn are told apart too.
    assert escape(msgstr(language, "Skip to main content")) in html
    for other in ALL_LANGUAGES:
        if other != language:
            assert escape(msgstr(other, "Skip to main content")) not in html


def test_nynorsk_and_bokmal_differ():
    """A catalogue copied from the other written standard would pass every check above."""
    same = [
        msgid
        for msgid in (
            "Skip to main content",
            "Household",
            "Settlement",
            "You cannot register persons in this municipality.",
        )
        if msgstr("nb", msgid) == msgstr("nn", msgid)
    ]
    assert not same
    assert msgstr("nn", "Household") == "Hushald"
    assert msgstr("nb", "Household") == "Husstand"


def test_every_string_in_the_code_is_in_its_catalogue(tmp_path):
    """makemessages over a copy of the source finds no msgid the committed catalogues lack.

    Without this, a string added without ``make messages`` would pass every test above and show in
    English to a Norwegian user.
    """
    if not shutil.which("xgettext"):
        pytest.skip("gettext is installed by make")
    copy = tmp_path / "lagrundt"
    shutil.copytree(
        SOURCE_DIR, copy, ignore=shutil.ignore_patterns("static", "__pycache__", "*.mo", "migrations")
    )
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "nb", "--no-location", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lagrundt.settings_test",
            "PYTHONPATH": str(SOURCE_DIR.parent),
        },
    )
    missing = []
    for fresh in sorted(copy.glob("**/locale/nb/LC_MESSAGES/django.po")):
        committed = po_path("nb", SOURCE_DIR / fresh.parents[2].relative_to(copy))
        known = {(e.msgctxt, e.msgid) for e in polib.pofile(str(committed))} if committed.exists() else set()
        missing += [
            f"{committed.relative_to(SOURCE_DIR)}: {describe(e)}"
            for e in polib.pofile(str(fresh))
            if (e.msgctxt, e.msgid) not in known
        ]
    assert not missing, "run `make messages` and translate: " + "; ".join(missing)


@pytest.mark.parametrize(
    ("language", "congo", "blank"),
    [
        ("nn", "Kongo-Kinshasa", "– Vel –"),
        ("nb", "Kongo", "– Velg –"),
        ("en", "Congo - Kinshasa", "- Select an option -"),
    ],
)
def test_country_names_and_the_empty_choice_speak_the_language(compiled_messages, language, congo, blank):
    """Congo is an origin country in both plans; django-countries has no nynorsk and left it in English."""
    from django.utils import translation
    from django_countries import countries

    from lagrundt.people.models import Person

    with translation.override(language):
        assert countries.name("CD") == congo
        choices = dict(Person._meta.get_field("sex").formfield().choices)
        assert choices[""] == blank


@pytest.mark.django_db
def test_pages_speak_bokmal_unless_the_user_chose_another_language(client, compiled_messages):
    """An English browser gets bokmål until the user switches; the API honours Accept-Language."""
    html = client.get("/logg-inn/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="nb"' in html
    client.cookies["django_language"] = "nn"
    html = client.get("/logg-inn/", HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()
    assert '<html lang="nn"' in html
    client.cookies["django_language"] = "xx"  # not one of ours: the default
    assert '<html lang="nb"' in client.get("/logg-inn/").content.decode()
    del client.cookies["django_language"]
    response = client.get("/api/v1/persons/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response["Content-Language"] == "en"
