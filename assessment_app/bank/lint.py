"""Bank lint: warnings an item writer acts on, and the figures behind them.

Pure: works on a loaded ``Bank`` and on the ``path:line`` that each item carries in
``Item.source``. A warning never makes a bank invalid; ``bank validate --strict`` and the
admin bank page decide what to do with them. The rules (codes in brackets):

- ``terpanjang``: an item's best option (sjt) or key (mcq) is the longest by a clear margin.
- ``tindakan_terbanyak``: an sjt item's best option lists the most actions by a clear margin.
- ``panjang_timpang``: an item's option lengths vary more than a set ratio.
- ``kompetensi``: across a competency's sjt items, the best option is too often the longest
  or the one listing the most actions, or option length follows the score; across its mcq
  items, the key is too often the longest option.
- ``kunci``: too many of an mcq competency's keys sit at one authored option position.
- ``baris_terpotong``: a stem is hard-wrapped in the middle of a sentence.
- ``level_kurang``: a manajerial or sosiokultural level has too few sjt items.

"Best" options are those with the highest score (all of them on a tie), or an mcq item's key;
"other" options are the rest. Lengths are in characters of the (stripped) option text.
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from assessment_app.bank.model import FULL_LEVEL_GROUPS, LEVELS, Bank, Item, Option
from assessment_app.bank.problems import Problem

# A best option this many times as long as the longest other option gives the answer away.
LONGEST_MARGIN = 1.2
# A best option listing this many more actions than every other option gives it away.
ACTIONS_MARGIN = 2
# An item whose longest option is more than this many times its shortest is uneven.
LENGTH_RATIO_MAX = 2.5
# Above this share of a competency's items (sjt or mcq) with the longest best option or key,
# "pick the longest" pays off (with 4-5 options chance alone gives about 20-25 %).
SHARE_LONGEST_MAX = 0.30
# Above this mean Spearman correlation between option length and score, length tells score.
RANK_CORRELATION_MAX = 0.2
# Above this share of sjt items whose best option lists the most actions, "pick the option
# that lists the most" pays off.
SHARE_MOST_ACTIONS_MAX = 0.35
# Above this share of an mcq competency's keys at one position, guessing that position pays.
KEY_SHARE_MAX = 0.40
# Key positions and key lengths are judged only from this many mcq items of a competency on.
KEY_MIN_ITEMS = 8
# Fewer sjt items than this at one level cannot be drawn without repeats or gaps.
MIN_ITEMS_PER_LEVEL = 3

# One more action per separator: a comma, a semicolon or a linking word.
ACTION_SEPARATORS = re.compile(
    r",|;|\b(lalu|kemudian|serta|sambil|sekaligus|selanjutnya)\b|\bdan\b"
)
SENTENCE_ENDS = ".?!:;"

Location = tuple[str, int]  # (path, line)


@dataclass(frozen=True)
class LintWarning(Problem):
    """One warning, printed as ``path:line: peringatan: message [code]``."""

    code: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: peringatan: {self.message} [{self.code}]"


@dataclass(frozen=True)
class SjtFigures:
    """Figures of one competency's sjt items.

    ``mean_rank_correlation`` is None when every item was skipped (equal lengths or scores);
    ``items_per_level`` counts the items written for levels 1..5.
    """

    items: int
    share_best_longest: float
    share_best_most_actions: float
    mean_rank_correlation: float | None
    items_per_level: tuple[int, ...]


@dataclass(frozen=True)
class McqFigures:
    """Figures of one competency's mcq items: the share of keys at each authored position,
    and the share of items whose key is the longest option (a test-wise cue, as in sjt)."""

    items: int
    key_shares: tuple[float, ...]
    share_key_longest: float = 0.0


@dataclass(frozen=True)
class LintReport:
    """Every warning (sorted by path and line) and the figures per competency code."""

    warnings: tuple[LintWarning, ...]
    figures: dict[str, SjtFigures | McqFigures]


def lint_bank(bank: Bank) -> LintReport:
    """Check ``bank`` against every lint rule; return the warnings and the figures."""
    warnings: list[LintWarning] = []
    figures: dict[str, SjtFigures | McqFigures] = {}
    by_competency: dict[str, list[Item]] = defaultdict(list)
    for item in sorted(bank.items, key=_location):
        by_competency[item.competency].append(item)
        warnings.extend(_item_warnings(item))
    for competency in bank.competencies:
        items = by_competency.get(competency.code, [])
        sjt = [item for item in items if item.type == "sjt"]
        mcq = [item for item in items if item.type == "mcq"]
        where = _location(items[0]) if items else _dictionary_location(bank)
        if sjt:
            figures[competency.code] = found = sjt_figures(sjt)
            warnings.extend(_competency_warnings(competency.code, found, where))
        if mcq:
            figures[competency.code] = keys = mcq_figures(mcq)
            warnings.extend(_key_warnings(competency.code, keys, where))
        if competency.group in FULL_LEVEL_GROUPS:
            warnings.extend(_level_warnings(competency.code, sjt, where))
    warnings.sort(key=lambda warning: (warning.path, warning.line))
    return LintReport(tuple(warnings), figures)


# -- measures ---------------------------------------------------------------------------


def actions(text: str) -> int:
    """Count the actions an option lists: 1 + its commas, semicolons and linking words."""
    return 1 + sum(1 for _ in ACTION_SEPARATORS.finditer(text.lower()))


def best_and_others(item: Item) -> tuple[list[Option], list[Option]]:
    """Split an item's options into the best ones and the others.

    The best sjt options carry the highest score; the best mcq option is the key.
    """
    if item.type == "mcq":
        best = [option for option in item.options if option.key == item.answer]
        return best, [option for option in item.options if option.key != item.answer]
    top = max(option.score or 0 for option in item.options)
    best = [option for option in item.options if option.score == top]
    return best, [option for option in item.options if option.score != top]


def best_is_longest(item: Item, margin: float = 1.0) -> bool:
    """Tell whether a best option is at least ``margin`` times as long as every other."""
    best, others = best_and_others(item)
    if not others:
        return False
    longest_other = max(len(option.text) for option in others)
    return any(len(option.text) >= margin * longest_other for option in best)


def best_lists_most(item: Item, margin: int = 1) -> bool:
    """Tell whether a best option lists at least ``margin`` more actions than every other."""
    best, others = best_and_others(item)
    if not others:
        return False
    most_other = max(actions(option.text) for option in others)
    return any(actions(option.text) >= most_other + margin for option in best)


def average_ranks(values: Sequence[float]) -> np.ndarray:
    """Rank ``values`` from 1, giving tied values the mean of their ranks."""
    data = np.asarray(values, dtype=float)
    ranks = np.empty(len(data))
    ranks[np.argsort(data, kind="stable")] = np.arange(1, len(data) + 1)
    _, groups = np.unique(data, return_inverse=True)
    return (np.bincount(groups, weights=ranks) / np.bincount(groups))[groups]


def rank_correlation(item: Item) -> float | None:
    """Return the Spearman correlation of option length and score; None if either is flat."""
    lengths = [len(option.text) for option in item.options]
    scores = [option.score or 0 for option in item.options]
    if len(set(lengths)) < 2 or len(set(scores)) < 2:
        return None
    return float(np.corrcoef(average_ranks(lengths), average_ranks(scores))[0, 1])


def sjt_figures(items: Sequence[Item]) -> SjtFigures:
    """Compute a competency's figures from its sjt items."""
    correlations = [rho for rho in map(rank_correlation, items) if rho is not None]
    levels = Counter(item.level for item in items)
    return SjtFigures(
        items=len(items),
        share_best_longest=_share(best_is_longest(item) for item in items),
        share_best_most_actions=_share(best_lists_most(item) for item in items),
        mean_rank_correlation=float(np.mean(correlations)) if correlations else None,
        items_per_level=tuple(levels[level] for level in LEVELS),
    )


def mcq_figures(items: Sequence[Item]) -> McqFigures:
    """Compute a competency's key shares by authored option position (1st, 2nd, ...)."""
    positions = Counter(item.option_keys.index(item.answer) for item in items)
    width = max(len(item.options) for item in items)
    return McqFigures(
        len(items),
        tuple(positions[p] / len(items) for p in range(width)),
        _share(best_is_longest(item) for item in items),
    )


# -- warnings ---------------------------------------------------------------------------


def _item_warnings(item: Item) -> Iterable[LintWarning]:
    path, line = _location(item)
    if best_is_longest(item, LONGEST_MARGIN):
        best = "opsi terbaik" if item.type == "sjt" else "kunci jawaban"
        message = (
            f"soal {item.id}: {best} jauh lebih panjang daripada opsi lain "
            f"(≥ {_decimal(LONGEST_MARGIN, 1)} kali); samakan panjang opsi"
        )
        yield LintWarning(path, line, message, "terpanjang")
    if item.type == "sjt" and best_lists_most(item, ACTIONS_MARGIN):
        message = (
            f"soal {item.id}: opsi terbaik memuat {ACTIONS_MARGIN} tindakan atau lebih "
            "di atas opsi lain; tulis tiap opsi sebagai satu tindakan"
        )
        yield LintWarning(path, line, message, "tindakan_terbanyak")
    lengths = [len(option.text) for option in item.options]
    ratio = max(lengths) / max(min(lengths), 1)
    if ratio > LENGTH_RATIO_MAX:
        message = (
            f"soal {item.id}: opsi terpanjang {_decimal(ratio, 1)} kali opsi terpendek "
            f"(batas {_decimal(LENGTH_RATIO_MAX, 1)}); samakan panjang opsi"
        )
        yield LintWarning(path, line, message, "panjang_timpang")
    wraps = hard_wraps(item.stem)
    if wraps:
        message = (
            f"soal {item.id}: teks soal berganti baris di tengah kalimat {len(wraps)} kali "
            f"(pertama: «{wraps[0]}»); tulis satu paragraf dalam satu baris"
        )
        yield LintWarning(path, line, message, "baris_terpotong")


def hard_wraps(stem: str) -> list[str]:
    """Return the text around each line break that falls in the middle of a sentence.

    Such a break has no sentence end (``. ? ! : ;``) before it, and the next character that
    is not a space or tab is a lower-case letter.
    """
    found = []
    for match in re.finditer("\n", stem):
        at = match.start()
        following = stem[at + 1 :].lstrip(" \t")
        if at > 0 and stem[at - 1] not in SENTENCE_ENDS and following[:1].islower():
            found.append(f"{stem[max(at - 20, 0) : at]}⏎{following[:20]}".strip())
    return found


def _competency_warnings(code: str, figures: SjtFigures, where: Location) -> Iterable[LintWarning]:
    rho = figures.mean_rank_correlation
    if (
        figures.share_best_longest > SHARE_LONGEST_MAX
        or figures.share_best_most_actions > SHARE_MOST_ACTIONS_MAX
        or (rho is not None and rho > RANK_CORRELATION_MAX)
    ):
        rho_text = "-" if rho is None else _decimal(rho, 2)
        message = (
            f"kompetensi {code} ({figures.items} soal sjt): opsi terbaik paling panjang pada "
            f"{_percent(figures.share_best_longest)} soal (batas {_percent(SHARE_LONGEST_MAX)}), "
            f"memuat tindakan terbanyak pada {_percent(figures.share_best_most_actions)} soal "
            f"(batas {_percent(SHARE_MOST_ACTIONS_MAX)}), rata-rata korelasi peringkat "
            f"panjang-skor {rho_text} (batas {_decimal(RANK_CORRELATION_MAX, 2)})"
        )
        yield LintWarning(*where, message, "kompetensi")


def _key_warnings(code: str, figures: McqFigures, where: Location) -> Iterable[LintWarning]:
    if figures.items >= KEY_MIN_ITEMS and figures.share_key_longest > SHARE_LONGEST_MAX:
        message = (
            f"kompetensi {code} ({figures.items} soal pilihan ganda): kunci jawaban adalah "
            f"opsi terpanjang pada {_percent(figures.share_key_longest)} soal "
            f"(batas {_percent(SHARE_LONGEST_MAX)}); peserta bisa menebak dari panjang opsi"
        )
        yield LintWarning(*where, message, "kompetensi")
    if figures.items < KEY_MIN_ITEMS or max(figures.key_shares) <= KEY_SHARE_MAX:
        return
    shares = ", ".join(
        f"ke-{position} {_percent(share)}" for position, share in enumerate(figures.key_shares, 1)
    )
    message = (
        f"kompetensi {code}: kunci jawaban menumpuk pada satu posisi opsi ({shares}; "
        f"batas {_percent(KEY_SHARE_MAX)} per posisi)"
    )
    yield LintWarning(*where, message, "kunci")


def _level_warnings(code: str, sjt: Sequence[Item], where: Location) -> Iterable[LintWarning]:
    counts = Counter(item.level for item in sjt)
    for level in LEVELS:
        if counts[level] < MIN_ITEMS_PER_LEVEL:
            message = (
                f"kompetensi {code}: level {level} hanya punya {counts[level]} soal sjt "
                f"(minimal {MIN_ITEMS_PER_LEVEL})"
            )
            yield LintWarning(*where, message, "level_kurang")


# -- helpers ----------------------------------------------------------------------------


def _location(item: Item) -> Location:
    """Split ``Item.source`` (``path:line``) into path and line (line 0 when unknown)."""
    path, _, line = item.source.rpartition(":")
    return (path, int(line)) if line.isdigit() else (item.source, 0)


def _dictionary_location(bank: Bank) -> Location:
    """Place a warning about a competency without items at ``competencies.yaml``."""
    for item in bank.items:
        path, _ = _location(item)
        head, sep, _ = path.rpartition(os.sep + "items" + os.sep)
        if sep:
            return os.path.join(head, "competencies.yaml"), 1
    return "competencies.yaml", 1


def _share(flags: Iterable[bool]) -> float:
    values = list(flags)
    return sum(values) / len(values) if values else 0.0


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def _decimal(value: float, places: int) -> str:
    return f"{value:.{places}f}".replace(".", ",")
