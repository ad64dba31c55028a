"""The work module's statistics: placements that became work, and the refugee pledge."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lagrundt.core.charts import Bar, stacked_bars
from lagrundt.core.forms import int_or_none

from .. import selectors
from .shared import record_reads


def _year(request) -> int:
    year = int_or_none(request.GET.get("ar"))
    today = timezone.localdate()
    return year if year and 2000 <= year <= today.year + 1 else today.year


def _years() -> list[int]:
    this_year = timezone.localdate().year
    return list(range(this_year, this_year - 6, -1))


def conversion(request):
    year = _year(request)
    data = selectors.conversion(request.user, year)
    if data is None:
        raise Http404
    # Short names in the legend, which has one line; the table beside the chart has the full ones.
    short = [
        pgettext("chart legend", "Job"),
        pgettext("chart legend", "Extended"),
        pgettext("chart legend", "Education"),
        pgettext("chart legend", "No job"),
    ]
    series = list(zip(("on_time", "late", "not_due", "overdue"), short, strict=True))

    def chart(rows, title):
        bars = [Bar(row.label, [cell.value for cell in row.cells]) for row in rows]
        # Nothing to draw when every count is hidden or zero: the table says it.
        return stacked_bars(bars, series, title=title) if any(v for b in bars for v in b.values) else None

    return render(
        request,
        "work/conversion.html",
        {
            "data": data,
            "year": year,
            "years": _years(),
            "labels": selectors.outcome_labels(),
            "sector_chart": chart(
                data.by_sector, _("Placements ended in %(year)s, by sector") % {"year": year}
            ),
            "municipality_chart": chart(
                data.by_municipality, _("Placements ended in %(year)s, by municipality") % {"year": year}
            ),
        },
    )


def pledge(request):
    year = _year(request)
    data = selectors.pledge(request.user, year, timezone.localdate())
    if data is None:
        raise Http404
    record_reads(request, [p.person for p in data.waiting])
    return render(request, "work/pledge.html", {"data": data, "year": year, "years": _years()})
