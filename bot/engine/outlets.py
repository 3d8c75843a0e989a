"""The outlet registry: who publishes what, and which outlets a state stands behind.

A data file (`data/outlets.json`) a newsroom can edit. It feeds two things: the spaCy entity
ruler (en_core_web_sm alone tags "Sputnik" as a person) and the publisher lookup by domain.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from bot.analysis import Outlet


@dataclass(frozen=True)
class OutletEntry:
    outlet: Outlet
    aliases: tuple[str, ...]
    domains: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.outlet.name, *self.aliases)


class Registry:
    def __init__(self, entries: list[OutletEntry]) -> None:
        self.entries = entries
        self._by_id = {e.outlet.id: e.outlet for e in entries}
        self._by_domain = {d.lower(): e.outlet for e in entries for d in e.domains}
        self._by_name = {n.casefold(): e.outlet for e in entries for n in e.names}

    def by_id(self, outlet_id: str) -> Outlet | None:
        return self._by_id.get(outlet_id)

    def by_name(self, name: str) -> Outlet | None:
        key = name.casefold().strip()
        if key.startswith("the "):
            return self._by_name.get(key) or self._by_name.get(key[4:])
        return self._by_name.get(key)

    def by_domain(self, host: str) -> Outlet | None:
        """Match the host or any parent domain ("edition.cnn.com" -> cnn.com)."""
        parts = host.lower().rstrip(".").split(".")
        for i in range(len(parts) - 1):
            outlet = self._by_domain.get(".".join(parts[i:]))
            if outlet:
                return outlet
        return None

    def name_prefix(self, text: str) -> tuple[Outlet, str] | None:
        """An outlet name glued to the start of a line ("Iran PressMiddle East:"), longest first."""
        folded = text.casefold()
        best: tuple[Outlet, str] | None = None
        for entry in self.entries:
            for name in entry.names:
                longer = best is None or len(name) > len(best[1])
                if longer and folded.startswith(name.casefold()):
                    best = (entry.outlet, text[: len(name)])
        return best

    def ruler_patterns(self) -> list[dict[str, Any]]:
        """Entity-ruler patterns; the pattern id is the outlet id so spans carry it."""
        patterns = []
        for entry in self.entries:
            for name in entry.names:
                for variant in {name, name.upper()} if len(name) > 4 else {name}:
                    patterns.append({"label": "ORG", "pattern": variant, "id": entry.outlet.id})
        return patterns


def _entry(raw: dict[str, Any]) -> OutletEntry:
    outlet = Outlet(
        id=raw["id"],
        name=raw["name"],
        country=raw.get("country", ""),
        state_affiliated=bool(raw.get("state_affiliated", False)),
        affiliation_source=raw.get("affiliation_source", ""),
        kind=raw.get("kind", ""),
    )
    return OutletEntry(outlet, tuple(raw.get("aliases", ())), tuple(raw.get("domains", ())))


@cache
def registry() -> Registry:
    raw = json.loads(resources.files("bot.engine").joinpath("data/outlets.json").read_text("utf-8"))
    return Registry([_entry(r) for r in raw["outlets"]])
