"""Chart kinds: well-formed SVG with a text alternative, hidden numbers marked, targets drawn."""

import xml.etree.ElementTree as ET

from lagrundt.web.charts import Bar, Point, Target, column_chart, trend_chart

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
