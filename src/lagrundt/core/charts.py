"""Charts drawn on the server as SVG, so that a page and a PDF show the same, with no script.

Every chart stands beside a table with the same numbers; the SVG is an image with a text
alternative, every value is in a tooltip, and every text is escaped. Colours and fonts are SVG
attributes, not CSS: WeasyPrint draws an SVG without the page's stylesheet, and one set of colours
keeps a page and its PDF the same. Each colour has at least 3:1 contrast against white (WCAG
1.4.11), and no chart relies on colour alone: the table beside it says the same.

Kinds: ``stacked_bars`` (horizontal, parts of a whole), ``grouped_bars`` (horizontal, series side by
side), ``column_chart`` (vertical per year, side by side or stacked) and ``trend_chart`` (a line over
time against a target). ``series`` is always a list of (colour key, name): a meaning's own key
(``on_time``, ``late``, ``overdue``, ``not_due``) or one of ``PALETTE``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

COLOURS = {
    # Meanings.
    "on_time": "#068718",
    "late": "#b35300",
    "overdue": "#c22020",
    "not_due": "#0062ba",
    # Series without a meaning of their own, in the order they are handed out.
    "s1": "#0062ba",
    "s2": "#b35300",
    "s3": "#068718",
    "s4": "#5b6b7c",
    "s5": "#7d2a8c",
    "s6": "#1e2b3c",
    "s7": "#c22020",
    "s8": "#806000",
}
PALETTE = tuple(f"s{i}" for i in range(1, 9))
INK, GRID, TARGET, WHITE = "#1e2b3c", "#d2d8df", "#c22020", "#ffffff"
FONT = 'font-family="Inter, sans-serif" font-size="12"'
LEGEND_ROW = 22


def colour(key: str) -> str:
    return COLOURS.get(key, COLOURS["s1"])


@dataclass(frozen=True)
class Bar:
    label: str
    values: list[int | None]  # one per series; None = hidden (small numbers) or not known


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


# ---------------------------------------------------------------------------- shared pieces
def _number(value: float, decimals: int = 0) -> str:
    """A number as Norwegians write it: a space between thousands, a decimal comma."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u00a0").replace(".", ",")


def _svg(width: int, height: float, title: str, parts: list) -> SafeString:
    head = format_html(
        '<svg class="lg-chart" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>',
        width,
        f"{height:g}",
        title,
        title,
    )
    return mark_safe(str(head) + "".join(str(p) for p in parts) + "</svg>")  # noqa: S308 (parts are escaped)


def _text(x, y, text, *, css: str = "label", anchor: str = "start", extra: str = "") -> SafeString:
    return format_html(
        '<text x="{}" y="{}" class="lg-chart__{}" fill="{}" {} text-anchor="{}"{}>{}</text>',
        x,
        y,
        css,
        INK,
        mark_safe(FONT),  # noqa: S308 (a constant)
        anchor,
        mark_safe(extra),  # noqa: S308 (callers pass constants)
        text,
    )


def _legend(
    series: list[tuple[str, str]], x0: float, y: float, width: int, extra: list[tuple[str, str]] = ()
) -> tuple[list[SafeString], int]:
    """The legend from (x0, y), wrapped to the chart's width; returns its parts and its height.

    ``extra`` adds entries drawn otherwise than as a square: ("entered" | "target", name).
    """
    parts: list[SafeString] = []
    x, row = float(x0), 0
    for key, name in [*series, *extra]:
        step = 16 + 7 * len(str(name)) + 18
        if x > x0 and x + step > width:
            x, row = float(x0), row + 1
        top = y + row * LEGEND_ROW
        if key == "entered":
            mark = format_html(
                '<circle cx="{}" cy="{}" r="5" class="lg-chart__point--entered" fill="{}" stroke="{}" '
                'stroke-width="2"></circle>',
                f"{x + 6:.0f}",
                top + 6,
                WHITE,
                colour("s1"),
            )
        elif key == "target":
            mark = format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" class="lg-chart__target" stroke="{}" '
                'stroke-width="2" stroke-dasharray="6 4"></line>',
                f"{x:.0f}",
                top + 6,
                f"{x + 14:.0f}",
                top + 6,
                TARGET,
            )
        else:
            mark = format_html(
                '<rect x="{}" y="{}" width="12" height="12" class="lg-chart__{}" fill="{}"></rect>',
                f"{x:.0f}",
                top,
                key,
                colour(key),
            )
        parts += [mark, _text(f"{x + 16:.0f}", top + 11, name, css="legend")]
        x += step
    return parts, (row + 1) * LEGEND_ROW


def _nice_max(value: float) -> float:
    """The top of the axis: the next of 1, 2, 2.5, 5 × 10ⁿ at or above ``value``."""
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1) if value >= 1 else 1
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def _axis(x0: int, x1: int, y0: int, y1: int, top: float, unit: str) -> list[SafeString]:
    """Horizontal grid lines with their values on the left, from 0 at ``y0`` to ``top`` at ``y1``.

    Four steps, or five where that gives whole numbers (50 in steps of 10, not 12.5).
    """
    ticks = 4 if float(top / 4).is_integer() or not float(top / 5).is_integer() else 5
    parts = []
    for i in range(ticks + 1):
        value = top * i / ticks
        y = y0 - (y0 - y1) * i / ticks
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" class="lg-chart__grid" stroke="{}" '
                'stroke-width="1"></line>',
                x0,
                f"{y:.1f}",
                x1,
                f"{y:.1f}",
                GRID,
            )
        )
        decimals = 0 if float(value).is_integer() else 1
        parts.append(_text(x0 - 6, f"{y + 4:.1f}", _number(value, decimals) + unit, anchor="end"))
    return parts


def _rect(x, y, w, h, key: str, tooltip: str) -> SafeString:
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" class="lg-chart__{}" fill="{}"><title>{}</title></rect>',
        x,
        y,
        w,
        h,
        key,
        colour(key),
        tooltip,
    )


# ---------------------------------------------------------------------------- horizontal bars
def stacked_bars(
    bars: list[Bar],
    series: list[tuple[str, str]],
    *,
    title: str,
    width: int = 640,
    value_label: Callable[[int], str] = str,
) -> SafeString:
    """Horizontal stacked bars, one per label, scaled to the largest total.

    ``value_label`` writes a value in the tooltips (e.g. as kroner)."""
    row_height, label_width, gap = 28, 260, 8
    plot = width - label_width - 16
    total = max((sum(v or 0 for v in bar.values) for bar in bars), default=0) or 1
    legend_y = len(bars) * row_height + gap
    legend, legend_height = _legend(series, label_width, legend_y, width)
    parts = []
    for i, bar in enumerate(bars):
        y = i * row_height
        parts.append(_text(label_width - gap, y + row_height / 2 + 4, bar.label[:40], anchor="end"))
        x = float(label_width)
        for (key, name), value in zip(series, bar.values, strict=True):
            if not value:
                continue
            w = plot * value / total
            parts.append(
                _rect(f"{x:.1f}", y + 4, f"{w:.1f}", row_height - 8, key, f"{name}: {value_label(value)}")
            )
            x += w
    return _svg(width, legend_y + max(legend_height, 28), title, [*parts, *legend])


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
    parts = []
    for i, bar in enumerate(bars):
        y = i * group_height
        parts.append(
            _text(label_width - gap, y + (group_height - group_gap) / 2 + 4, bar.label[:28], anchor="end")
        )
        for j, ((key, name), value) in enumerate(zip(series, bar.values, strict=True)):
            if not value:
                continue
            w = f"{plot * max(value, 0) / top:.1f}"
            tooltip = f"{bar.label} – {name}: {value_label(value)}"
            parts.append(_rect(label_width, y + j * bar_height + 1, w, bar_height - 2, key, tooltip))
    return _svg(width, legend_y + legend_height, title, [*parts, *legend])


# ---------------------------------------------------------------------------- columns and trends
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

    A value of None is a hidden number and is marked with ``hidden_label`` at the foot of its place,
    so that it is not read as zero.
    """
    left, right, top_margin, bottom = 56, 12, 12, 56
    x0, x1, y0, y1 = left, width - right, height - bottom, top_margin
    if stacked:
        peak = max((sum(v or 0 for v in bar.values) for bar in columns), default=0)
    else:
        peak = max((v or 0 for bar in columns for v in bar.values), default=0)
    top = _nice_max(peak)
    parts = _axis(x0, x1, y0, y1, top, unit)
    slot = (x1 - x0) / max(len(columns), 1)
    bars_in_slot = 1 if stacked else max(len(series), 1)
    bar_width = min(48.0, slot * 0.7 / bars_in_slot)
    scale = (y0 - y1) / top
    for i, column in enumerate(columns):
        group_x = x0 + slot * i + (slot - bar_width * bars_in_slot) / 2
        base = float(y0)
        for k, ((key, name), value) in enumerate(zip(series, column.values, strict=True)):
            x = group_x if stacked else group_x + k * bar_width
            if value is None:
                parts.append(
                    format_html(
                        '<text x="{}" y="{}" class="lg-chart__label lg-chart__hidden" fill="{}" {} '
                        'font-weight="600" text-anchor="middle">{}<title>{}: {}</title></text>',
                        f"{x + bar_width / 2:.1f}",
                        f"{(base if stacked else y0) - 4:.1f}",
                        INK,
                        mark_safe(FONT),  # noqa: S308 (a constant)
                        hidden_label,
                        name,
                        hidden_label,
                    )
                )
                continue
            h = value * scale
            y = (base if stacked else y0) - h
            amount = _number(value, 0 if float(value).is_integer() else 1)
            tooltip = f"{column.label} {name}: {amount}{unit}"
            parts.append(_rect(f"{x:.1f}", f"{y:.1f}", f"{bar_width - 2:.1f}", f"{h:.1f}", key, tooltip))
            if stacked:
                base = y
        parts.append(_text(f"{x0 + slot * i + slot / 2:.1f}", y0 + 16, column.label[:12], anchor="middle"))
    legend, legend_height = _legend(series, x0, height - 22, width)
    return _svg(width, height - LEGEND_ROW + legend_height, title, [*parts, *legend])


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
    line = colour("s1")

    def at(i: int, value: float) -> tuple[str, str]:
        return f"{x0 + step * i + step / 2:.1f}", f"{y0 - value * scale:.1f}"

    parts = _axis(x0, x1, y0, y1, axis_top, unit)
    if target is not None:
        _, ty = at(0, target.value)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" class="lg-chart__target" stroke="{}" stroke-width="2" '
                'stroke-dasharray="6 4"><title>{}</title></line>',
                x0,
                ty,
                x1,
                ty,
                TARGET,
                target.label,
            )
        )
        index = next((i for i, p in enumerate(points) if p.label == target.at), None)
        if index is not None:
            tx, _ = at(index, target.value)
            parts.append(
                format_html(
                    '<path d="M {} {} l 7 -7 l 7 7 l -7 7 z" class="lg-chart__target-mark" fill="{}">'
                    "<title>{}</title></path>",
                    f"{float(tx) - 7:.1f}",
                    ty,
                    TARGET,
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
                    '<polyline points="{}" class="lg-chart__line" fill="none" stroke="{}" '
                    'stroke-width="2.5"></polyline>',
                    " ".join(f"{x},{y}" for x, y in run),
                    line,
                )
            )
    for i, p in enumerate(points):
        x, _ = at(i, 0)
        parts.append(_text(x, y0 + 16, p.label[:12], anchor="middle"))
        if p.value is None:
            continue
        px, py = at(i, p.value)
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="5" class="lg-chart__point{}" fill="{}" stroke="{}" '
                'stroke-width="2"><title>{} {}: {}{}</title></circle>',
                px,
                py,
                " lg-chart__point--entered" if p.entered else "",
                WHITE if p.entered else line,
                line,
                p.label,
                name,
                _number(p.value, 0 if float(p.value).is_integer() else 1),
                unit,
            )
        )
    extra = []
    if entered_label and any(p.entered for p in points):
        extra.append(("entered", entered_label))
    if target is not None:
        extra.append(("target", target.label))
    legend, legend_height = _legend([("s1", name)], x0, height - 22, width, extra)
    return _svg(width, height - LEGEND_ROW + legend_height, title, [*parts, *legend])
