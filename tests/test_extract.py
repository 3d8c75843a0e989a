"""Article extraction from page text, with no network: main text, metadata, links, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import AccessDenied, NothingExtracted
from bot.reading.extract import extract_article, plain_paragraphs

PAGES = Path(__file__).parent / "fixtures" / "pages"
HARBOUR_URL = "https://www.coastal-ledger.example/news/2024/03/harbour-flood-wall-approved"


def page(name: str, encoding: str = "utf-8") -> str:
    return (PAGES / name).read_bytes().decode(encoding)


@pytest.fixture(scope="module")
def harbour():
    return extract_article(page("harbour-council.html"), url=HARBOUR_URL + "?utm_source=tw")


def test_main_text_is_kept_in_paragraphs(harbour) -> None:
    paragraphs = harbour.text.split("\n\n")
    assert paragraphs[0].startswith("Harbour District Council has approved a £40 million")
    assert any(p.startswith("Council leader Margaret Osei told the meeting") for p in paragraphs)
    assert paragraphs[-1].startswith("Construction is expected to begin in September")
    assert len(paragraphs) >= 7


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Refinance today",  # leaderboard ad
        "Win a cruise",  # inline ad inside the body
        "Hearing aids",  # sidebar ad
        "Sport",  # navigation
        "Storm Ciarán: harbour businesses count the cost",  # related stories
        "Pier to close",  # most read
        "About time!",  # comments
        "Sign up for our free morning briefing",  # newsletter box
        "All rights reserved",  # footer
        "Share on X",
        "Local Democracy Reporter",  # byline line
    ],
)
def test_boilerplate_is_left_out(harbour, boilerplate: str) -> None:
    assert boilerplate not in harbour.text


def test_headline_is_the_title_not_a_paragraph(harbour) -> None:
    assert harbour.title == "Harbour council approves £40m flood wall after two-year dispute"
    assert harbour.title not in harbour.text


def test_metadata(harbour) -> None:
    assert harbour.author == "Priya Raman"
    assert harbour.date == "2024-03-14"
    assert harbour.site_name == "The Coastal Ledger"
    assert harbour.url == HARBOUR_URL + "?utm_source=tw"
    assert harbour.canonical_url == HARBOUR_URL


def test_links_come_from_the_body_only(harbour) -> None:
    assert harbour.links == (
        "https://www.harbour-council.example/meetings/2024-03-13/flood-wall-report.pdf",
        "https://www.environment-agency.example/flood-maps/harbour",
    )


def test_latin1_page_text_and_metadata() -> None:
    article = extract_article(
        page("vigo-port-latin1.html", "latin-1"), url="https://atlantico.example/a"
    )
    assert article.title == "El puerto de Vigo recibirá 12 millones para ampliar la terminal"
    assert article.author == "Lucía Fernández Núñez"
    assert article.site_name == "Diario Atlántico"
    assert "«es imprescindible»" in article.text
    assert "Noticias relacionadas" not in article.text


def test_a_page_cannot_claim_another_outlets_address() -> None:
    served_from = "https://totally-real.example/2024/minister"
    article = extract_article(page("foreign-canonical.html"), url=served_from)
    assert article.canonical_url == served_from
    assert "bigoutlet" not in article.site_name
    assert article.text.startswith("The transport minister resigned on Friday")


def test_paywalled_teaser_is_refused() -> None:
    with pytest.raises(AccessDenied) as caught:
        extract_article(page("paywalled-teaser.html"), url="https://courier.example/shipyard")
    assert "paste" in caught.value.user_message.lower()


def test_page_without_article_text_is_refused() -> None:
    with pytest.raises(NothingExtracted) as caught:
        extract_article(page("no-article.html"), url="https://app.example/story/1")
    assert "paste the article's text" in caught.value.user_message.lower()


def test_plain_text_article() -> None:
    article = extract_article(
        page("school-meals.txt"), url="https://gov.example/meals.txt", content_type="text/plain"
    )
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == "Free school meals to be extended to 120,000 more pupils"
    assert paragraphs[1].startswith("The education department said on Tuesday")
    assert "extended to every primary pupil" in paragraphs[1]
    assert len(paragraphs) == 4
    assert article.canonical_url == "https://gov.example/meals.txt"


def test_empty_plain_text_is_refused() -> None:
    with pytest.raises(NothingExtracted):
        extract_article(" \n\n ", content_type="text/plain")


def test_plain_paragraphs_one_per_line_without_blank_lines() -> None:
    assert plain_paragraphs("First line.\r\nSecond  line.\n") == ["First line.", "Second line."]
