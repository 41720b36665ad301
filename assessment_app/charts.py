"""Server-side SVG charts for the results pages: plain values in, SVG markup out.

No JavaScript and no external service: the charts print as they show. Every chart carries
`role="img"`, a `<title>` and a `<desc>` that reads the values out, and never relies on colour
alone: bars are labelled with their values, the required level is hatched, and the legend
names both. Every text is escaped with markupsafe.
"""

from __future__ import annotations

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
