"""The upload kept between the preview and the confirm step.

The upload is checked twice with the same service (`dry_run=True` for the preview, then
for real on confirm), so the bytes are kept on disk in between, bound to the admin who
uploaded them. A roster holds plain PINs, so the files are readable by the app's user only
(0600 in a 0700 folder) and live as briefly as possible: deleted on confirm, on cancel, and
once older than `KEEP_SECONDS` by the app clock (checked whenever an upload is stored or
loaded).
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from assessment_app import clock
from assessment_app.exceptions import Refused

KEEP_SECONDS = 2 * 60 * 60  # a preview is confirmed within minutes; PINs should not linger
FILE_MODE = 0o600
FOLDER_MODE = 0o700
_TOKEN = re.compile(r"[0-9a-f]{32}")


MISSING = "Berkas unggahan tidak ditemukan; unggah ulang berkasnya."


def upload_missing(message: str = MISSING) -> Refused:
    """Return the refusal for an upload that does not exist, expired or is another admin's
    (400 `upload_missing`: the confirm form points at nothing usable)."""
    return Refused(400, "upload_missing", message)


@dataclass(frozen=True)
class StoredUpload:
    """An upload kept for the confirm step."""

    token: str
    kind: str
    filename: str
    data: bytes


def store_upload(directory: str | Path, data: bytes, filename: str, kind: str, user_id: int) -> str:
    """Keep `data` under a random token for `user_id` (0600 files in a 0700 folder);
    remove expired uploads first."""
    folder = _private_folder(directory)
    remove_expired(folder)
    token = secrets.token_hex(16)
    meta = {
        "kind": kind,
        "filename": filename,
        "user_id": user_id,
        "stored_at": clock.now().timestamp(),
    }
    _write_private(folder / token, data)
    _write_private(folder / f"{token}.json", json.dumps(meta).encode("utf-8"))
    return token


def load_upload(directory: str | Path, token: str, kind: str, user_id: int) -> StoredUpload:
    """Return the upload stored under `token` by `user_id` for `kind`.

    Refuses (`upload_missing`) an unknown or malformed token, another admin's upload,
    another kind, or an expired file (which is deleted).
    """
    folder = Path(directory)
    meta = _meta(folder, token)
    if meta.get("user_id") != user_id or meta.get("kind") != kind:
        raise upload_missing("Berkas unggahan ini bukan milik Anda; unggah ulang berkasnya.")
    if _expired(meta):
        discard_upload(folder, token)
        raise upload_missing("Berkas unggahan sudah kedaluwarsa; unggah ulang berkasnya.")
    try:
        data = (folder / token).read_bytes()
    except OSError as exc:
        raise upload_missing() from exc
    return StoredUpload(token, kind, str(meta.get("filename", "")), data)


def cancel_upload(directory: str | Path, token: str, user_id: int) -> bool:
    """Delete `user_id`'s upload `token` (the preview's Batal); False when there is none."""
    try:
        meta = _meta(Path(directory), token)
    except Refused:
        return False
    if meta.get("user_id") != user_id:
        return False
    discard_upload(directory, token)
    return True


def discard_upload(directory: str | Path, token: str) -> None:
    """Delete a stored upload (nothing happens for an unknown token)."""
    if not _TOKEN.fullmatch(token or ""):
        return
    for path in (Path(directory) / token, Path(directory) / f"{token}.json"):
        path.unlink(missing_ok=True)


def remove_expired(directory: str | Path) -> int:
    """Delete every upload older than `KEEP_SECONDS` (by the app clock); return how many."""
    folder = Path(directory)
    removed = 0
    for path in folder.glob("*.json") if folder.is_dir() else ():
        token = path.stem
        try:
            meta = _meta(folder, token)
        except Refused:
            meta = {}  # unreadable metadata: the pair is of no use to anyone
        if _expired(meta):
            discard_upload(folder, token)
            removed += 1
    return removed


def _meta(folder: Path, token: str) -> dict:
    if not _TOKEN.fullmatch(token or ""):
        raise upload_missing()
    try:
        meta = json.loads((folder / f"{token}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise upload_missing() from exc
    return meta if isinstance(meta, dict) else {}


def _expired(meta: Mapping) -> bool:
    stored_at = meta.get("stored_at")
    if not isinstance(stored_at, int | float):
        return True
    return stored_at < clock.now().timestamp() - KEEP_SECONDS


def _private_folder(directory: str | Path) -> Path:
    folder = Path(directory)
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    os.chmod(folder, FOLDER_MODE)  # an older folder (or a umask) may have left it open
    return folder


def _write_private(path: Path, data: bytes) -> None:
    """Create `path` as 0600 from the start (no moment at which others can read it)."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
