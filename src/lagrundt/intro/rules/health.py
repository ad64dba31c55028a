"""Health data stays out of the programme's free text: a check for what looks like a diagnosis."""

import re

# A diagnosis code (ICD-10 "F43.1", ICPC-2 "P76") or the word itself: the assessment records what a
# participant can and cannot do, never why. Diagnoses are health data that only health reads.
_DIAGNOSIS_WORDS = ("diagnos", "icd-10", "icd10", "icpc")


def looks_like_diagnosis(text: str) -> bool:
    lowered = text.lower()
    if any(word in lowered for word in _DIAGNOSIS_WORDS):
        return True
    return re.search(r"\b[A-Z]\d{2}(\.\d{1,2})?\b", text) is not None
