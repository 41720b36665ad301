"""Configuration classes; every value comes from the environment, parsed strictly."""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from datetime import timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from assessment_app.bounds import MAX_REQUEST_BYTES


class ConfigError(RuntimeError):
    """Raised when the environment does not describe a valid configuration."""


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip()


def _int_env(name: str, minimum: int, maximum: int) -> int | None:
    value = _env(name)
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name} harus bilangan bulat, bukan {value!r}") from None
    if not minimum <= number <= maximum:
        raise ConfigError(f"{name} harus antara {minimum} dan {maximum}")
    return number


class Signer(NamedTuple):
    """Who signs the individual report: a title (jabatan), a name and a NIP (may be blank)."""

    title: str
    name: str = ""
    nip: str = ""


MAX_SIGNERS = 4
_NIP = re.compile(r"\d{18}")


def parse_signers(text: str | None, variable: str = "REPORT_SIGNERS") -> tuple[Signer, ...]:
    """Read "Jabatan|Nama|NIP;Jabatan|Nama|NIP" strictly; empty text gives no signers.

    Each signer is one to three `|`-separated fields: the title (required), the name and
    the NIP (18 digits; a leading "NIP" and spaces are allowed). Raises ConfigError.
    """
    if text is None or not text.strip():
        return ()
    signers = []
    for number, entry in enumerate(text.split(";"), start=1):
        fields = [field.strip() for field in entry.split("|")]
        if len(fields) > 3 or not fields[0]:
            raise ConfigError(
                f"{variable}: penanda tangan ke-{number} harus 'Jabatan|Nama|NIP' "
                f"(jabatan wajib), bukan {entry.strip()!r}"
            )
        title, name, nip = (fields + ["", ""])[:3]
        nip = re.sub(r"^NIP\.?\s*", "", nip, flags=re.IGNORECASE).replace(" ", "")
        if nip and not _NIP.fullmatch(nip):
            raise ConfigError(f"{variable}: NIP penanda tangan ke-{number} harus 18 angka")
        signers.append(Signer(title, name, nip))
    if len(signers) > MAX_SIGNERS:
        raise ConfigError(f"{variable}: paling banyak {MAX_SIGNERS} penanda tangan")
    return tuple(signers)


def check_exam_url(url: str | None, name: str) -> None:
    """Refuse an exam address a candidate could not type into a browser (raise ConfigError)."""
    if url is not None and not re.fullmatch(r"https?://[^\s/]+(/\S*)?", url):
        raise ConfigError(f"{name} harus alamat lengkap http:// atau https://, bukan {url!r}")


# A production SECRET_KEY signs sessions and keys the PIN vault and the audit chain: it must be
# random. By the estimate below `secrets.token_urlsafe(48)` scores >= 300 bits, token_urlsafe(32)
# and token_hex(32) >= 180 (a hex key may miss a digit or four: hence 10 distinct, not 16);
# "a" x 32 scores 0 and "password" x 4 88. The bar sits above 128 because the estimate
# flatters runs such as "1234567890" ("passwordpassword" + 16 digits scores 128).
SECRET_MIN_DISTINCT = 10
SECRET_MIN_BITS = 160


def secret_bits(secret: str) -> float:
    """Estimate a key's entropy in bits: its length times its Shannon entropy per character.

    Generous to random keys and harsh on repetition ("a" x 32 gives 0, a word repeated
    to length gives about 2-3 bits per character).
    """
    counts = Counter(secret)
    per_char = -sum(n / len(secret) * math.log2(n / len(secret)) for n in counts.values())
    return per_char * len(secret)


def check_secret_strength(secret: str) -> None:
    """Refuse a SECRET_KEY that is not random enough (raise ConfigError, saying how to make one)."""
    how = 'buat dengan: python -c "import secrets; print(secrets.token_urlsafe(48))"'
    distinct = len(set(secret))
    if distinct < SECRET_MIN_DISTINCT:
        raise ConfigError(
            f"SECRET_KEY terlalu lemah: hanya {distinct} karakter berbeda "
            f"(minimal {SECRET_MIN_DISTINCT}); {how}"
        )
    bits = secret_bits(secret)
    if bits < SECRET_MIN_BITS:
        raise ConfigError(
            f"SECRET_KEY terlalu lemah: perkiraan entropi {bits:.0f} bit "
            f"(minimal {SECRET_MIN_BITS}); {how}"
        )


# /metrics is reachable by anyone who can reach the app: its token must not be guessable, so
# 32 characters at least (secrets.token_urlsafe(32) gives 43).
METRICS_TOKEN_MIN_LENGTH = 32


class Config:
    """Settings shared by every environment."""

    APP_ENV = "development"
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # redis://host:6379/0, or a Sentinel group that the app follows through a failover:
    # redis+sentinel://host1:26379,host2:26379,host3:26379/mymaster/0 (store/connection.py)
    REDIS_URL: str | None = None
    REDIS_PREFIX = "asesmen:"
    QUESTION_BANK = "question_bank"
    TIMEZONE = "Asia/Makassar"
    SEED_DEMO = True
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = MAX_REQUEST_BYTES  # uploads (bounds.MAX_UPLOAD_BYTES) stay below
    # A candidate's login survives a browser restart for a day; the cookie is re-signed only
    # when the session changes, not on every answer save.
    PERMANENT_SESSION_LIFETIME = timedelta(hours=24)
    SESSION_REFRESH_EACH_REQUEST = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    STAFF_LOGIN_LIMIT = 10  # failed tries per username per window
    STAFF_LOGIN_WINDOW_SECONDS = 300
    STAFF_IDLE_MINUTES = 30  # a staff session ends after this long without a request
    # Failed candidate logins per client address per 10-minute window. A room of ~60 behind
    # one NAT address may all reach their own 10-try limit (60 x 10) before the room is
    # refused; a proctor's "Buka blokir" lets a seat past this cap
    # (assessment_app.security.throttle).
    LOGIN_ADDRESS_LIMIT = 600
    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted; with 0
    # these headers are ignored, so a client cannot pick the address the limits count.
    TRUSTED_PROXIES = 0
    PROCTOR_POLL_MS = 2000  # how often the live room view refreshes itself
    JPM_BANDS = "pemetaan"  # pemetaan: Optimal/Cukup/Kurang; seleksi: Memenuhi Syarat/...
    DISCONNECTED_AFTER_SECONDS = 30  # no heartbeat for this long: "terputus"
    # Extra time a proctor may grant one attempt in total (pauses and outages do not count:
    # they stop the clock). An admin may go past it, with a reason, audited. Minutes, not a
    # share of the duration: a late start or a slow PC costs the same minutes in any test.
    EXTRA_TIME_CAP_MINUTES = 30
    # Who signs the individual report; none: the report prints blank lines to sign on.
    REPORT_SIGNERS: tuple[Signer, ...] = ()
    # The berita acara: its letterhead (kop surat) and who signs it besides the room's
    # proctors ("Jabatan|Nama|NIP;..."); without RECORD_SIGNERS it takes REPORT_SIGNERS.
    AGENCY_PARENT = ""
    AGENCY_NAME = "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA"
    AGENCY_ADDRESS = ""
    RECORD_SIGNERS: tuple[Signer, ...] = ()
    # The address candidates open, printed on login cards; unset: the admin page prints the
    # address it was itself reached at, `roster cards` needs --url or prints a loud default.
    EXAM_URL: str | None = None
    # Bearer token that /metrics answers to (docs/operations.md, Monitoring); unset: /metrics
    # does not exist (404).
    METRICS_TOKEN: str | None = None

    @classmethod
    def from_environment(cls) -> dict:
        """Read the optional environment variables into a dict of settings."""
        values = {
            "SECRET_KEY": _env("SECRET_KEY"),
            "SQLALCHEMY_DATABASE_URI": _normalise_db_url(_env("DATABASE_URL")),
            "REDIS_URL": _env("REDIS_URL"),
            "QUESTION_BANK": _env("QUESTION_BANK", cls.QUESTION_BANK),
            "TIMEZONE": _env("TIMEZONE", cls.TIMEZONE),
            "PROCTOR_POLL_MS": _int_env("PROCTOR_POLL_MS", 200, 60_000),
            "EXTRA_TIME_CAP_MINUTES": _int_env("EXTRA_TIME_CAP_MINUTES", 0, 24 * 60),
            "STAFF_IDLE_MINUTES": _int_env("STAFF_IDLE_MINUTES", 1, 24 * 60),
            "JPM_BANDS": _env("JPM_BANDS"),
            "REPORT_SIGNERS": parse_signers(_env("REPORT_SIGNERS")) or None,
            "AGENCY_PARENT": _env("AGENCY_PARENT"),
            "AGENCY_NAME": _env("AGENCY_NAME"),
            "AGENCY_ADDRESS": _env("AGENCY_ADDRESS"),
            "RECORD_SIGNERS": parse_signers(_env("RECORD_SIGNERS"), "RECORD_SIGNERS") or None,
            "EXAM_URL": _env("EXAM_URL"),
            "LOGIN_ADDRESS_LIMIT": _int_env("LOGIN_ADDRESS_LIMIT", 10, 1_000_000),
            "TRUSTED_PROXIES": _int_env("TRUSTED_PROXIES", 0, 5),
            "METRICS_TOKEN": _env("METRICS_TOKEN"),
        }
        return {k: v for k, v in values.items() if v is not None}

    @classmethod
    def validate(cls, settings: dict) -> None:
        """Refuse settings that cannot work; raise ConfigError with the reason."""
        if settings.get("JPM_BANDS", "pemetaan") not in ("pemetaan", "seleksi"):
            raise ConfigError("JPM_BANDS harus 'pemetaan' atau 'seleksi'")
        try:
            ZoneInfo(settings["TIMEZONE"])
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError(f"TIMEZONE tidak dikenal: {settings['TIMEZONE']!r}") from exc
        check_exam_url(settings.get("EXAM_URL"), "EXAM_URL")
        token = settings.get("METRICS_TOKEN")
        if token is not None and len(token) < METRICS_TOKEN_MIN_LENGTH:
            raise ConfigError(
                f"METRICS_TOKEN terlalu pendek: minimal {METRICS_TOKEN_MIN_LENGTH} karakter; "
                'buat dengan: python -c "import secrets; print(secrets.token_urlsafe(32))"'
            )


class DevelopmentConfig(Config):
    """Embedded SQLite and Redis under instance/ unless the environment says otherwise."""

    # A demo letterhead, so the printed berita acara looks like the real one.
    AGENCY_PARENT = "PEMERINTAH KOTA CONTOH"
    AGENCY_ADDRESS = "Jl. Jenderal Sudirman No. 1, Kota Contoh (alamat contoh: atur AGENCY_ADDRESS)"


class ProductionConfig(Config):
    """Real services only: refuses to start without a fixed secret, database and Redis."""

    APP_ENV = "production"
    SEED_DEMO = False
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True

    @classmethod
    def validate(cls, settings: dict) -> None:
        super().validate(settings)
        missing = [
            env
            for env, key in (
                ("SECRET_KEY", "SECRET_KEY"),
                ("DATABASE_URL", "SQLALCHEMY_DATABASE_URI"),
                ("REDIS_URL", "REDIS_URL"),
            )
            if not settings.get(key)
        ]
        if missing:
            raise ConfigError(
                "APP_ENV=production membutuhkan variabel lingkungan: " + ", ".join(missing)
            )
        if len(settings["SECRET_KEY"]) < 32:
            raise ConfigError("SECRET_KEY terlalu pendek: minimal 32 karakter")
        check_secret_strength(settings["SECRET_KEY"])
        if settings.get("DEBUG") or _env("FLASK_DEBUG", "0").lower() not in ("0", "false", "no"):
            raise ConfigError(
                "APP_ENV=production tidak boleh berjalan dalam mode debug: hapus FLASK_DEBUG "
                "dan opsi --debug (debugger membuka eksekusi kode dari peramban)"
            )
        if settings["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            raise ConfigError(
                "APP_ENV=production membutuhkan PostgreSQL: DATABASE_URL menunjuk SQLite, "
                "yang tidak dapat dipakai bersama beberapa server"
            )


CONFIGS = {"development": DevelopmentConfig, "production": ProductionConfig}


def config_class(name: str | None = None) -> type[Config]:
    """Return the config class for APP_ENV (or the given name)."""
    name = name or _env("APP_ENV", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise ConfigError(
            f"APP_ENV harus 'development' atau 'production', bukan {name!r}"
        ) from None


def _normalise_db_url(url: str | None) -> str | None:
    """Point plain postgres:// URLs at the psycopg 3 driver."""
    if url is None:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
