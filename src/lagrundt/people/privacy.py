"""What the register holds about a person (innsyn), and removing it when its retention has run out.

Identity: the name and contact go, and the search words with them, so that search no longer finds
the person; birth date, sex, country background and languages stay for statistics. National ID: the
number goes. Settlement: the IMDi reference goes; dates, category and the move-out stay. Family: the
household's name goes (it carries the family name), for every member, since a household has one name;
the relations stay. Notes of any section are removed whole.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from lagrundt.access.sections import Section
from lagrundt.core.plugins import Anonymised, SubjectPart, SubjectRecord, SubjectRow

from .languages import Language
from .models import Household, MoveOut, Person, SearchToken, SectionNote, Settlement

S = Section

# What an anonymised person is called. The same word in bokmål and nynorsk.
ANONYMOUS_GIVEN_NAME = "Anonymisert"
ANONYMOUS_FAMILY_NAME = "person"
CONTACT_FIELDS = ("phone", "email", "address")

IDENTITY_SHOWN = (
    "given_name",
    "family_name",
    "birth_date",
    "sex",
    "country_background",
    "interpreter_needed",
    "interpreter_language",
    "phone",
    "email",
    "address",
    "consents_to_leisure_contact",
    "leisure_consent_on",
    "municipality",
)


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def subject_access(person, sections) -> list[SubjectPart]:
    parts = []
    if S.IDENTITY in sections:
        record = SubjectRecord.of(_("Name and contact"), person, IDENTITY_SHOWN)
        labels = dict(Language.choices)
        languages = [str(labels[code]) for code in person.languages or [] if code in labels]
        rows = record.rows + ((SubjectRow(_("Languages"), languages),) if languages else ())
        parts.append(SubjectPart(S.IDENTITY, (SubjectRecord(record.title, rows),)))
    if S.NATIONAL_ID in sections and person.national_id:
        parts.append(
            SubjectPart(
                S.NATIONAL_ID, (SubjectRecord.of(_("National identity number"), person, ["national_id"]),)
            )
        )
    if S.SETTLEMENT in sections:
        records = []
        settlement = Settlement.objects.filter(person=person).select_related("municipality").first()
        if settlement:
            records.append(
                SubjectRecord.of(
                    _("Settlement"),
                    settlement,
                    ["settled_on", "municipality", "category", "came_directly", "imdi_reference"],
                )
            )
        move_out = MoveOut.objects.filter(person=person).first()
        if move_out:
            records.append(
                SubjectRecord.of(
                    _("Moved out"),
                    move_out,
                    ["moved_on", "destination_municipality", "destination_country", "reason"],
                )
            )
        parts.append(SubjectPart(S.SETTLEMENT, tuple(records)))
    if S.FAMILY in sections:
        records = []
        if person.household_id:
            household = Household.objects.get(pk=person.household_id)
            records.append(SubjectRecord(_("Household"), (SubjectRow(_("Household name"), household.name),)))
        relations = person.relations.select_related("relative").order_by("relative__birth_date", "pk")
        rows = tuple(SubjectRow(str(r.get_kind_display()), r.relative.full_name) for r in relations)
        if rows:
            records.append(SubjectRecord(_("Relations"), rows))
        parts.append(SubjectPart(S.FAMILY, tuple(records)))
    notes: dict[str, list[SubjectRecord]] = {}
    for note in SectionNote.objects.filter(person=person, section__in=list(sections)).select_related(
        "author"
    ):
        notes.setdefault(note.section, []).append(
            SubjectRecord(
                _("Note"),
                (
                    SubjectRow(_("Written on"), note.written_at),
                    SubjectRow(_("Written by"), _name(note.author)),
                    SubjectRow(_("Text"), note.body),
                ),
            )
        )
    parts.extend(SubjectPart(section, tuple(records)) for section, records in notes.items())
    return parts


def anonymise(section, person_ids, dry_run) -> list[Anonymised]:
    persons = Person.objects.filter(pk__in=list(person_ids))
    found = []
    if section == S.IDENTITY:
        found.append(_names_removed(persons, dry_run=dry_run))
        found.append(Anonymised.deleted(SearchToken.objects.filter(person__in=persons), dry_run=dry_run))
    elif section == S.NATIONAL_ID:
        holding = persons.filter(national_id__isnull=False)
        count = holding.count()
        if count and not dry_run:
            holding.update(national_id=None, updated_at=timezone.now())
        found.append(Anonymised(capfirst(str(Person._meta.verbose_name_plural)), count, (_("National ID"),)))
    elif section == S.SETTLEMENT:
        found.append(
            Anonymised.emptied(
                Settlement.objects.filter(person__in=persons), ["imdi_reference"], dry_run=dry_run
            )
        )
    elif section == S.FAMILY:
        found.append(_household_names_removed(persons, dry_run=dry_run))
    found.append(
        Anonymised.deleted(SectionNote.objects.filter(person__in=persons, section=section), dry_run=dry_run)
    )
    return found


def is_anonymised(person: Person) -> bool:
    return (person.given_name, person.family_name) == (ANONYMOUS_GIVEN_NAME, ANONYMOUS_FAMILY_NAME)


def _names_removed(persons, *, dry_run: bool) -> Anonymised:
    holding = persons.filter(
        ~Q(given_name=ANONYMOUS_GIVEN_NAME)
        | ~Q(family_name=ANONYMOUS_FAMILY_NAME)
        | ~Q(phone="")
        | ~Q(email="")
        | ~Q(address="")
    )
    count = holding.count()
    if count and not dry_run:
        holding.update(
            updated_at=timezone.now(),
            given_name=ANONYMOUS_GIVEN_NAME,
            family_name=ANONYMOUS_FAMILY_NAME,
            **dict.fromkeys(CONTACT_FIELDS, ""),
        )
    fields = ("given_name", "family_name", *CONTACT_FIELDS)
    return Anonymised(
        capfirst(str(Person._meta.verbose_name_plural)),
        count,
        tuple(capfirst(str(Person._meta.get_field(f).verbose_name)) for f in fields),
    )


def _household_names_removed(persons, *, dry_run: bool) -> Anonymised:
    """A household's name is its family's: it goes when the family section of a member is anonymised.

    The name becomes a reference (H-12), and the other members' search words are renewed without it.
    """
    from .services import index_names

    households = list(Household.objects.filter(pk__in=persons.values("household_id")).order_by("pk"))
    named = [h for h in households if h.name != f"H-{h.pk}"]
    if named and not dry_run:
        for household in named:
            Household.objects.filter(pk=household.pk).update(
                name=f"H-{household.pk}", updated_at=timezone.now()
            )
        # An anonymised member has no search words at all; the others keep theirs, without the old name.
        index_names(
            Person.objects.filter(household__in=named).exclude(
                given_name=ANONYMOUS_GIVEN_NAME, family_name=ANONYMOUS_FAMILY_NAME
            )
        )
    return Anonymised(
        capfirst(str(Household._meta.verbose_name_plural)),
        len(named),
        (capfirst(str(Household._meta.get_field("name").verbose_name)),),
    )
