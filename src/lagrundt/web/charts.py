"""Charts drawn on the server as SVG, so that a page and a PDF show the same, with no script.

Every chart stands beside a table with the same numbers; the SVG is an image with a text
alternative, and its colours come from Designsystemet's tokens through CSS classes.
"""

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Bar:
    label: str
    values: list[int | None]  # one per series; None = hidden (small numbers)


def stacked_bars(
    bars: list[Bar], series: list[tuple[str, str]], *, title: str, width: int = 640
) -> SafeString:
    """Horizontal stacked bars, one per label, scaled to the largest total; ``series`` is (css, name)."""
    row_height, label_width, gap = 28, 260, 8
    plot = width - label_width - 16
    total = max((sum(v or 0 for v in bar.values) for bar in bars), default=0) or 1
    legend_y = len(bars) * row_height + gap
    height = legend_y + 28
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
                    value,
                )
            )
            x += w
    x = float(label_width)
    for css, name in series:
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="12" height="12" class="lg-chart__{}"></rect>'
                '<text x="{}" y="{}" class="lg-chart__legend">{}</text>',
                f"{x:.0f}",
                legend_y,
                css,
                f"{x + 16:.0f}",
                legend_y + 11,
                name,
            )
        )
        x += 16 + 8 * len(str(name)) + 16
    parts.append("</svg>")
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 (every part is escaped by format_html)


# ---------------------------------------------------------------------------- columns and trends
# Series colours for charts of any kind: ``series`` entries name one of these (or a kind's own class).
PALETTE = ("s1", "s2", "s3", "s4")


def _number(value: float, decimals: int = 0) -> str:
    """A number as Norwegians write it: a space between thousands, a decimal comma."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u00a0").replace(".", ",")


def _nice_max(value: float) -> float:
    """The top of the axis: the next of 1, 2, 2.5, 5 × 10ⁿ at or above ``value``."""
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1) if value >= 1 else 1
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def _svg_open(width: int, height: int, title: str) -> SafeString:
    return format_html(
        '<svg class="lg-chart" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>',
        width,
        height,
        title,
        title,
    )


def _axis(x0: int, x1: int, y0: int, y1: int, top: float, unit: str) -> list[SafeString]:
    """Horizontal grid lines with their values on the left, from 0 at ``y0`` to ``top`` at ``y1``.

    Four steps, or five where that gives whole numbers (50 in steps of 10, not 12.5).
    """
    ticks = 4 if float(top / 4).is_integer() or not float(top / 5).is_integer() else 5
    parts = []
    for i in range(ticks + 1):
        value = top * i / ticks
        y = y0 - (y0 - y1) * i / ticks
        decimals = 0 if float(value).is_integer() else 1
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" class="lg-chart__grid"></line>'
                '<text x="{}" y="{}" class="lg-chart__label" text-anchor="end">{}{}</text>',
                x0,
                f"{y:.1f}",
                x1,
                f"{y:.1f}",
                x0 - 6,
                f"{y + 4:.1f}",
                _number(value, decimals),
                unit,
            )
        )
    return parts


def _legend(
    series: list[tuple[str, str]], x: float, y: float, extra: list[SafeString] = ()
) -> list[SafeString]:
    parts = []
    for css, name in series:
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="12" height="12" class="lg-chart__{}"></rect>'
                '<text x="{}" y="{}" class="lg-chart__legend">{}</text>',
                f"{x:.0f}",
                f"{y:.0f}",
                css,
                f"{x + 16:.0f}",
                f"{y + 11:.0f}",
                name,
            )
        )
        x += 16 + 7 * len(str(name)) + 18
    return parts + list(extra)


def column_chart(
    columns: list[Bar],
    series: list[tuple[str, str]],
    *,
    title: str,
    unit: str = "",
    stacked: bool = False,
    hidden_label: str = "–",
    width: int = 640,
    height: int = 280,
) -> SafeString:
    """Vertical bars, one group per label (a year, say), one bar per series side by side or stacked.

    ``series`` is (css, name) as for ``stacked_bars``; a value of None is a hidden number and is
    marked with ``hidden_label`` at the foot of its place, so that it is not read as zero.
    """
    left, right, top_margin, bottom = 56, 12, 12, 56
    x0, x1, y0, y1 = left, width - right, height - bottom, top_margin
    if stacked:
        peak = max((sum(v or 0 for v in bar.values) for bar in columns), default=0)
    else:
        peak = max((v or 0 for bar in columns for v in bar.values), default=0)
    top = _nice_max(peak)
    parts = [_svg_open(width, height, title), *_axis(x0, x1, y0, y1, top, unit)]
    slot = (x1 - x0) / max(len(columns), 1)
    bars_in_slot = 1 if stacked else max(len(series), 1)
    bar_width = min(48.0, slot * 0.7 / bars_in_slot)
    scale = (y0 - y1) / top
    for i, column in enumerate(columns):
        group_x = x0 + slot * i + (slot - bar_width * bars_in_slot) / 2
        base = float(y0)
        for k, ((css, name), value) in enumerate(zip(series, column.values, strict=True)):
            x = group_x if stacked else group_x + k * bar_width
            if value is None:
                parts.append(
                    format_html(
                        '<text x="{}" y="{}" class="lg-chart__label lg-chart__hidden" text-anchor="middle">'
                        "{}<title>{}: {}</title></text>",
                        f"{x + bar_width / 2:.1f}",
                        f"{(base if stacked else y0) - 4:.1f}",
                        hidden_label,
                        name,
                        hidden_label,
                    )
                )
                continue
            h = value * scale
            y = (base if stacked else y0) - h
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" class="lg-chart__{}">'
                    "<title>{} {}: {}{}</title></rect>",
                    f"{x:.1f}",
                    f"{y:.1f}",
                    f"{bar_width - 2:.1f}",
                    f"{h:.1f}",
                    css,
                    column.label,
                    name,
                    _number(value, 0 if float(value).is_integer() else 1),
                    unit,
                )
            )
            if stacked:
                base = y
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="lg-chart__label" text-anchor="middle">{}</text>',
                f"{x0 + slot * i + slot / 2:.1f}",
                y0 + 16,
                column.label[:12],
            )
        )
    parts += _legend(series, x0, height - 22)
    parts.append("</svg>")
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 (every part is escaped by format_html)


@dataclass(frozen=True)
class Point:
    label: str  # on the time axis, e.g. "2025"
    value: float | None  # None: hidden or not known, drawn as a gap
    entered: bool = False  # typed in from another source rather than computed: drawn hollow


@dataclass(frozen=True)
class Target:
    value: float
    label: str  # e.g. "Target 50 % by 31.12.2025"
    at: str | None = None  # the point label of the target's date, where a marker is drawn


def trend_chart(
    points: list[Point],
    *,
    title: str,
    name: str,
    unit: str = "",
    target: Target | None = None,
    entered_label: str = "",
    top: float | None = None,
    width: int = 640,
    height: int = 280,
) -> SafeString:
    """A line through the values over time, with the target as a dashed line and a marker at its date.

    Points typed in from other sources are hollow (``entered_label`` names them in the legend); a
    gap is left where a value is hidden or missing. ``top`` fixes the axis (100 for shares).
    """
    left, right, top_margin, bottom = 56, 16, 12, 56
    x0, x1, y0, y1 = left, width - right, height - bottom, top_margin
    values = [p.value for p in points if p.value is not None] + ([target.value] if target else [])
    axis_top = top if top is not None else _nice_max(max(values, default=0))
    scale = (y0 - y1) / axis_top
    step = (x1 - x0) / max(len(points), 1)

    def at(i: int, value: float) -> tuple[str, str]:
        return f"{x0 + step * i + step / 2:.1f}", f"{y0 - value * scale:.1f}"

    parts = [_svg_open(width, height, title), *_axis(x0, x1, y0, y1, axis_top, unit)]
    if target is not None:
        _, ty = at(0, target.value)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" class="lg-chart__target"><title>{}</title></line>',
                x0,
                ty,
                x1,
                ty,
                target.label,
            )
        )
        index = next((i for i, p in enumerate(points) if p.label == target.at), None)
        if index is not None:
            tx, _ = at(index, target.value)
            parts.append(
                format_html(
                    '<path d="M {} {} l 7 -7 l 7 7 l -7 7 z" class="lg-chart__target-mark">'
                    "<title>{}</title></path>",
                    f"{float(tx) - 7:.1f}",
                    ty,
                    target.label,
                )
            )
    # The line, broken where a value is missing.
    runs: list[list[tuple[str, str]]] = [[]]
    for i, p in enumerate(points):
        if p.value is None:
            runs.append([])
        else:
            runs[-1].append(at(i, p.value))
    for run in runs:
        if len(run) > 1:
            parts.append(
                format_html(
                    '<polyline points="{}" class="lg-chart__line"></polyline>',
                    " ".join(f"{x},{y}" for x, y in run),
                )
            )
    for i, p in enumerate(points):
        x, _ = at(i, 0)
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="lg-chart__label" text-anchor="middle">{}</text>',
                x,
                y0 + 16,
                p.label[:12],
            )
        )
        if p.value is None:
            continue
        px, py = at(i, p.value)
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="5" class="lg-chart__point{}"><title>{} {}: {}{}</title></circle>',
                px,
                py,
                " lg-chart__point--entered" if p.entered else "",
                p.label,
                name,
                _number(p.value, 0 if float(p.value).is_integer() else 1),
                unit,
            )
        )
    extra = []
    x = x0 + 16 + 7 * len(name) + 18
    if entered_label and any(p.entered for p in points):
        extra.append(
            format_html(
                '<circle cx="{}" cy="{}" r="5" class="lg-chart__point lg-chart__point--entered"></circle>'
                '<text x="{}" y="{}" class="lg-chart__legend">{}</text>',
                x + 6,
                height - 16,
                x + 16,
                height - 11,
                entered_label,
            )
        )
        x += 16 + 7 * len(entered_label) + 18
    if target is not None:
        extra.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" class="lg-chart__target"></line>'
                '<text x="{}" y="{}" class="lg-chart__legend">{}</text>',
                x,
                height - 16,
                x + 14,
                height - 16,
                x + 18,
                height - 11,
                target.label,
            )
        )
    parts += _legend([("s1", name)], x0, height - 22, extra)
    parts.append("</svg>")
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 (every part is escaped by format_html)
