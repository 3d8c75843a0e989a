"""The engine: article text in, `Analysis` out (segments, spaCy pipeline, attribution, claims,
checklist, and the outlet registry and word lists they read). Pure: no network, no Redis, no
Slack; it never imports the reading, store, desk or Slack wings.
"""

from bot.engine.analyser import PIPELINE_VERSION, analyse

__all__ = ["PIPELINE_VERSION", "analyse"]
