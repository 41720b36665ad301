"""`standards-setting ...`: run a standard-setting panel from the terminal (issue 16).

Every command goes through `standards.service` as the facilitator's pages do, in one
transaction, in the name of cli:<os user>; a refusal prints "Gagal: ..." and exits 1.
`judgements` imports a paper-based panel's judgements from a CSV (or XLSX), all or nothing,
saving each panelist's rows into the open round as he would have saved them himself.
Files (`report`, `booklet`) are written aside and renamed into place once complete.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import click
from flask.cli import AppGroup
from sqlalchemy import select

from assessment_app.cli.common import cli_actor, fail, service_command, transaction, write_aside
from assessment_app.exceptions import Refused
from assessment_app.extensions import db
from assessment_app.models import PanelMethod, User
from assessment_app.standards import BOUNDARIES

standards_setting_cli = AppGroup(
    "standards-setting", help="Penetapan standar: panel bookmark/Angoff untuk batas level."
)

OUT = click.Path(dir_okay=False)
IN = click.Path(dir_okay=False, exists=True)
JUDGEMENT_COLUMNS = ("panelist", "competency", "boundary", "value")


def _judgements():
    """Return `standards.judgements`, loaded when a command runs."""
    from assessment_app.standards import judgements

    return judgements


def _service():
    """Return `standards.service`; it loads the results code, so not at start-up."""
    from assessment_app.standards import service

    return service


def _decimal(value: float | None, places: int = 2) -> str:
    """Return a number for people: rounded half up, decimal comma, "–" for None."""
    from assessment_app.admin.results.presenters import decimal_text  # numpy

    return decimal_text(value, places)


def _write_text(out: str, suffix: str, write: Callable) -> None:
    """Call write(stream) on a UTF-8 text file that replaces ``out`` once complete."""

    def to_file(temporary: str) -> None:
        with open(temporary, "w", encoding="utf-8", newline="") as stream:
            write(stream)

    write_aside(out, suffix, to_file)


@standards_setting_cli.command("list")
def list_command() -> None:
    """List the current event's panels."""
    panels = _service().panels()
    if not panels:
        click.echo("Belum ada panel penetapan standar.")
    for panel in panels:
        state = "terbuka" if panel.round_open else "ditutup" if panel.round_number else "-"
        adopted = "ditetapkan" if panel.adopted_at else "belum ditetapkan"
        click.echo(
            f"{panel.id}\t{panel.test_code}\t{panel.method.value}\tputaran {panel.round_number} "
            f"({state})\t{adopted}\t{panel.title}"
        )


@standards_setting_cli.command("create")
@click.option("--test", "test_code", required=True, help="Kode tes, mis. MANSOS.")
@click.option("--method", type=click.Choice([m.value for m in PanelMethod]), required=True)
@click.option("--competency", "competencies", multiple=True, help="Hanya kompetensi ini.")
@click.option("--title", default="", help="Judul panel.")
@service_command
def create_command(test_code: str, method: str, competencies, title: str) -> None:
    """Create a panel and freeze its booklet from the event's finished attempts."""
    with transaction():
        panel = _service().create_panel(
            test_code, method, actor=cli_actor(), title=title, competencies=list(competencies)
        )
        panel_id, code, book = panel.id, panel.test_code, panel.booklet
    click.echo(f"Panel {panel_id} dibuat: tes {code}, metode {method}.")
    for entry in book["competencies"]:
        click.echo(f"  {entry['code']} ({entry['name']}): {_material(entry)}")
        for note in entry["notes"]:
            click.echo(f"Catatan {entry['code']}: {note}", err=True)


def _material(entry: dict) -> str:
    if "pages" not in entry:
        return f"{len(entry['items'])} butir"
    if not entry["pages"]:
        return "tidak dapat dikalibrasi, tanpa halaman"
    items = len(entry["params"]["items"])
    return f"{len(entry['pages'])} halaman dari {items} butir ({entry.get('persons')} peserta)"


@standards_setting_cli.command("add-panelist")
@click.argument("panel_id", type=int)
@click.argument("username")
@service_command
def add_panelist_command(panel_id: int, username: str) -> None:
    """Seat a staff account with the role panelis on the panel."""
    with transaction():
        seat = _service().add_panelist(panel_id, username, actor=cli_actor())
        label = seat.label
    click.echo(f"{username.strip().lower()} duduk di panel {panel_id} sebagai {label}.")


@standards_setting_cli.command("open-round")
@click.argument("panel_id", type=int)
@service_command
def open_round_command(panel_id: int) -> None:
    """Open the panel's next round."""
    with transaction():
        number = _service().open_round(panel_id, actor=cli_actor()).number
    click.echo(f"Putaran {number} panel {panel_id} dibuka.")


@standards_setting_cli.command("close-round")
@click.argument("panel_id", type=int)
@service_command
def close_round_command(panel_id: int) -> None:
    """Close the open round and print its cuts with their standard errors."""
    with transaction():
        closed = _service().close_round(panel_id, actor=cli_actor())
        number, summary = closed.number, closed.summary
    click.echo(f"Putaran {number} panel {panel_id} ditutup.")
    _print_summary(summary)


@standards_setting_cli.command("summary")
@click.argument("panel_id", type=int)
@service_command
def summary_command(panel_id: int) -> None:
    """Print the open round's cuts as its judgements stand now, or the last closed round's."""
    panel = _service().get_panel(panel_id)
    if not panel.rounds:
        fail("Gagal: panel ini belum punya putaran.")
    if panel.round_open:
        click.echo(f"Putaran {panel.round_number} (terbuka; dihitung dari penilaian saat ini)")
        _print_summary(_service().round_summary(panel, panel.round_number))
    else:
        click.echo(f"Putaran {panel.round_number} (ditutup)")
        _print_summary(panel.rounds[-1].summary)


def _print_summary(summary: dict) -> None:
    for competency in summary["competencies"]:
        cuts = competency["cuts"]
        proposal = "; ".join(_decimal(c) for c in cuts) if cuts else competency["problem"]
        click.echo(f"{competency['code']} ({competency['name']}): {proposal}")
        for b in competency["boundaries"]:
            click.echo(f"  level {b['level']}: {_boundary_text(b)}")
        click.echo(f"  dampak: {_impact_text(competency['impact'])}")


def _boundary_text(b: dict) -> str:
    text = f"batas {_decimal(b['cut'])} (SE {_decimal(b['se'])}), n {b['n']}"
    if "theta" in b:
        text += f", theta {_decimal(b['theta'], 3)} (SE {_decimal(b['theta_se'], 3)})"
    return text


def _impact_text(impact: dict) -> str:
    def shares(values):
        if values is None:
            return "-"
        return " ".join(f"{_decimal(100 * v, 1)}%" for v in values)

    return (
        f"{impact['persons']} peserta; level 1-5 usulan {shares(impact['proposed'])}; "
        f"berlaku {shares(impact['in_force'])}"
    )


@standards_setting_cli.command("adopt")
@click.argument("panel_id", type=int)
@click.option("--reason", required=True, help="Mengapa batas ditetapkan (dicatat di audit).")
@service_command
def adopt_command(panel_id: int, reason: str) -> None:
    """Adopt the last closed round's cuts as an audited scoring correction."""
    from assessment_app.results.cuts import shown_value

    with transaction():
        correction = _service().adopt(panel_id, actor=cli_actor(), reason=reason)
        number, value = correction.id, correction.value
    click.echo(f"Batas level panel {panel_id} ditetapkan (koreksi #{number}): {shown_value(value)}")


@standards_setting_cli.command("report")
@click.argument("panel_id", type=int)
@click.option("--out", "out", required=True, type=OUT, help="Berkas .csv atau .html.")
@service_command
def report_command(panel_id: int, out: str) -> None:
    """Write the panel's record (method, panel, rounds, judgements, cuts, impact) as CSV or
    printable HTML, by the file's extension."""
    from assessment_app.admin.standards.report_views import report_html
    from assessment_app.standards.record import panel_record
    from assessment_app.standards.record_csv import record_csv

    suffix = out.rsplit(".", 1)[-1].lower() if "." in out else ""
    if suffix not in ("csv", "html"):
        fail("Gagal: --out harus berakhiran .csv atau .html.")
    record = panel_record(_service().get_panel(panel_id))
    if suffix == "csv":
        _write_text(out, suffix, lambda stream: record_csv(record, stream))
    else:
        _write_text(out, suffix, lambda stream: stream.write(report_html(record)))
    click.echo(f"Laporan panel {panel_id} ditulis ke {out}.")


@standards_setting_cli.command("booklet")
@click.argument("panel_id", type=int)
@click.option("--out", "out", required=True, type=OUT, help="Berkas .csv.")
@service_command
def booklet_command(panel_id: int, out: str) -> None:
    """Write the ordered item booklet (bookmark) or the item list (Angoff) as CSV."""
    book = _service().get_panel(panel_id).booklet
    rows = _booklet_rows(book)
    _write_text(out, "csv", lambda stream: _write_booklet(book["method"], rows, stream))
    click.echo(f"{len(rows)} baris buku panel {panel_id} ditulis ke {out}.")


BOOKMARK_COLUMNS = ("competency", "page", "item", "category", "reach", "location")
ANGOFF_COLUMNS = ("competency", "item", "type", "low", "high")


def _booklet_rows(book: dict) -> list[tuple]:
    """Return one row per page (bookmark; location rounded half up to 4 decimals) or item."""
    from assessment_app.scoring import round_half_up_scalar

    if book["method"] == PanelMethod.ANGOFF.value:
        return [
            (entry["code"], item["id"], item["type"], item["low"], item["high"])
            for entry in book["competencies"]
            for item in entry["items"]
        ]
    return [
        (
            entry["code"],
            number,
            page["item"],
            page["category"],
            page["reach"],
            round_half_up_scalar(page["location"], 4),
        )
        for entry in book["competencies"]
        for number, page in enumerate(entry["pages"], start=1)
    ]


def _write_booklet(method: str, rows: list[tuple], stream) -> None:
    from assessment_app.exports.csv_writer import SpreadsheetCsv

    writer = SpreadsheetCsv(stream)
    writer.writerow(ANGOFF_COLUMNS if method == PanelMethod.ANGOFF.value else BOOKMARK_COLUMNS)
    writer.writerows(rows)


# --- judgements from a file ---------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """One judgement row of the file, checked: who, what, and where it was in the file."""

    row: int
    username: str
    judgement: tuple[str, int, str, float]


@standards_setting_cli.command("judgements")
@click.argument("panel_id", type=int)
@click.option(
    "--file",
    "path",
    required=True,
    type=IN,
    help="CSV/XLSX: panelist, competency, boundary, item, value.",
)
@service_command
def judgements_command(panel_id: int, path: str) -> None:
    """Import a paper-based panel's judgements into the open round, all or nothing."""
    panel = _service().get_panel(panel_id)
    entries = _read_judgements(panel, path)
    by_user = defaultdict(list)
    for entry in entries:
        by_user[entry.username].append(entry)
    users = _seated_users(panel)
    with transaction():
        for username, rows in by_user.items():
            _save(users[username], panel_id, rows)
    click.echo(
        f"{len(entries)} penilaian dari {len(by_user)} panelis disimpan ke putaran "
        f"{panel.round_number} panel {panel_id}."
    )


def _save(user: User, panel_id: int, rows: list[_Entry]) -> None:
    try:
        _judgements().save_judgements(user, panel_id, [entry.judgement for entry in rows])
    except Refused as exc:
        lines = ", ".join(str(entry.row) for entry in rows)
        fail(f"Gagal: panelis {user.username} (baris {lines}): {exc}. Tidak ada yang disimpan.")


def _seated_users(panel) -> dict[str, User]:
    ids = {seat.user_id for seat in panel.panelists}
    users = db.session.scalars(select(User).where(User.id.in_(ids)))
    return {user.username: user for user in users}


def _read_judgements(panel, path: str) -> list[_Entry]:
    """Return the file's rows checked against the panel, or fail listing every problem."""
    from assessment_app.tabular import TableError, read_table
    from assessment_app.tabular.table import check_header

    try:
        table = read_table(path, path)
    except TableError as exc:
        fail(f"Gagal: {exc}")
    header = check_header(table, JUDGEMENT_COLUMNS, ("item",))
    errors = list(header.errors)
    entries = []
    if not header.missing:
        checker = _RowChecker(panel, _seated_users(panel))
        for row in table.rows:
            entry = checker.check(row, errors)
            if entry is not None:
                entries.append(entry)
    if not entries and not errors:
        errors.append(f"{path}: berkas tidak berisi baris penilaian")
    if errors:
        fail("Gagal: tidak ada yang disimpan.\n" + "\n".join(str(e) for e in errors))
    return entries


class _RowChecker:
    """Check one row at a time against the panel's booklet; remember the keys seen."""

    def __init__(self, panel, users: dict[str, User]) -> None:
        self.book, self.users, self.seen = panel.booklet, users, {}
        self.bookmark = panel.method is PanelMethod.BOOKMARK
        self.items = {
            entry["code"]: {item["id"] for item in entry.get("items") or []}
            for entry in self.book["competencies"]
        }

    def check(self, row, errors: list) -> _Entry | None:
        """Return the row's entry, or None after adding its problems to ``errors``."""
        from assessment_app.tabular import RowError

        problems = self._problems(row)
        if problems:
            errors += [RowError(row.number, column, message) for column, message in problems]
            return None
        username = row.get("panelist").strip().lower()
        entry = (
            row.get("competency").strip().upper(),
            int(row.get("boundary").strip()),
            row.get("item").strip(),
            _number(row.get("value")),
        )
        try:
            judgement = _judgements().check_judgement(self.book, entry)
        except Refused as exc:
            errors.append(RowError(row.number, "value", str(exc)))
            return None
        key = (username, *judgement[:3])
        if key in self.seen:
            errors.append(RowError(row.number, None, f"sama dengan baris {self.seen[key]}"))
            return None
        self.seen[key] = row.number
        return _Entry(row.number, username, judgement)

    def _problems(self, row) -> list[tuple[str, str]]:
        """Return (column, message) for each cell that cannot be a judgement of this panel."""
        problems = []
        if row.get("panelist").strip().lower() not in self.users:
            problems.append(("panelist", "bukan panelis yang duduk di panel ini"))
        code = row.get("competency").strip().upper()
        if code not in self.items:
            problems.append(("competency", f"kompetensi {code!r} tidak ada di buku panel"))
        boundary = row.get("boundary").strip()
        if boundary not in {str(level) for level in BOUNDARIES}:  # "²".isdigit() is True
            problems.append(("boundary", "batas level harus 2, 3, 4 atau 5"))
        problems += self._item_problems(code, row.get("item").strip())
        if _number(row.get("value")) is None:
            problems.append(("value", "nilai harus angka"))
        return problems

    def _item_problems(self, code: str, item: str) -> list[tuple[str, str]]:
        if self.bookmark:
            return [("item", "kosongkan untuk metode bookmark")] if item else []
        if code in self.items and item not in self.items[code]:
            return [("item", f"butir {item!r} tidak ada di buku kompetensi {code}")]
        return []


def _number(text: str) -> float | None:
    """Return the cell as a number (a decimal comma is accepted), or None."""
    text = (text or "").strip().replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None
