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
