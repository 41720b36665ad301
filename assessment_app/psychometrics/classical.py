"""Classical item analysis on a score matrix with NaN where an item was not presented.

Scores are 0/1 for mcq items and the chosen option's score (1..m) for sjt items. With
complete data every figure is the textbook one (and equals R psych's ``alpha``). With
missing-by-design data there is no complete matrix, so each statistic uses the data it has:

- facility, SD: the persons who saw the item;
- item-total and item-rest correlations: the person's total is the mean score on the items
  they saw (the sum when everyone saw everything), the rest the mean on the other items;
- alpha, alpha if dropped, SD of the total and SEM: from pairwise covariances (each pair of
  items over the persons who saw both, pairs with fewer than ``min_count`` persons left out),
  for the number of items a person actually answered: alpha(L) = L c / (v + (L - 1) c)
  with v the mean item variance and c the mean inter-item covariance.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .options import MIN_COUNT


@dataclass(frozen=True)
class ItemStats:
    """One item's figures; None where the data cannot give one."""

    item: str
    n: int
    facility: float | None
    sd: float | None
    r_total: float | None
    r_rest: float | None
    alpha_if_dropped: float | None


@dataclass(frozen=True)
class ScaleStats:
    """The whole scale (a test, or one competency of it)."""

    items: int
    persons: int
    length: float  # items per person, on average
    complete: bool  # every person saw every item
    pairs_used: int
    pairs_total: int
    alpha: float | None
    sd_total: float | None
    sem: float | None


@dataclass(frozen=True)
class ItemAnalysis:
    """Item and scale statistics, with notes on how they were computed."""

    items: list[ItemStats]
    scale: ScaleStats
    notes: list[str] = field(default_factory=list)


def item_analysis(scores, items, *, min_count: int = MIN_COUNT) -> ItemAnalysis:
    """Return classical statistics of the columns of ``scores`` (persons x items, NaN = not seen).

    Persons who saw nothing are ignored.
    """
    x = np.asarray(scores, dtype=float)
    x = x[~np.isnan(x).all(axis=1)] if x.size else x.reshape(0, len(items))
    seen = ~np.isnan(x)
    cov, pairs = pairwise_covariance(x, seen)
    count = seen.sum(axis=1)
    data = _Data(
        x, seen, np.where(seen, x, 0.0).sum(axis=1), count, cov, pairs >= min_count, min_count
    )
    length = float(count.mean()) if len(x) else 0.0
    scale = _scale(cov, data.usable, length, len(x), bool(seen.all()))
    rows = [_item(data, i, name, length) for i, name in enumerate(items)]
    return ItemAnalysis(rows, scale, _notes(scale, rows, min_count))


@dataclass(frozen=True)
class _Data:
    """The scores with what every item's statistics share."""

    x: np.ndarray
    seen: np.ndarray
    sums: np.ndarray  # per person, over the items seen
    count: np.ndarray  # items seen per person
    cov: np.ndarray
    usable: np.ndarray  # pairs (and items) with at least min_count persons
    min_count: int


def pairwise_covariance(x: np.ndarray, seen: np.ndarray):
    """Return covariances (ddof 1) of all column pairs over the rows having both, and counts."""
    filled = np.where(seen, x, 0.0)
    mask = seen.astype(float)
    pairs = mask.T @ mask
    sums = filled.T @ mask  # sums[i, j]: sum of item i over persons who saw i and j
    products = filled.T @ filled
    with np.errstate(invalid="ignore", divide="ignore"):
        centred = products - sums * sums.T / pairs
        cov = centred / (pairs - 1.0)
    return np.where(pairs > 1, cov, np.nan), pairs.astype(np.int64)


def alpha_from(cov: np.ndarray, usable: np.ndarray, length: float) -> float | None:
    """Return alpha for a test of ``length`` items from the usable pairwise covariances."""
    k = len(cov)
    diagonal = np.diag(usable)
    off = usable & ~np.eye(k, dtype=bool)
    if k < 2 or length < 2 or not diagonal.any() or not off.any():
        return None
    v, c = np.diag(cov)[diagonal].mean(), cov[off].mean()
    denominator = v + (length - 1.0) * c
    if denominator <= 0 or c > v:  # pairwise estimates from too few data can contradict
        return None
    return float(length * c / denominator)


def _scale(cov, usable, length, persons, complete) -> ScaleStats:
    k = len(cov)
    alpha = alpha_from(cov, usable, length)
    sd = sem = None
    off = usable & ~np.eye(k, dtype=bool)
    if alpha is not None:
        v, c = np.diag(cov)[np.diag(usable)].mean(), cov[off].mean()
        variance = length * v + length * (length - 1.0) * c
        sd = float(np.sqrt(variance))
        sem = float(sd * np.sqrt(max(1.0 - alpha, 0.0)))
    pairs_total = k * (k - 1) // 2
    return ScaleStats(
        k, persons, length, complete, int(off.sum()) // 2, pairs_total, alpha, sd, sem
    )


def _item(data: _Data, i: int, name: str, length: float) -> ItemStats:
    column = data.seen[:, i]
    n = int(column.sum())
    if n < data.min_count:
        return ItemStats(name, n, None, None, None, None, None)
    values = data.x[column, i]
    total = data.sums[column] / data.count[column]
    others = np.delete(np.arange(data.x.shape[1]), i)
    has_rest = data.count[column] > 1
    rest = (data.sums[column] - values)[has_rest] / (data.count[column][has_rest] - 1)
    return ItemStats(
        name,
        n,
        float(values.mean()),
        float(values.std(ddof=1)) if n > 1 else None,
        correlation(values, total),
        correlation(values[has_rest], rest) if has_rest.sum() >= data.min_count else None,
        alpha_from(
            data.cov[np.ix_(others, others)],
            data.usable[np.ix_(others, others)],
            min(length, len(others)),
        ),
    )


def correlation(x: np.ndarray, y: np.ndarray) -> float | None:
    """Return Pearson's r, or None when either variable does not vary."""
    if len(x) < 3:
        return None
    dx, dy = x - x.mean(), y - y.mean()
    scale = np.sqrt((dx @ dx) * (dy @ dy))
    if scale <= 1e-12 * max(len(x), 1):
        return None
    return float((dx @ dy) / scale)


def _notes(scale: ScaleStats, rows: list[ItemStats], min_count: int) -> list[str]:
    notes = []
    if not scale.complete:
        notes.append(
            f"Data tidak lengkap (rata-rata {scale.length:.1f} dari {scale.items} butir per "
            "peserta): alpha, SD total dan SEM dihitung dari kovarians berpasangan "
            f"({scale.pairs_used} dari {scale.pairs_total} pasangan butir memiliki sedikitnya "
            f"{min_count} peserta) untuk panjang tes {scale.length:.1f} butir; skor total "
            "peserta = rata-rata skor butir yang disajikan."
        )
    thin = [row.item for row in rows if row.n < min_count]
    if thin:
        notes.append(
            f"{len(thin)} butir dengan kurang dari {min_count} jawaban tidak dianalisis: "
            + ", ".join(thin[:10])
            + (" ..." if len(thin) > 10 else "")
        )
    if scale.alpha is None and scale.items > 1:
        notes.append(
            "Alpha tidak dapat dihitung: terlalu sedikit pasangan butir, tanpa variasi, atau "
            "kovarians berpasangan yang saling bertentangan (data terlalu sedikit)."
        )
    return notes
