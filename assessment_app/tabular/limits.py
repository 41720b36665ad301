"""The size limits of an uploaded table, checked while it is read (one place for CSV and XLSX).

The largest real upload is a roster: a city or regency has a few thousand ASN and one
assessment event seats at most a few thousand of them, so 20,000 rows leave ample room
(a whole province's roster still fits) while a 200,000-row file is refused before it costs
minutes and gigabytes. A roster has ten columns and a standards file one per competency
(a few dozen), hence 64 columns. A name, position or unit fits in a few hundred characters.
The limits stop reading at the first row that breaks them, so time and memory stay bounded
whatever the file claims about itself.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from assessment_app.tabular.table import TableError, column_letter

_CHUNK = 1024 * 1024
T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    """The caps of one upload: rows (spreadsheet rows, the header included), columns,
    characters per cell, non-empty cells, and the XLSX's decompressed bytes (all members,
    and the shared-strings table, which openpyxl holds in memory whole)."""

    rows: int = 20_000
    columns: int = 64
    cell_chars: int = 1_000
    cells: int = 400_000
    unzipped_bytes: int = 64 * 1024 * 1024
    shared_strings_bytes: int = 16 * 1024 * 1024


LIMITS = Limits()


class LimitExceeded(TableError):
    """A file broke one of the limits; `message` says which limit and where."""


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def check_width(values: Sequence[object], number: int, filename: str, limits: Limits) -> list:
    """Return row `number`'s cells cut to the column limit, refusing data past it.

    Trailing empty cells (None or "") past the limit are dropped: Excel writes `;;;` and
    styled empty cells. Raises `LimitExceeded` naming the first filled column past it.
    """
    if len(values) <= limits.columns:
        return list(values)
    beyond = next(
        (i for i in range(limits.columns, len(values)) if values[i] not in (None, "")), None
    )
    if beyond is not None:
        raise LimitExceeded(
            f"Berkas {filename} melebihi batas {limits.columns} kolom: baris {number} "
            f"berisi data di kolom {column_letter(beyond)}. Hapus kolom yang tidak "
            "dipakai lalu unggah ulang."
        )
    return list(values[: limits.columns])


def capped_rows(
    records: Iterable[tuple[Sequence[str], T]], filename: str, limits: Limits
) -> Iterator[tuple[list[str], T]]:
    """Yield `records` (cell texts and a companion value), refusing the first row that
    breaks a limit; rows are numbered from 1 as a spreadsheet shows them.

    A blank row past the row limit is skipped without counting. Raises `LimitExceeded`.
    """
    cells = 0
    for number, (texts, extra) in enumerate(records, start=1):
        row = check_width(texts, number, filename, limits)
        filled = [index for index, text in enumerate(row) if text]
        if not filled:
            if number <= limits.rows:  # past it, a blank row is neither kept nor refused
                yield row, extra
            continue
        if number > limits.rows:
            raise LimitExceeded(
                f"Berkas {filename} melebihi batas {_count(limits.rows)} baris: baris "
                f"{_count(number)} masih berisi data. Bagi berkas menjadi beberapa unggahan."
            )
        _check_cell_lengths(row, filled, number, filename, limits)
        cells += len(filled)
        if cells > limits.cells:
            raise LimitExceeded(
                f"Berkas {filename} melebihi batas {_count(limits.cells)} sel berisi "
                f"(terlampaui di baris {_count(number)}). Bagi berkas menjadi beberapa unggahan."
            )
        yield row, extra


def _check_cell_lengths(
    row: list[str], filled: list[int], number: int, filename: str, limits: Limits
) -> None:
    for index in filled:
        if len(row[index]) > limits.cell_chars:
            raise LimitExceeded(
                f"Berkas {filename}, baris {number}, kolom {column_letter(index)}: isi sel terlalu "
                f"panjang ({_count(len(row[index]))} karakter, maksimal "
                f"{_count(limits.cell_chars)})."
            )


def check_unzipped_size(data: bytes, filename: str, limits: Limits) -> None:
    """Refuse an XLSX whose members decompress past the limits, before openpyxl parses it.

    The sizes the zip declares are checked first (cheap), then each member is decompressed
    in chunks and counted, since a crafted zip can declare small sizes. Raises
    `LimitExceeded`; a damaged zip raises `zipfile.BadZipFile`.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        _check_total(sum(m.file_size for m in members), filename, limits)
        total = 0
        for member in members:
            cap = _member_cap(member.filename, limits)
            size = _unzipped(archive, member, min(cap, limits.unzipped_bytes - total) + 1)
            if size > cap:
                raise LimitExceeded(
                    f"Berkas {filename}: tabel teks XLSX ({member.filename}) terlalu besar "
                    f"setelah dibuka (lebih dari {cap // 2**20} MB)."
                )
            total += size
            _check_total(total, filename, limits)


def _member_cap(name: str, limits: Limits) -> int:
    if name.lower().endswith("sharedstrings.xml"):
        return limits.shared_strings_bytes
    return limits.unzipped_bytes


def _check_total(total: int, filename: str, limits: Limits) -> None:
    if total > limits.unzipped_bytes:
        raise LimitExceeded(
            f"Berkas {filename} terlalu besar setelah dibuka (lebih dari "
            f"{limits.unzipped_bytes // 2**20} MB isi XLSX); bagi berkas menjadi beberapa "
            "unggahan."
        )


def _unzipped(archive: zipfile.ZipFile, member: zipfile.ZipInfo, stop: int) -> int:
    """Return the decompressed size of `member`, counting no further than `stop` bytes."""
    size = 0
    with archive.open(member) as stream:
        while size < stop:
            chunk = stream.read(min(_CHUNK, stop - size))
            if not chunk:
                break
            size += len(chunk)
    return size
