"""The capacity page: dwellings of each size a year's settlement decision needs, against the stock. Thin.

Who may see the housing stock's statistics sees it for their municipalities; who reads aggregates
only (leadership) sees the register's counts protected (``capacity.shown``).
"""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lagrundt.access.resources import DWELLINGS, VIEW
from lagrundt.core.charts import Bar, column_chart
from lagrundt.core.forms import int_or_none
from lagrundt.tenancy.models import Municipality

from . import capacity
from .capacity import Composition

YEARS_AHEAD = 5
# The compositions an entered mix is given in (the same as the assumed default mix).
MIX_FIELDS = [(f"mix_{c.adults}_{c.children}", c) for c in capacity.DEFAULT_MIX]


def composition_label(c: Composition) -> str:
    parts = [_("1 adult") if c.adults == 1 else _("%(n)s adults") % {"n": c.adults}]
    if c.children:
        parts.append(_("1 child") if c.children == 1 else _("%(n)s children") % {"n": c.children})
    if c.older_children:
        parts.append(
            _("1 older child")
            if c.older_children == 1
            else _("%(n)s older children") % {"n": c.older_children}
        )
    return ", ".join(parts)


class MixForm(forms.Form):
    """A household mix entered for a municipality whose register has too few settled households."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, c in MIX_FIELDS:
            self.fields[name] = forms.IntegerField(
                label=composition_label(c), min_value=0, max_value=1000, required=False
            )

    def mix(self) -> dict[Composition, int]:
        return {c: self.cleaned_data.get(name) or 0 for name, c in MIX_FIELDS}


def _chart(shown: capacity.ShownPlan):
    rows = shown.plan.rows
    return column_chart(
        [
            Bar(size_label(r.bedrooms), [r.needed, a.value])
            for r, a in zip(rows, shown.available, strict=True)
        ],
        [("s1", str(_("Needed"))), ("s2", str(_("Available")))],
        title=_("Dwellings needed and available by bedrooms, %(year)s") % {"year": shown.plan.year},
    )


def size_label(bedrooms: int) -> str:
    if bedrooms >= capacity.MAX_BEDROOMS_SHOWN:
        return _("%(n)s or more") % {"n": bedrooms}
    return str(bedrooms)


SOURCE_TEXT = {
    capacity.MixSource.REGISTER: gettext_lazy(
        "The household mix is that of the households the municipality settled in the last %(years)s years, "
        "from the register."
    ),
    capacity.MixSource.ENTERED: gettext_lazy(
        "The register has too few settled households to say much: the household mix is the one entered below."
    ),
    capacity.MixSource.DEFAULT: gettext_lazy(
        "The register has too few settled households to say much, and no mix is entered: the household "
        "mix is an assumed starting mix. Enter the mix you expect below."
    ),
}


def capacity_page(request):
    allowed = DWELLINGS.municipality_ids(request.user, "statistics")
    if not allowed:
        raise Http404
    municipalities = list(Municipality.objects.filter(pk__in=allowed).order_by("name"))
    chosen = int_or_none(request.GET.get("kommune"))
    municipality = next((m for m in municipalities if m.pk == chosen), municipalities[0])
    today = timezone.localdate()
    years = list(range(today.year, today.year + YEARS_AHEAD + 1))
    year = int_or_none(request.GET.get("år"))
    if year not in years:
        year = today.year + 1
    form = MixForm(request.GET if any(name in request.GET for name, _c in MIX_FIELDS) else None)
    entered = form.mix() if form.is_bound and form.is_valid() else None
    plan = capacity.capacity_plan(municipality, year, today, entered_mix=entered)
    aggregates_only = municipality.pk not in DWELLINGS.municipality_ids(request.user, VIEW)
    shown = capacity.shown(plan, aggregates_only=aggregates_only)
    rows = [
        {
            "label": size_label(r.bedrooms),
            "needed": r.needed,
            "vacant": r.vacant,
            "freed": f,
            "leaving": r.leaving if not f.suppressed else None,
            "available": a,
            "to_find": t,
        }
        for r, f, a, t in zip(plan.rows, shown.freed, shown.available, shown.to_find, strict=True)
    ]
    return render(
        request,
        "housing/capacity.html",
        {
            "municipalities": municipalities,
            "municipality": municipality,
            "years": years,
            "year": year,
            "plan": plan,
            "shown": shown,
            "rows": rows,
            "mix": [
                {
                    "label": composition_label(c),
                    "bedrooms": size_label(capacity.bedrooms_needed(c, plan.rule)),
                    "count": cell,
                    # A composition's expected households would tell that a hidden one exists.
                    "expected": None if cell.suppressed else plan.households.get(c, 0),
                }
                for c, cell in shown.mix
            ],
            "source_text": SOURCE_TEXT[plan.mix_source] % {"years": capacity.MIX_YEARS},
            "form": form,
            "chart": _chart(shown) if plan.rows else None,
            "aggregates_only": aggregates_only,
        },
    )
