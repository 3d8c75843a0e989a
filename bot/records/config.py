"""Where the desk's durable records live and how long pasted text is kept.

A small dataclass of its own, read from the environment here, so the records wing can ship before
the integrator folds these three settings into `bot.settings.Settings`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

DEFAULT_RETENTION_DAYS = 180


class RecordsConfigError(ValueError):
    """A records setting is malformed; the message names the variable."""


def default_db_path() -> Path:
    """One SQLite file in the user's data folder, as each platform expects it."""
    return Path(platformdirs.user_data_dir("claimdesk", appauthor=False)) / "records.sqlite3"


@dataclass(frozen=True)
class RecordsConfig:
    """`database_url` set (postgresql://...) picks PostgreSQL; otherwise SQLite at `db_path`."""

    db_path: Path
    database_url: str = ""
    retention_days: int = DEFAULT_RETENTION_DAYS


def records_config_from_env(environ: Mapping[str, str] | None = None) -> RecordsConfig:
    """`DATABASE_URL`, `CLAIMDESK_DB_PATH`, `CLAIMDESK_RETENTION_DAYS` (default 180)."""
    env = os.environ if environ is None else environ
    url = env.get("DATABASE_URL", "").strip()
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url and not url.startswith("postgresql://"):
        raise RecordsConfigError("DATABASE_URL must start with postgresql:// (or postgres://)")
    raw_path = env.get("CLAIMDESK_DB_PATH", "").strip()
    path = Path(raw_path).expanduser() if raw_path else default_db_path()
    raw_days = env.get("CLAIMDESK_RETENTION_DAYS", "").strip()
    days = DEFAULT_RETENTION_DAYS
    if raw_days:
        try:
            days = int(raw_days)
        except ValueError:
            days = -1
        if days < 1:
            raise RecordsConfigError(
                f"CLAIMDESK_RETENTION_DAYS must be a whole number of days >= 1, got {raw_days!r}"
            )
    return RecordsConfig(db_path=path, database_url=url, retention_days=days)
