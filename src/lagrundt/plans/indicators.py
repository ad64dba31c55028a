"""The indicators the plans follow that no app computes yet: entered by hand from their sources.

Programme completers in work, children in organised leisure, grants received, persistent low income,
immigrants' share of the population. An app that computes one replaces the entered definition
(``registry``); the register's own indicators are in ``people.indicators``, the duties kept in
``routines.indicators``.

Work or education is computed now by the work app (``work.indicators``) from Nav's status records and
the introduction programme's outcomes; its entered definition stays here as the fallback. Figures
entered for it are kept and shown, marked as entered, for the years the computation has no data for
(the years before Lagrundt knew); ``selectors.evaluate`` does so for every computed share or count.
"""

from django.utils.translation import gettext_lazy as _

from lagrundt.core.measurement import Indicator, Kind, Series
from lagrundt.people.indicators import SHARE_SERIES

GRANT_SERIES = (
    Series("integration_grant", _("Integration grant")),
    Series("language_training_grant", _("Grant for Norwegian and civics training")),
    Series(
        "language_training_grant_other_municipality",
        _("Grant for Norwegian training, for another municipality's pupils"),
    ),
    Series("unaccompanied_minor_grant", _("Grant for unaccompanied minors")),
    Series("kindergarten_grant", _("Kindergarten grant")),
    Series("other_grants", _("Other grants")),
)


def definitions() -> list[Indicator]:
    return [
        # Entered by hand until an app computes them (the programme, competence and grants modules);
        # work or education is computed by the work app, which replaces this definition.
        Indicator(
            key="work_or_education",
            label=_("Settled adults in work or education"),
            description=_(
                "Share of settled adults in work or education, for all or for those settled at least a "
                "number of years ago."
            ),
            kind=Kind.SHARE,
            series=SHARE_SERIES,
            groups=frozenset({"settled_years_min", "sex", "category", "country"}),
        ),
        Indicator(
            key="programme_completers_in_work",
            label=_("Programme completers in work or education after one year"),
            description=_(
                "Share of those who completed the introduction programme who are in work or education one "
                "year later."
            ),
            kind=Kind.SHARE,
            series=SHARE_SERIES,
            groups=frozenset({"sex", "category", "country"}),
        ),
        Indicator(
            key="children_leisure",
            label=_("Children in organised leisure activity"),
            description=_("Share of settled children in organised leisure activity, where it is recorded."),
            kind=Kind.SHARE,
            series=SHARE_SERIES,
            groups=frozenset({"sex", "category", "country"}),
        ),
        Indicator(
            key="grants_received",
            label=_("Grants received per year"),
            description=_("Grants from the state received by the municipality, per year and grant."),
            kind=Kind.AMOUNT,
            series=GRANT_SERIES,
        ),
        Indicator(
            key="persistent_low_income_children",
            label=_("Children in persistent low income"),
            description=_(
                "Share of children 0–17 living in households with persistent low income over three years "
                "(Statistics Norway)."
            ),
            kind=Kind.SHARE,
            series=SHARE_SERIES,
        ),
        Indicator(
            key="immigrant_share",
            label=_("Immigrants' share of the population"),
            description=_(
                "Immigrants as a share of everyone living in the municipality (Statistics Norway)."
            ),
            kind=Kind.SHARE,
            series=SHARE_SERIES,
        ),
        Indicator(
            key="refugee_share_of_immigrants",
            label=_("Refugees' share of the immigrants"),
            description=_(
                "Immigrants with a refugee background, as a share of all immigrants (Statistics Norway)."
            ),
            kind=Kind.SHARE,
            series=SHARE_SERIES,
        ),
    ]
