"""The follow-up talks after three and five years, recorded as answers per theme so they can be counted."""
