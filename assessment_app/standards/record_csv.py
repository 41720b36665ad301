"""The record of a standard-setting panel as one CSV (`record_csv`), for BKPSDM's files.

One row per fact, with a ``section`` column (panel, calibration, round, judgement, cut,
impact, adoption) so one file carries the whole record of `record.panel_record`; numbers
are rounded half up to 4 decimals (`scoring.round_half_up_scalar`), times are UTC (ISO 8601),
UTF-8 without BOM like the other CSV exports.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TextIO

from assessment_app import clock
from assessment_app.exports.csv_writer import SpreadsheetCsv
from assessment_app.scoring import round_half_up_scalar
from assessment_app.standards.record import (
    DECIMALS,
    Adoption,
    Calibration,
    Cut,
    Outcome,
    Record,
    RoundFacts,
)

CSV_HEADER = (
    "section",
    "round",
    "panelist",
    "competency",
    "boundary",
    "item",
    "level",
    "field",
    "value",
    "se",
    "theta",
    "theta_se",
    "sd",
    "n",
    "proposed_pct",
    "in_force_pct",
    "text",
)
SPREAD_FIELDS = ("min", "q1", "median", "q3", "max")


def record_csv(record: Record, stream: TextIO) -> int:
    """Write the record as one CSV to ``stream`` (UTF-8 text, newline=""); return its rows.

    UTF-8 without BOM, as every export here (`exports.csv_writer`). Each line is one fact;
    ``section`` says which part of the record (panel, calibration, round, judgement, cut,
    impact, adoption) and ``field`` what the fact is; the other columns are empty where they
    do not apply.
    """
    writer = SpreadsheetCsv(stream)
    writer.writerow(CSV_HEADER)
    count = 0
    for fact in _facts(record):
        writer.writerow([_cell(fact.get(name)) for name in CSV_HEADER])
        count += 1
    return count


def _cell(value):
    """Return a CSV value: numbers rounded half up to DECIMALS, times in UTC, text as is."""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, datetime):
        return clock.iso_z(value)
    if isinstance(value, float):
        return round_half_up_scalar(value, DECIMALS)
    return value


def _facts(record: Record) -> Iterator[dict]:
    yield from _panel_facts(record)
    for entry in record.calibration:
        yield from _calibration_facts(entry)
    for facts in record.rounds:
        yield from _round_facts(facts)
    for j in record.judgements:
        yield {
            "section": "judgement",
            "round": j.round,
            "panelist": j.label,
            "competency": j.competency,
            "boundary": j.boundary,
            "item": j.item,
            "value": j.value,
        }
    for cut in record.cuts:
        yield from _cut_facts(cut)
    for outcome in record.outcomes:
        yield from _outcome_facts(outcome)
    if record.adoption is not None:
        yield from _adoption_facts(record.adoption)


def _panel_facts(record: Record) -> Iterator[dict]:
    fields = {
        "panel_id": record.panel_id,
        "title": record.title,
        "event": record.event,
        "test": record.test_code,
        "test_title": record.test_title,
        "method": record.method,
        "created_by": record.created_by,
        "created_at": record.created_at,
        "round_open": record.round_open,
        "digest": record.digest,
        "printed_at": record.printed_at,
    }
    for name, value in fields.items():
        yield {"section": "panel", "field": name, "text": value}
    for member in record.members:
        yield {
            "section": "panel",
            "panelist": member.label,
            "field": "username",
            "text": member.username,
        }
        yield {
            "section": "panel",
            "panelist": member.label,
            "field": "full_name",
            "text": member.full_name,
        }


def _calibration_facts(entry: Calibration) -> Iterator[dict]:
    base = {"section": "calibration", "competency": entry.code}
    yield {**base, "field": "name", "text": entry.name}
    for name in ("persons", "items", "pages"):
        if getattr(entry, name) is not None:
            yield {**base, "field": name, "value": getattr(entry, name)}
    for note in entry.notes:
        yield {**base, "field": "note", "text": note}


def _round_facts(facts: RoundFacts) -> Iterator[dict]:
    base = {"section": "round", "round": facts.number}
    for name in ("opened_by", "opened_at", "closed_by", "closed_at"):
        yield {**base, "field": name, "text": getattr(facts, name) or ""}


def _cut_facts(cut: Cut) -> Iterator[dict]:
    base = {
        "section": "cut",
        "round": cut.round,
        "competency": cut.competency,
        "boundary": cut.boundary,
    }
    yield {
        **base,
        "field": "panel",
        "value": cut.cut,
        "se": cut.se,
        "theta": cut.theta,
        "theta_se": cut.theta_se,
        "sd": cut.sd,
        "n": cut.n,
        "text": f"belum lengkap: {', '.join(cut.incomplete)}" if cut.incomplete else "",
    }
    if cut.theta_se_calibration is not None:
        yield {**base, "field": "calibration", "theta_se": cut.theta_se_calibration}
    for name, value in zip(SPREAD_FIELDS, cut.spread, strict=False):
        yield {**base, "field": name, "value": value}
    for p in cut.panelists:
        yield {**base, "field": "panelist", "panelist": p.label, "value": p.score, "theta": p.theta}


def _outcome_facts(outcome: Outcome) -> Iterator[dict]:
    base = {"section": "impact", "round": outcome.round, "competency": outcome.competency}
    if outcome.cuts is None:
        yield {**base, "field": "problem", "text": outcome.problem}
    for level in range(1, 6):
        yield {
            **base,
            "level": level,
            "field": "share",
            "n": outcome.persons,
            "proposed_pct": outcome.proposed[level - 1] if outcome.proposed else None,
            "in_force_pct": outcome.in_force[level - 1] if outcome.in_force else None,
        }


def _adoption_facts(adoption: Adoption) -> Iterator[dict]:
    base = {"section": "adoption"}
    yield {**base, "field": "adopted_at", "text": adoption.at or ""}
    yield {**base, "field": "adopted_by", "text": adoption.by or ""}
    yield {**base, "field": "correction_id", "value": adoption.correction_id}
    yield {**base, "field": "reason", "text": adoption.reason}
    yield {**base, "field": "cuts", "text": adoption.cuts}
    yield {**base, "field": "withdrawn", "text": adoption.withdrawn}
