"""Charts drawn on the server as SVG, so that a page and a PDF show the same, with no script.

Every chart stands beside a table with the same numbers; the SVG is an image with a text
alternative, and its colours come from Designsystemet's tokens through CSS classes.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Bar:
    label: str
    values: list[int | None]  # one per series; None = hidden (small numbers)


# Series colours for charts with more series than meanings: ``series`` css names "s1" … "s8".
PALETTE = tuple(f"s{i}" for i in range(1, 9))
LEGEND_ROW = 22


def stacked_bars(
    bars: list[Bar],
    series: list[tuple[str, str]],
    *,
    title: str,
    width: int = 640,
    value_label: Callable[[int], str] = str,
) -> SafeString:
    """Horizontal stacked bars, one per label, scaled to the largest total; ``series`` is (css, name).

    ``value_label`` writes a value in the tooltips (e.g. as kroner)."""
    row_height, label_width, gap = 28, 260, 8
    plot = width - label_width - 16
    total = max((sum(v or 0 for v in bar.values) for bar in bars), default=0) or 1
    legend_y = len(bars) * row_height + gap
    legend, legend_height = _legend(series, label_width, legend_y, width)
    height = legend_y + max(legend_height, 28)
    parts = [
        format_html(
            '<svg class="lg-chart" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}" '
            'xmlns="http://www.w3.org/2000/svg"><title>{}</title>',
            width,
            height,
            title,
            title,
        )
    ]
    for i, bar in enumerate(bars):
        y = i * row_height
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="lg-chart__label" text-anchor="end">{}</text>',
                label_width - gap,
                y + row_height / 2 + 4,
                bar.label[:40],
            )
        )
        x = float(label_width)
        for (css, name), value in zip(series, bar.values, strict=True):
            if not value:
                continue
            w = plot * value / total
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" class="lg-chart__{}">'
                    "<title>{}: {}</title></rect>",
                    f"{x:.1f}",
                    y + 4,
                    f"{w:.1f}",
                    row_height - 8,
                    css,
                    name,
                    value_label(value),
                )
            )
            x += w
    parts.extend(legend)
    parts.append("</svg>")
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 (every part is escaped by format_html)


def _legend(series: list[tuple[str, str]], x0: int, y: float, width: int) -> tuple[list, int]:
    """The legend from (x0, y), wrapped to the chart's width; returns its parts and its height."""
    parts = []
    x, row = float(x0), 0
    for css, name in series:
        step = 16 + 8 * len(str(name)) + 16
        if x > x0 and x + step > width:
            x, row = float(x0), row + 1
        top = y + row * LEGEND_ROW
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="12" height="12" class="lg-chart__{}"></rect>'
                '<text x="{}" y="{}" class="lg-chart__legend">{}</text>',
                f"{x:.0f}",
                top,
                css,
                f"{x + 16:.0f}",
                top + 11,
                name,
            )
        )
        x += step
    return parts, (row + 1) * LEGEND_ROW


def grouped_bars(
    bars: list[Bar],
    series: list[tuple[str, str]],
    *,
    title: str,
    width: int = 640,
    value_label: Callable[[int], str] = str,
) -> SafeString:
    """Horizontal bars side by side: per label one bar for each series, all on one scale.

    For comparing series (forecast and actual, scenarios) rather than adding them up; a value of
    None (hidden or not known) leaves its bar out.
    """
    bar_height, group_gap, label_width, gap = 14, 10, 160, 8
    plot = width - label_width - 16
    top = max((v or 0 for bar in bars for v in bar.values), default=0) or 1
    group_height = bar_height * len(series) + group_gap
    legend_y = len(bars) * group_height + gap
    legend, legend_height = _legend(series, 8, legend_y, width)
    height = legend_y + legend_height
    parts = [
        format_html(
            '<svg class="lg-chart" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}" '
            'xmlns="http://www.w3.org/2000/svg"><title>{}</title>',
            width,
            height,
            title,
            title,
        )
    ]
    for i, bar in enumerate(bars):
        y = i * group_height
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="lg-chart__label" text-anchor="end">{}</text>',
                label_width - gap,
                y + (group_height - group_gap) / 2 + 4,
                bar.label[:28],
            )
        )
        for j, ((css, name), value) in enumerate(zip(series, bar.values, strict=True)):
            if not value:
                continue
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" class="lg-chart__{}">'
                    "<title>{} – {}: {}</title></rect>",
                    label_width,
                    y + j * bar_height + 1,
                    f"{plot * max(value, 0) / top:.1f}",
                    bar_height - 2,
                    css,
                    bar.label,
                    name,
                    value_label(value),
                )
            )
    parts.extend(legend)
    parts.append("</svg>")
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 (every part is escaped by format_html)
