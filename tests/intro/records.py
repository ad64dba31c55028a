"""Records the programme's tests share."""

import datetime as dt

D = dt.date

ASSESSMENT = dict(
    assessed_on=D(2026, 1, 20),
    education_level="primary",
    years_of_schooling=9,
    education_details="Grunnskole i Eritrea",
    work_experience="Butikk, 6 år",
    skills="Tigrinja, arabisk",
    literacy="latin_script",
    norwegian_level="A1",
    health_limits="Kan ikke løfte tungt",
    career_guidance_on=D(2026, 2, 1),
    career_guidance_by="Hallingdal karrieresenter",
    career_recommendation="Helsefagarbeider",
)
