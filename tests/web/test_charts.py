"""Server-drawn charts: every value is in the SVG's tooltips, scaled to the largest, and escaped."""

import re

from lagrundt.web.charts import Bar, grouped_bars, stacked_bars


def widths(svg: str) -> dict[str, float]:
    """Each bar's width by its tooltip."""
    found = re.findall(r'width="([\d.]+)" height="\d+" class="lg-chart__\w+"><title>([^<]+)</title>', svg)
    return {title: float(width) for width, title in found}


def test_grouped_bars_put_each_series_side_by_side_on_one_scale():
    svg = str(
        grouped_bars(
            [Bar("2026", [100, 50]), Bar("2027", [200, None])],
            [("s1", "Forecast"), ("s2", "Actual")],
            title="Forecast <and> actual",
            value_label=lambda v: f"{v} kr",
        )
    )
    assert svg.startswith('<svg class="lg-chart"') and 'role="img"' in svg
    assert "Forecast &lt;and&gt; actual" in svg and "<and>" not in svg
    assert "<title>2026 – Forecast: 100 kr</title>" in svg
    assert "<title>2027 – Forecast: 200 kr</title>" in svg
    assert "2027 – Actual" not in svg  # a missing value draws no bar
    bars = widths(svg)
    largest = bars["2027 – Forecast: 200 kr"]
    assert bars["2026 – Forecast: 100 kr"] / largest == 0.5
    assert bars["2026 – Actual: 50 kr"] / largest == 0.25


def test_a_long_legend_wraps_inside_the_chart():
    series = [(f"s{i}", f"Series number {i} with a long name") for i in range(1, 8)]
    svg = str(stacked_bars([Bar("2026", list(range(1, 8)))], series, title="t", width=640))
    xs = [float(x) for x in re.findall(r'<text x="([\d.]+)" y="[\d.]+" class="lg-chart__legend"', svg)]
    assert xs and all(x < 640 for x in xs)
    height = float(re.search(r'viewBox="0 0 640 ([\d.]+)"', svg).group(1))
    ys = [float(y) for y in re.findall(r'<text x="[\d.]+" y="([\d.]+)" class="lg-chart__legend"', svg)]
    assert len(set(ys)) > 1 and max(ys) < height
