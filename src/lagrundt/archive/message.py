"""The Fiks Arkiv ``arkivmelding`` (create) for one letter: a case folder (saksmappe) and one outgoing
journal entry (journalpost "U") in it with the letter as PDF/A, built with lxml and checked against the
official schema (``no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd``).

The folder and the entry are sent together; the entry points to its folder by the folder's external
key (``referanseForelderMappe/referanseEksternNoekkel``), which is how the protocol links the two in one
message. Field by field mapping: docs/archive.md.
"""

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from lxml import etree

from . import codes
from .codes import Code

NS = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1"
MDK = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_FILE = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd"


def schema_dir() -> Path:
    """Where the official schemas are: the setting ``ARCHIVE_SCHEMA_DIR``, else the copy shipped with
    the app (``archive/data``: KS's schemas unchanged, MIT licence; a test holds it to the official)."""
    configured = getattr(settings, "ARCHIVE_SCHEMA_DIR", None)
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Party:
    """A person or an organisation named in the message."""

    name: str
    national_id: str = ""  # only where the user reads it
    organisation_number: str = ""
    address: str = ""
    is_person: bool = True


@dataclass(frozen=True)
class Folder:
    """The case folder (saksmappe) the letter is filed in: a person's, a household's or a plan's."""

    key: str  # the external key, stable for the folder
    title: str
    public_title: str
    parts: tuple[Party, ...] = ()
    national_id: str = ""  # classification by national ID, where the user reads it
    subject: Code = codes.SUBJECT_REFUGEES
    screened: bool = True
    unit: str = ""


@dataclass(frozen=True)
class Letter:
    """One letter as the archive receives it."""

    reference: str  # the journal entry's external key, and the message's name in the outbox
    title: str
    public_title: str
    dated: dt.date
    folder: Folder
    recipients: tuple[Party, ...]
    sender: str  # the municipality's unit
    author: str
    pdf: bytes = field(repr=False)
    filename: str
    document_type: Code = codes.LETTER
    screened: bool = True


def _sub(parent, name: str, text=None, ns: str = NS):
    element = etree.SubElement(parent, f"{{{ns}}}{name}")
    if text is not None:
        element.text = str(text)
    return element


def _code(parent, name: str, code: Code):
    element = _sub(parent, name)
    _sub(element, "kode", code.code, MDK)
    _sub(element, "beskrivelse", code.description, MDK)
    return element


def _key(parent, name: str, key: str, ns: str = NS):
    element = _sub(parent, name, ns=ns)
    _sub(element, "fagsystem", codes.SYSTEM, MDK)
    _sub(element, "noekkel", key, MDK)
    return element


def _screening(parent):
    element = _sub(parent, "skjerming")
    _code(element, "tilgangsrestriksjon", codes.SCREENING)
    _sub(element, "skjermingshjemmel", codes.SCREENING_BASIS)


def _classes(parent, folder: Folder):
    if folder.national_id:
        element = _sub(parent, "klassifikasjon")
        _sub(element, "klassifikasjonssystemID", codes.BY_NATIONAL_ID.code)
        _sub(element, "klasseID", folder.national_id)
        _sub(element, "erSkjermet", "true")
    element = _sub(parent, "klassifikasjon")
    _sub(element, "klassifikasjonssystemID", codes.SUBJECT_SYSTEM.code)
    _sub(element, "klasseID", folder.subject.code)
    _sub(element, "tittel", folder.subject.description)


def _folder(root, folder: Folder):
    mappe = _sub(root, "mappe")
    mappe.set(f"{{{XSI}}}type", "saksmappe")
    _sub(mappe, "tittel", folder.title)
    if folder.public_title != folder.title:
        _sub(mappe, "offentligTittel", folder.public_title)
    for party in folder.parts:
        part = _sub(mappe, "part")
        _sub(part, "partNavn", party.name)
        if party.national_id:
            person = _sub(part, "personID")
            _sub(person, "landkode", codes.COUNTRY)
            _sub(person, "identifikator", party.national_id)
        if party.is_person:
            _sub(part, "erSkjermet", "true")
            _sub(part, "erPersonnavn", "true")
    if folder.screened:
        _screening(mappe)
    _classes(mappe, folder)
    _key(mappe, "referanseEksternNoekkel", folder.key)
    if folder.unit:
        _sub(_sub(mappe, "administrativEnhet"), "navn", folder.unit, MDK)


def _correspondent(parent, party: Party, kind: Code):
    element = _sub(parent, "korrespondansepart")
    _code(element, "korrespondanseparttype", kind)
    _sub(element, "korrespondansepartNavn", party.name)
    if party.national_id:
        _sub(element, "personid", party.national_id)
    elif party.organisation_number:
        _sub(element, "organisasjonid", party.organisation_number)
    if party.address:
        _sub(element, "postadresse", party.address)
    if party.is_person:
        _sub(element, "erSkjermet", "true")
        _sub(element, "erPersonnavn", "true")


def _entry(root, letter: Letter):
    entry = _sub(root, "registrering")
    entry.set(f"{{{XSI}}}type", "journalpost")
    parent = _sub(entry, "referanseForelderMappe")
    _key(parent, "referanseEksternNoekkel", letter.folder.key, MDK)
    if letter.screened:
        _screening(entry)
    description = _sub(entry, "dokumentbeskrivelse")
    _code(description, "dokumenttype", letter.document_type)
    _code(description, "dokumentstatus", codes.FINISHED)
    _sub(description, "tittel", letter.title)
    _code(description, "tilknyttetRegistreringSom", codes.MAIN_DOCUMENT)
    _sub(description, "dokumentnummer", 1)
    document = _sub(description, "dokumentobjekt")
    _sub(document, "versjonsnummer", 1)
    _code(document, "variantformat", codes.ARCHIVE_FORMAT)
    _code(document, "format", codes.PDF_A)
    _sub(document, "mimeType", "application/pdf")
    _sub(document, "filnavn", letter.filename)
    _sub(document, "referanseDokumentfil", letter.filename)
    _sub(document, "sjekksum", hashlib.sha256(letter.pdf).hexdigest())
    _sub(document, "sjekksumAlgoritme", "SHA256")
    _sub(document, "filstoerrelse", len(letter.pdf))
    _sub(entry, "tittel", letter.title)
    if letter.public_title != letter.title:
        _sub(entry, "offentligTittel", letter.public_title)
    _sub(entry, "forfatter", letter.author)
    _correspondent(entry, Party(name=letter.sender, is_person=False), codes.INTERNAL_SENDER)
    for recipient in letter.recipients:
        _correspondent(entry, recipient, codes.RECIPIENT)
    _key(entry, "referanseEksternNoekkel", letter.reference)
    _code(entry, "journalposttype", codes.OUTGOING)
    _sub(entry, "dokumentetsDato", letter.dated.isoformat())
    _sub(entry, "antallVedlegg", 0)


def build(letter: Letter) -> bytes:
    """The arkivmelding for ``letter`` as UTF-8 XML (not yet validated: see ``validate``)."""
    root = etree.Element(f"{{{NS}}}arkivmelding", nsmap={None: NS, "n5mdk": MDK, "xsi": XSI})
    _sub(root, "system", codes.SYSTEM)
    _sub(root, "antallFiler", 1)
    _folder(root, letter.folder)
    _entry(root, letter)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@functools.cache
def schema():
    """The official schema, loaded once per process (it imports the metadata catalogue beside it)."""
    return etree.XMLSchema(etree.parse(str(schema_dir() / SCHEMA_FILE)))


def errors(xml: bytes) -> list[str]:
    """What is wrong with ``xml`` against the schema: empty when it is valid."""
    checker = schema()
    if checker.validate(etree.fromstring(xml)):
        return []
    return [f"line {e.line}: {e.message}" for e in checker.error_log]
