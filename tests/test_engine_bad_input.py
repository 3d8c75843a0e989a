"""What people paste that is not a tidy English article: the engine answers, never crashes."""

from __future__ import annotations

import pytest

from bot.article import Article
from bot.engine import analyse
from bot.errors import EmptyInput, UnreadableInput
from bot.reading.decode import decode_bytes
from tests.engine_helpers import ARTICLES


@pytest.mark.parametrize("text", ["", "   \n\n\t  "])
def test_empty_text_is_refused(nlp, text):
    with pytest.raises(EmptyInput) as info:
        analyse(Article(text=text), nlp)
    assert "paste" in info.value.user_message.lower()


def test_long_text_is_capped_and_says_so(nlp):
    paragraph = (ARTICLES / "statistics.txt").read_text("utf-8").split("\n\n", 1)[1]
    text = "\n\n".join([paragraph] * (500_000 // len(paragraph) + 1))
    assert len(text) >= 500_000
    analysis = analyse(Article(text=text), nlp, max_chars=20_000)
    assert analysis.article.chars <= 20_000
    assert any("only the first" in n for n in analysis.notices)
    assert analysis.claims


def test_non_english_text_says_extraction_is_english_only(nlp):
    spanish = (
        "El gobierno anunció el martes que construirá una nueva base militar en la provincia, "
        "según fuentes locales que pidieron no ser identificadas. Los vecinos dicen que los "
        "camiones llegan todas las noches desde la frontera con el país vecino."
    )
    analysis = analyse(Article(text=spanish), nlp)
    assert analysis.claims == ()
    assert analysis.article.language == "other"
    assert any("English-only" in n for n in analysis.notices)


def test_non_latin_script_is_not_parsed_as_english(nlp):
    russian = (
        "Министерство обороны заявило во вторник, что новая база будет построена в течение года. "
        "По словам местных жителей, грузовики приезжают каждую ночь со стороны границы."
    )
    analysis = analyse(Article(text=russian), nlp)
    assert analysis.claims == ()
    assert any("English-only" in n for n in analysis.notices)


def test_only_headings_and_links_gives_a_notice(nlp):
    analysis = analyse(Article(text="Read More:\n\nSome headline\n\nAnother headline"), nlp)
    assert analysis.claims == ()
    assert analysis.notices


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_binary_input_is_refused_with_a_reason(data, what):
    with pytest.raises(UnreadableInput) as info:
        decode_bytes(data)
    assert what in info.value.user_message


def test_text_in_windows_1252_is_decoded():
    assert decode_bytes("The minister’s “statement”".encode("cp1252")) == (
        "The minister’s “statement”"
    )


def test_utf8_with_bom_is_decoded():
    assert decode_bytes("\ufeffHello".encode()) == "Hello"
