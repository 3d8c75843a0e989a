"""Shared test setup: a developer's own Slack, Redis or claimdesk settings never leak into tests."""

from __future__ import annotations

import os
import tempfile

import pytest

_LEAKY_PREFIXES = ("SLACK_", "CLAIMDESK_")

# The desk database's default file is under the user's data folder (platformdirs reads
# XDG_DATA_HOME): every process the tests start, workers and CLI runs included, gets a scratch one.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="claimdesk-tests-data-")
_LEAKY_NAMES = ("REDIS_URL",)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(_LEAKY_PREFIXES) or name in _LEAKY_NAMES:
            monkeypatch.delenv(name)


@pytest.fixture(autouse=True)
def desk_database_in_tmp(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """The default desk database lives in the user's data folder: tests get a file of their own."""
    import bot.records.config

    folder = tmp_path_factory.mktemp("desk-db")
    monkeypatch.setattr(bot.records.config, "default_db_path", lambda: folder / "records.sqlite3")
    import bot.wiring

    monkeypatch.setattr(bot.wiring, "default_db_path", lambda: folder / "records.sqlite3")


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline, loaded once for the whole run."""
    from bot.engine.nlp import load_pipeline
    from bot.settings import load_settings

    return load_pipeline(load_settings({}).model)
