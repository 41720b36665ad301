"""Server-side SVG charts for the results pages: plain values in, SVG markup out.

No JavaScript and no external service: the charts print as they show. Every chart carries
`role="img"`, a `<title>` and a `<desc>` that reads the values out, and never relies on colour
alone: bars are labelled with their values, the required level is hatched, and the legend
names both. Every text is escaped with markupsafe.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from assessment_app.scoring import round_half_up_scalar

MAX_LEVEL = 5
INK = "#1b2430"
ACHIEVED_FILL = "#0b5394"
GRID = "#b8c0cc"
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'


@dataclass(frozen=True)
class LevelBar:
    """One competency in the level chart: the level achieved and the level required."""

    label: str
    achieved: int | None  # None: not assessed
    required: int | None  # None: not required by the position's standard


def _safe_id(prefix: str) -> str:
    """Keep an element id usable in url(#...) references: letters, digits, '-' and '_'."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", prefix) or "chart"


def _text(x: float, y: float, content: str, **attrs: str) -> str:
    extra = "".join(f' {key.replace("_", "-")}="{escape(value)}"' for key, value in attrs.items())
    return f'<text x="{x:g}" y="{y:g}"{extra}>{escape(content)}</text>'


def _open_svg(width: int, height: int, ident: str, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}"'
        f' width="{width}" height="{height}" role="img"'
        f' aria-labelledby="{ident}-title {ident}-desc" {FONT} font-size="12" fill="{INK}">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
    ]


def _hatch(ident: str) -> str:
    return (
        f'<defs><pattern id="{ident}-hatch" patternUnits="userSpaceOnUse" width="6" height="6"'
        ' patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#fff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{INK}" stroke-width="2"/></pattern></defs>'
    )


def level_bars(bars: Sequence[LevelBar], *, title: str, ident: str = "levels") -> Markup:
    """Draw achieved and required levels (0..5) as two horizontal bars per competency.

    The achieved bar is solid, the required bar hatched; each bar is labelled with its
    value, so the chart reads the same in black and white.
    """
    ident = _safe_id(ident)
    label_w, plot_w, value_w, row_h, top = 250, 360, 140, 46, 30
    unit = plot_w / MAX_LEVEL
    width = label_w + plot_w + value_w
    height = top + row_h * max(len(bars), 1) + 52
    desc = "; ".join(
        f"{b.label}: dicapai {_level_text(b.achieved, 'belum diukur')}, "
        f"standar {_level_text(b.required, 'tidak dipersyaratkan')}"
        for b in bars
    )
    out = _open_svg(width, height, ident, title, desc or "Tidak ada kompetensi.")
    out.append(_hatch(ident))
    bottom = top + row_h * len(bars)
    for level in range(MAX_LEVEL + 1):
        x = label_w + level * unit
        dash = "" if level == 0 else ' stroke-dasharray="3 3"'
        out.append(
            f'<line x1="{x:g}" y1="{top - 6}" x2="{x:g}" y2="{bottom}" stroke="{GRID}"{dash}/>'
        )
        out.append(_text(x, top - 10, str(level), text_anchor="middle", fill="#5b6676"))
    for index, bar in enumerate(bars):
        y = top + index * row_h + 6
        out.append(_text(label_w - 8, y + 19, bar.label, text_anchor="end"))
        out.append(
            _bar(
                label_w, y, bar.achieved, unit, f'fill="{ACHIEVED_FILL}"', "dicapai", "belum diukur"
            )
        )
        out.append(
            _bar(
                label_w,
                y + 17,
                bar.required,
                unit,
                f'fill="url(#{ident}-hatch)" stroke="{INK}"',
                "standar",
                "tidak dipersyaratkan",
            )
        )
    out.append(_legend(label_w, bottom + 22, ident))
    out.append("</svg>")
    return Markup("".join(out))


def _level_text(level: int | None, missing: str) -> str:
    return missing if level is None else str(level)


def _bar(x0: float, y: float, level: int | None, unit: float, style: str, word: str, missing: str):
    """One 14-px bar with its value written after it (or a note where there is no value)."""
    if level is None:
        return _text(x0 + 4, y + 11, f"{word}: {missing}", font_style="italic", fill="#5b6676")
    width = max(level, 0) * unit
    return f'<rect x="{x0:g}" y="{y:g}" width="{width:g}" height="14" {style}/>' + _text(
        x0 + width + 6, y + 11, f"{word} {level}"
    )


def _legend(x: float, y: float, ident: str) -> str:
    return (
        f'<g class="legend"><rect x="{x:g}" y="{y - 11:g}" width="22" height="12"'
        f' fill="{ACHIEVED_FILL}"/>'
        + _text(x + 28, y, "Level dicapai")
        + f'<rect x="{x + 150:g}" y="{y - 11:g}" width="22" height="12"'
        f' fill="url(#{ident}-hatch)" stroke="{INK}"/>'
        + _text(x + 178, y, "Level standar jabatan")
        + "</g>"
    )


def level_distribution(counts: Sequence[int], *, title: str, ident: str = "distribution") -> Markup:
    """Draw how many people reached each level 1..5 as vertical bars with count and percent.

    `counts[i]` is the number of people at level i + 1.
    """
    ident = _safe_id(ident)
    total = sum(counts)
    left, plot_w, plot_h, top = 36, 320, 150, 34
    slot = plot_w / len(counts) if counts else plot_w
    bar_w = slot * 0.62
    peak = max(counts, default=0) or 1
    width, height = left + plot_w + 10, top + plot_h + 40
    desc = "; ".join(
        f"level {level}: {count} orang ({_percent(count, total)})"
        for level, count in enumerate(counts, start=1)
    )
    out = _open_svg(width, height, ident, title, f"n = {total}. {desc}")
    base = top + plot_h
    out.append(f'<line x1="{left}" y1="{base}" x2="{left + plot_w}" y2="{base}" stroke="{INK}"/>')
    for index, count in enumerate(counts):
        level = index + 1
        h = plot_h * count / peak
        x = left + index * slot + (slot - bar_w) / 2
        cx = x + bar_w / 2
        if count:
            out.append(
                f'<rect x="{x:g}" y="{base - h:g}" width="{bar_w:g}" height="{h:g}"'
                f' fill="{ACHIEVED_FILL}" stroke="{INK}"/>'
            )
        out.append(_text(cx, base - h - 18, str(count), text_anchor="middle", font_weight="bold"))
        out.append(_text(cx, base - h - 5, _percent(count, total), text_anchor="middle"))
        out.append(_text(cx, base + 16, f"Level {level}", text_anchor="middle"))
    out.append("</svg>")
    return Markup("".join(out))


def _percent(count: int, total: int) -> str:
    """Percent with one decimal and a decimal comma, as Indonesian readers write it."""
    if not total:
        return "0%"
    value = round_half_up_scalar(100 * count / total, 1)
    return f"{value:.1f}%".replace(".", ",")


@dataclass(frozen=True)
class ScoreBand:
    """One competency's C_score with its ± SEM band, on its test's level cuts."""

    label: str
    score: float
    low: float | None  # score - SEM; None when the SEM is unknown
    high: float | None
    cuts: tuple[float, ...]  # the four cuts in force: level 2..5 start here
    level: int


def score_bands(bands: Sequence[ScoreBand], *, title: str, ident: str = "bands") -> Markup:
    """Draw each C_score as a dot with its ± SEM whisker over the test's level regions.

    The cuts are drawn per row (tests may differ), each region labelled with its level, so
    the reader sees which levels the band spans without relying on colour.
    """
    ident = _safe_id(ident)
    label_w, plot_w, value_w, row_h, top = 250, 400, 150, 40, 30
    values = [v for b in bands for v in (b.score, b.low, b.high, *b.cuts) if v is not None]
    lo = min(0.0, math.floor(min(values, default=0.0) / 20) * 20)
    hi = max(100.0, math.ceil(max(values, default=100.0) / 20) * 20)
    x = lambda value: label_w + (value - lo) / (hi - lo) * plot_w  # noqa: E731
    height = top + row_h * max(len(bands), 1) + 40
    desc = "; ".join(_band_desc(b) for b in bands) or "Tidak ada skor."
    out = _open_svg(label_w + plot_w + value_w, height, ident, title, desc)
    bottom = top + row_h * len(bands)
    for tick in range(int(lo), int(hi) + 1, 20):
        out.append(f'<line x1="{x(tick):g}" y1="{top - 6}" x2="{x(tick):g}" y2="{bottom}"')
        out.append(f' stroke="{GRID}" stroke-dasharray="2 4"/>')
        out.append(_text(x(tick), top - 10, str(tick), text_anchor="middle", fill="#5b6676"))
    for index, band in enumerate(bands):
        out.append(_band_row(band, top + index * row_h, row_h, x, lo, hi, label_w, plot_w))
    out.append(_text(label_w, bottom + 24, "Skor C: 0 = setara menebak, 100 = opsi terbaik"))
    out.append("</svg>")
    return Markup("".join(out))


def _band_row(band: ScoreBand, y: float, row_h: float, x, lo, hi, label_w, plot_w) -> str:
    mid = y + row_h / 2
    parts = [_text(label_w - 8, mid + 4, band.label, text_anchor="end")]
    edges = [lo, *band.cuts, hi]
    for level, (start, end) in enumerate(zip(edges, edges[1:], strict=False), start=1):
        if end <= start:
            continue
        if level > 1:  # a cut: where this level starts
            parts.append(
                f'<line x1="{x(start):g}" y1="{y + 4:g}" x2="{x(start):g}"'
                f' y2="{y + row_h - 4:g}" stroke="{INK}"/>'
            )
        parts.append(
            _text(
                (x(start) + x(end)) / 2,
                y + 12,
                f"L{level}",
                text_anchor="middle",
                fill="#5b6676",
                font_size="10",
            )
        )
    if band.low is not None and band.high is not None:
        parts.append(
            f'<line x1="{x(band.low):g}" y1="{mid + 4:g}" x2="{x(band.high):g}" y2="{mid + 4:g}"'
            f' stroke="{ACHIEVED_FILL}" stroke-width="3"/>'
        )
        for end in (band.low, band.high):
            parts.append(
                f'<line x1="{x(end):g}" y1="{mid - 1:g}" x2="{x(end):g}" y2="{mid + 9:g}"'
                f' stroke="{ACHIEVED_FILL}" stroke-width="2"/>'
            )
    parts.append(
        f'<circle cx="{x(band.score):g}" cy="{mid + 4:g}" r="5" fill="{INK}" stroke="#fff"/>'
    )
    parts.append(
        _text(label_w + plot_w + 8, mid + 8, f"{_number(band.score)} (level {band.level})")
    )
    return "".join(parts)


def _band_desc(band: ScoreBand) -> str:
    text = f"{band.label}: skor C {_number(band.score)}, level {band.level}"
    if band.low is None or band.high is None:
        return text + ", SEM tidak tersedia"
    return text + f", rentang ± SEM {_number(band.low)} sampai {_number(band.high)}"


def _number(value: float) -> str:
    """One decimal with a decimal comma."""
    return f"{round_half_up_scalar(value, 1):.1f}".replace(".", ",")
