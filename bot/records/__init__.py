"""The desk's own durable records: the claim index, imported fact-checks, marks and notes.

Redis holds what may be lost; this wing holds the desk's work. It imports only `bot.analysis`,
`bot.errors`, the standard library, numpy, psycopg and platformdirs: never Redis, Slack, spaCy
or the fetcher (an import that needs pages is handed a `fetch(url)` callable).
"""

from __future__ import annotations

from bot.records.config import RecordsConfig, RecordsConfigError, records_config_from_env
from bot.records.protocol import Records
from bot.records.types import (
    STATUSES,
    ClaimMarks,
    DeskClaim,
    FactCheck,
    ImportReport,
    MarkEntry,
    Match,
    NotSame,
    Scope,
)


def open_records(config: RecordsConfig) -> Records:
    """PostgreSQL when `database_url` is set, else SQLite at `db_path`; the schema is brought
    up to date before this returns."""
    if config.database_url:
        from bot.records.postgres import PostgresRecords

        return PostgresRecords(config.database_url, config.retention_days)
    from bot.records.sqlite import SqliteRecords

    return SqliteRecords(config.db_path, config.retention_days)


__all__ = [
    "STATUSES",
    "ClaimMarks",
    "DeskClaim",
    "FactCheck",
    "ImportReport",
    "MarkEntry",
    "Match",
    "NotSame",
    "Records",
    "RecordsConfig",
    "RecordsConfigError",
    "Scope",
    "open_records",
    "records_config_from_env",
]
