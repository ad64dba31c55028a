"""Server-drawn charts: well-formed SVG with a text alternative, every value in a tooltip and escaped,
scaled right, hidden numbers marked, targets drawn, colours that a PDF keeps."""

import re
import xml.etree.ElementTree as ET

from lagrundt.core.charts import (
    COLOURS,
    PALETTE,
    Bar,
    Point,
    Target,
    column_chart,
    grouped_bars,
    stacked_bars,
    trend_chart,
)


def widths(svg: str) -> dict[str, float]:
    """Each bar's width by its tooltip."""
    found = re.findall(
        r'width="([\d.]+)" height="\d+" class="lg-chart__\w+" fill="#\w+"><title>([^<]+)</title>', svg
    )
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


SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(str(svg))  # noqa: S314 (our own SVG)
    assert root.get("role") == "img" and root.get("aria-label")
    return root


def titles(root) -> list[str]:
    return [t.text for t in root.iter(f"{SVG}title")]


def test_columns_side_by_side_with_a_hidden_number_marked():
    root = parse(
        column_chart(
            [Bar("2024", [12, None]), Bar("2025", [7, 5])],
            [("s1", "Settled"), ("s2", "Moved out")],
            title="Settled and moved out <per year>",
        )
    )
    assert root.get("aria-label") == "Settled and moved out <per year>"
    rects = [r for r in root.iter(f"{SVG}rect") if r.get("class") != "lg-chart__grid"]
    heights = {
        r.find(f"{SVG}title").text: float(r.get("height")) for r in rects if r.find(f"{SVG}title") is not None
    }
    assert set(heights) == {"2024 Settled: 12", "2025 Settled: 7", "2025 Moved out: 5"}
    assert heights["2024 Settled: 12"] > heights["2025 Settled: 7"] > heights["2025 Moved out: 5"]
    assert "Moved out: –" in titles(root)


def test_stacked_columns_add_up():
    root = parse(column_chart([Bar("A", [3, 4])], [("s1", "x"), ("s2", "y")], title="t", stacked=True))
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    top = min(float(r.get("y")) for r in bars)
    bottom = max(float(r.get("y")) + float(r.get("height")) for r in bars)
    assert round(bottom - top) == round(sum(float(r.get("height")) for r in bars))


def test_trend_against_a_target_with_entered_points_and_a_gap():
    root = parse(
        trend_chart(
            [Point("2023", 41.5, entered=True), Point("2024", None), Point("2025", 48), Point("2026", 52)],
            title="In work or education",
            name="Share",
            unit=" %",
            target=Target(50, "Target 50 % by 31.12.2025", at="2025"),
            entered_label="Entered",
            top=100,
        )
    )
    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == 1 and len(lines[0].get("points").split()) == 2  # the gap breaks the line
    circles = [c for c in root.iter(f"{SVG}circle") if c.find(f"{SVG}title") is not None]
    assert [c.find(f"{SVG}title").text for c in circles] == [
        "2023 Share: 41,5 %",
        "2025 Share: 48 %",
        "2026 Share: 52 %",
    ]
    assert "lg-chart__point--entered" in circles[0].get("class")
    assert "Target 50 % by 31.12.2025" in titles(root)
    assert any(p.get("class") == "lg-chart__target-mark" for p in root.iter(f"{SVG}path"))


def test_an_empty_chart_is_still_an_image():
    parse(trend_chart([], title="Nothing yet", name="x"))
    parse(column_chart([], [("s1", "x")], title="Nothing yet"))


def test_every_shape_carries_its_colour_and_every_text_its_font():
    """WeasyPrint draws the SVG without the page's CSS: without attributes a PDF's chart is black."""
    svgs = [
        stacked_bars([Bar("A", [1, 2])], [("on_time", "x"), ("late", "y")], title="t"),
        grouped_bars([Bar("A", [1, 2])], [("s1", "x"), ("s2", "y")], title="t"),
        column_chart([Bar("A", [1, None])], [("s3", "x"), ("s4", "y")], title="t"),
        trend_chart(
            [Point("A", 1, entered=True), Point("B", 2)],
            title="t",
            name="n",
            target=Target(3, "m", "B"),
            entered_label="e",
        ),
    ]
    for svg in svgs:
        root = parse(svg)
        for element in root.iter():
            tag = element.tag.removeprefix(SVG)
            if tag in ("rect", "circle", "path"):
                assert element.get("fill"), ET.tostring(element)
            if tag in ("line", "polyline"):
                assert element.get("stroke"), ET.tostring(element)
            if tag == "text":
                assert element.get("fill") and element.get("font-family"), ET.tostring(element)


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_colour_stands_out_from_white_and_the_palette_has_no_repeats():
    """WCAG 1.4.11: graphical objects need 3:1 against their background."""
    for key, hex_colour in COLOURS.items():
        assert (1.05) / (_luminance(hex_colour) + 0.05) >= 3, key
    assert len({COLOURS[key] for key in PALETTE}) == len(PALETTE)
