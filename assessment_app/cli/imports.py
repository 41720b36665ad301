"""`roster import`, `roster cards`, `standards import`, `performance import`, `potential import`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from assessment_app import audit
from assessment_app.cli.common import cli_actor, fail, service_command
from assessment_app.extensions import db
from assessment_app.imports.cards import FALLBACK_EXAM_URL, card_candidates, render_cards_of
from assessment_app.imports.report import Importer, ImportReport
from assessment_app.imports.roster import import_roster
from assessment_app.imports.talent import import_performance, import_potential, import_standards
from assessment_app.tabular import TableError, read_table
from config import ConfigError, check_exam_url

roster_cli = AppGroup("roster", help="Daftar peserta: impor dan kartu login.")
standards_cli = AppGroup("standards", help="Standar kompetensi jabatan.")
performance_cli = AppGroup("performance", help="Predikat kinerja (SKP).")
potential_cli = AppGroup("potential", help="Potensi dari asesmen lain (Tinggi/Menengah/Rendah).")


def _read(path: str):
    try:
        with open(path, "rb") as handle:
            return read_table(handle.read(), path)
    except OSError as exc:
        fail(f"{path}: tidak dapat dibaca: {exc.strerror}")
    except TableError as exc:
        fail(f"{path}: {exc}")


def _report(path: str, report: ImportReport, dry_run: bool) -> None:
    if not report.errors:
        done = "dibuat" if report.written else "akan dibuat"
        for code in report.new_codes:
            click.echo(f"{path}: {code.noun} baru {done}: {code.code} ({code.rows_text})", err=True)
    for warning in report.warnings:
        click.echo(f"{path}: peringatan: {warning}", err=True)
    for error in report.errors:
        click.echo(f"{path}: {error}", err=True)
    if report.errors:
        fail(f"{path}: {len(report.errors)} kesalahan; tidak ada data yang disimpan.")
    prefix = "Uji coba (tidak disimpan): " if dry_run else ""
    click.echo(f"{prefix}{report.counts}.")


def _run_import(importer, path: str, dry_run: bool) -> None:
    table = _read(path)
    try:
        report = importer(table, actor=cli_actor(), dry_run=dry_run)
        if report.written:
            db.session.commit()
        else:
            db.session.rollback()  # nothing half-written, not even a new event row
    except BaseException:
        db.session.rollback()
        raise
    _report(path, report, dry_run)


@roster_cli.command("cards")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False))
@click.option("--session", "session_code", help="Hanya sesi ini.")
@click.option("--room", "room_code", help="Hanya ruang ini.")
@click.option("--url", "url", help="Alamat ujian yang dicetak (bawaan: EXAM_URL).")
@service_command
def roster_cards(out: str, session_code: str | None, room_code: str | None, url: str | None):
    """Write printable login cards as an HTML file (A4, six per page)."""
    _check_card_url(url)
    candidates = card_candidates(session_code, room_code)
    if not candidates:
        where = [
            f"{label} {code.upper()}"
            for label, code in (("sesi", session_code), ("ruang", room_code))
            if code
        ]
        place = f" di {', '.join(where)}" if where else ""
        fail(f"Tidak ada peserta{place}: tidak ada kartu yang ditulis.")
    try:
        html = render_cards_of(candidates, url)
    except ValueError as exc:  # a PIN cannot be unsealed: SECRET_KEY changed since the import
        fail(f"Gagal: {exc}")
    try:
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(html)
    except OSError as exc:
        fail(f"{out}: tidak dapat ditulis: {exc.strerror}")
    _audit_cards(session_code, room_code, len(candidates), out)
    click.echo(f"{len(candidates)} kartu login ditulis ke {out}.")


def _audit_cards(session_code: str | None, room_code: str | None, count: int, out: str) -> None:
    """Record that cards (with every PIN on them) were written, like the admin's card page."""
    session = (session_code or "").upper()
    audit.record(
        cli_actor(),
        "session.cards",
        target=f"session:{session}" if session else "",
        details={
            "session": session,
            "room": (room_code or "").upper(),
            "cards": count,
            "file": out,
        },
    )
    db.session.commit()


def _check_card_url(url: str | None) -> None:
    """Refuse a malformed --url; warn when the cards would print the fallback address."""
    try:
        check_exam_url(url, "--url")
    except ConfigError as exc:
        fail(str(exc))
    if not (url or current_app.config.get("EXAM_URL")):
        click.echo(
            f"Peringatan: alamat ujian belum diatur; kartu mencetak {FALLBACK_EXAM_URL}. "
            "Beri --url atau atur EXAM_URL dengan alamat yang dibuka peserta.",
            err=True,
        )


def _import_command(group: AppGroup, importer: Importer, summary: str) -> None:
    """Add `<group> import FILE [--dry-run]` running `importer` (all-or-nothing)."""

    @group.command("import", help=summary)
    @click.argument("file", type=click.Path(dir_okay=False))
    @click.option("--dry-run", is_flag=True, help="Periksa saja, jangan simpan.")
    @service_command
    def command(file: str, dry_run: bool) -> None:
        _run_import(importer, file, dry_run)


for _group, _importer, _summary in (
    (roster_cli, import_roster, "Import candidates from CSV or XLSX (all-or-nothing)."),
    (standards_cli, import_standards, "Import required competency levels per position."),
    (performance_cli, import_performance, "Import SKP performance ratings by NIP."),
    (potential_cli, import_potential, "Import potentials (Tinggi, Menengah, Rendah) by NIP."),
):
    _import_command(_group, _importer, _summary)
