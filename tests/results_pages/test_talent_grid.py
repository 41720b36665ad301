"""The talent map's grid: people per box, the flagged ones, the unmapped and why."""

from __future__ import annotations

from assessment_app import talent as rules
from assessment_app.results.talent_grid import talent_grid

from .builders import result_set, row, talent


def _people():
    ani = talent({"INT": 3}, {"INT": 3}, 100.0, "Optimal", "Baik", "Sesuai Ekspektasi", 8, "Tinggi")
    budi = talent(
        {"INT": 3},
        {"INT": 3},
        100.0,
        "Optimal",
        "Sangat Baik",
        "Di Atas Ekspektasi",
        9,
        "Tinggi",
        krs="ya",
    )
    cici = talent(
        {"INT": 2},
        {"INT": 3},
        66.6667,
        "Kurang Optimal",
        "Sangat Baik",
        "Di Atas Ekspektasi",
        9,
        "Tinggi",
        source="Assessment center 2025",
        review=True,
    )
    dedi = talent({}, {"INT": 3}, predikat="Baik", performance="Sesuai Ekspektasi")
    eko = talent({"INT": 3}, {})
    return [
        row(1, "Ani", tal=ani),
        row(2, "Budi", tal=budi),
        row(3, "Cici", tal=cici, flags=("rapid_guessing",)),
        row(3, "Cici", test="TEK-AK", tal=cici, flags=("longest_option",)),
        row(4, "Dedi", tal=dedi, status="in_progress"),
        row(5, "Eko", tal=eko, room="R02"),
    ]


def test_the_grid_follows_the_regulation_and_orders_people_by_jpm():
    grid = talent_grid(result_set(_people()))
    assert [[cell.box.number for cell in r] for r in grid.rows] == [[6, 8, 9], [3, 5, 7], [1, 2, 4]]
    assert [r[0].box.potential for r in grid.rows] == list(rules.POTENTIALS)
    assert [cell.box.performance for cell in grid.rows[0]] == list(rules.PERFORMANCES)
    nine = grid.rows[0][2]
    assert [p.name for p in nine.people] == ["Budi", "Cici"]
    assert nine.box.actions == rules.BOXES[9].actions
    assert [p.name for p in nine.review] == ["Cici"] and grid.review == 1
    cici = nine.people[1]
    assert cici.flags == ("rapid_guessing", "longest_option") and cici.krs == "tidak"
    assert [p.name for p in grid.rows[0][1].people] == ["Ani"]
    assert grid.total == 5


def test_unmapped_people_and_every_reason():
    grid = talent_grid(result_set(_people()))
    assert [p.name for p in grid.unmapped] == ["Dedi", "Eko"]
    names = {key: [p.name for p in people] for key, people in grid.reasons.items()}
    assert names == {"standar": ["Eko"], "penilaian": ["Dedi"], "kinerja": ["Eko"]}


def test_a_filter_narrows_the_grid():
    rs = result_set(_people())
    grid = talent_grid(rs, [r for r in rs.rows if r.room == "R02"])
    assert grid.total == 1 and sum(len(c.people) for r in grid.rows for c in r) == 0
