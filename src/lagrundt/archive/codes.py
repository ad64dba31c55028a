"""The Noark 5 codes and legal references the archive messages use, as data.

Each value names where it comes from; ``assumed`` marks a value we could not check against the
municipality's own archive plan (its classification scheme and the archive's code lists may differ, and
the municipality's archivist should confirm them before the first delivery).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str
    description: str
    source: str
    assumed: bool = False


# The system that owns the external keys (eksternNoekkel/fagsystem).
SYSTEM = "Lagrundt"

# Noark 5 metadata catalogue code lists (M082 journalposttype, M087 korrespondanseparttype,
# M083 dokumenttype, M054 dokumentstatus, M217 tilknyttetRegistreringSom, M700 variantformat).
OUTGOING = Code("U", "Utgående dokument", "Noark 5 M082 journalposttype")
RECIPIENT = Code("EM", "Mottaker", "Noark 5 M087 korrespondanseparttype")
INTERNAL_SENDER = Code("IA", "Intern avsender", "Noark 5 M087 korrespondanseparttype")
LETTER = Code("B", "Brev", "Noark 5 M083 dokumenttype (kommunal praksis)", assumed=True)
REPORT = Code("R", "Rapport", "Noark 5 M083 dokumenttype (kommunal praksis)", assumed=True)
FINISHED = Code("F", "Dokumentet er ferdigstilt", "Noark 5 M054 dokumentstatus")
MAIN_DOCUMENT = Code("H", "Hoveddokument", "Noark 5 M217 tilknyttetRegistreringSom")
ARCHIVE_FORMAT = Code("A", "Arkivformat", "Noark 5 M700 variantformat")
PDF_A = Code("RA-PDF", "PDF/A - ISO 19005-2", "Arkivverket, arkivformater (forskrift § 5-17)", assumed=True)
PDF_VARIANT = "pdf/a-2b"  # what WeasyPrint is asked for; read back as part 2, conformance B

# Screening of confidential personal data: offentleglova § 13 (taushetsplikt) with forvaltningsloven
# § 13 (personlige forhold). "13" is the code for offentleglova § 13 in the archive's list of access
# restrictions (Noark 5 M500 tilgangsrestriksjon).
SCREENING = Code("13", "Taushetsbelagte opplysninger", "Noark 5 M500 tilgangsrestriksjon; offentleglova § 13")
SCREENING_BASIS = "Offl. § 13 jf. fvl. § 13"

# Classification. A case folder per person is ordered by the national ID (ordningsprinsipp FNR),
# shown only where the user reads the national ID; every folder also gets a subject code.
BY_NATIONAL_ID = Code("FNR", "Fødselsnummer", "Noark 5 ordningsprinsipp FNR")
SUBJECT_SYSTEM = Code("KODE", "K-koder (KS arkivnøkkel)", "KS arkivnøkkel for kommuner", assumed=True)
SUBJECT_REFUGEES = Code("F47", "Flyktninger, bosetting og integrering", "KS arkivnøkkel", assumed=True)
SUBJECT_PLANS = Code("143", "Planer og rapporter til kommunestyret", "KS arkivnøkkel", assumed=True)

COUNTRY = "NO"
