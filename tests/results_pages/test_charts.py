"""The SVG charts: well-formed, accessible, escaped, readable without colour."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from assessment_app.admin.results.charts import (
    LevelBar,
    ScoreBand,
    level_bars,
    level_distribution,
    score_bands,
)

SVG = "{http://www.w3.org/2000/svg}"


def _texts(root) -> list[str]:
    return [t.text for t in root.iter(f"{SVG}text")]


def test_level_bars_draw_two_labelled_bars_per_competency():
    svg = level_bars(
        [LevelBar("Integritas", 3, 4), LevelBar("Kerja Sama", None, 2), LevelBar("PB", 2, None)],
        title="Profil <Ani>",
        ident="profil",
    )
    root = ET.fromstring(str(svg))
    assert root.get("role") == "img" and root.find(f"{SVG}title").text == "Profil <Ani>"
    assert "Integritas: dicapai 3, standar 4" in root.find(f"{SVG}desc").text
    texts = _texts(root)
    assert {"dicapai 3", "standar 4", "dicapai: belum diukur", "standar 2"} <= set(texts)
    assert "standar: tidak dipersyaratkan" in texts
    assert {"Level dicapai", "Level standar jabatan"} <= set(texts)  # the legend
    hatched = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == "url(#profil-hatch)"]
    assert len(hatched) == 3  # two required bars and the legend swatch
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect") if r.get("height") == "14"]
    assert widths == [3 * 72, 4 * 72, 2 * 72, 2 * 72]  # 72 px per level


def test_text_is_escaped():
    svg = str(level_bars([LevelBar('<script>alert("x")</script>', 1, 1)], title="a & b"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "a &amp; b" in svg
    ET.fromstring(svg)


def test_ids_are_safe_and_distinct_per_chart():
    svg = str(level_bars([LevelBar("A", 1, 2)], title="t", ident='x"><y'))
    assert 'id="x---y-hatch"' in svg
    ET.fromstring(svg)


def test_distribution_shows_counts_and_percentages():
    svg = level_distribution([1, 0, 2, 0, 1], title="Sebaran INT", ident="d-INT")
    root = ET.fromstring(str(svg))
    assert root.get("role") == "img" and root.find(f"{SVG}title").text == "Sebaran INT"
    texts = _texts(root)
    assert texts.count("25,0%") == 2 and "50,0%" in texts and texts.count("0,0%") == 2
    assert [f"Level {n}" for n in range(1, 6)] == [t for t in texts if t.startswith("Level")]
    assert len([r for r in root.iter(f"{SVG}rect")]) == 3  # no bar for an empty level
    assert "n = 4" in root.find(f"{SVG}desc").text


def test_distribution_of_nobody():
    root = ET.fromstring(str(level_distribution([0, 0, 0, 0, 0], title="kosong")))
    assert _texts(root).count("0%") == 5


def test_score_bands_draw_the_score_its_sem_and_the_cuts():
    svg = score_bands(
        [
            ScoreBand("Integritas", 45.0, 37.0, 53.0, (20.0, 40.0, 60.0, 80.0), 3),
            ScoreBand("Kerja <Sama>", -30.0, None, None, (10.0, 30.0, 50.0, 70.0), 1),
        ],
        title="Rentang",
        ident="rentang",
    )
    root = ET.fromstring(str(svg))
    desc = root.find(f"{SVG}desc").text
    assert "Integritas: skor C 45,0, level 3, rentang ± SEM 37,0 sampai 53,0" in desc
    assert "Kerja <Sama>: skor C -30,0, level 1, SEM tidak tersedia" in desc
    texts = _texts(root)
    assert "45,0 (level 3)" in texts and texts.count("L5") == 2
    assert "-40" in texts  # the axis reaches below zero for a score under chance
    assert len(list(root.iter(f"{SVG}circle"))) == 2
