"""What the programme's reads share."""

from lagrundt.access.sections import Section

S = Section.PROGRAMME
PERSON_RELATED = ("settlement", "municipality", "household", "programme_case", "programme_end")
