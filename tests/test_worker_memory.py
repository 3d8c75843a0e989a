"""An analysis worker hands back the heap an article grew after every check, answered or refused
(glibc would keep a long article's high-water mark for the worker's whole life)."""

from __future__ import annotations

import pytest

from bot.analysis import text_key
from bot.desk import isolation
from bot.settings import load_settings

PASTED = (
    "The harbour authority said on Monday that 412 ships docked at Kessala in March, "
    "up from 380 a year earlier. Officials said the new quay cost $40 million."
)


@pytest.fixture
def trims(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []

    def trim(pad: int) -> int:
        calls.append(pad)
        return 1

    monkeypatch.setattr(isolation, "_malloc_trim", lambda: trim)
    return calls


def test_memory_is_handed_back_after_an_answer(nlp, trims: list[int]) -> None:
    answer = isolation.worker_task(load_settings({}), "", PASTED, text_key(PASTED))
    assert answer["analysis"]["claims"]
    assert trims == [0]


def test_memory_is_handed_back_after_a_refusal(nlp, trims: list[int]) -> None:
    answer = isolation.worker_task(load_settings({}), "", "   ", text_key("   "))
    assert answer["refused"].startswith("There is nothing to analyse")
    assert trims == [0]


def test_the_c_library_call_is_found_where_glibc_runs() -> None:
    """These machines run glibc: the call must be found, or the memory is never handed back."""
    isolation._malloc_trim.cache_clear()
    assert isolation._malloc_trim() is not None
    isolation.give_back_memory()
