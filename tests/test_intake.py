"""Reading a journalist's message: Slack's link markup, bare URLs, the link limit, the rest."""

from __future__ import annotations

from bot.reading.intake import parse_message


def test_slack_link_with_label_is_unwrapped() -> None:
    request = parse_message("<https://example.com/news/a|example.com/news/a>")
    assert request.links == ("https://example.com/news/a",)
    assert request.text == ""


def test_slack_link_without_label_and_entities_in_the_url() -> None:
    request = parse_message("check <https://example.com/story?id=4&amp;page=2> please")
    assert request.links == ("https://example.com/story?id=4&page=2",)
    assert request.text == "check please"


def test_mentions_are_removed_and_other_refs_are_not_links() -> None:
    request = parse_message(
        "<@U024BE7LH> what needs checking? ask <mailto:desk@paper.example|desk@paper.example> "
        "or <#C0123|verification> <!here> &lt;urgent&gt; &amp; fast"
    )
    assert request.links == ()
    assert request.text == (
        "what needs checking? ask desk@paper.example or #verification @here <urgent> & fast"
    )


def test_several_links_keep_their_order() -> None:
    request = parse_message(
        "<https://a.example/1> and <https://b.example/2|b> then <https://c.example/3>"
    )
    assert request.links == ("https://a.example/1", "https://b.example/2", "https://c.example/3")
    assert request.dropped_links == 0


def test_links_beyond_the_limit_are_counted_not_kept() -> None:
    message = " ".join(f"<https://site{i}.example/story>" for i in range(5))
    request = parse_message(message, max_links=3)
    assert request.links == tuple(f"https://site{i}.example/story" for i in range(3))
    assert request.dropped_links == 2


def test_the_same_article_twice_counts_once() -> None:
    request = parse_message(
        "<https://ex.example/a?utm_source=tw> <https://EX.example/a#top> <https://ex.example/b>"
    )
    assert request.links == ("https://ex.example/a?utm_source=tw", "https://ex.example/b")
    assert request.dropped_links == 0


def test_bare_urls_from_the_terminal_lose_trailing_punctuation() -> None:
    request = parse_message(
        "Is this true? https://news.example/a/b?x=1. Also (https://other.example/c), "
        "and https://en.wikipedia.org/wiki/Flood_(disambiguation)!"
    )
    assert request.links == (
        "https://news.example/a/b?x=1",
        "https://other.example/c",
        "https://en.wikipedia.org/wiki/Flood_(disambiguation)",
    )
    assert request.text.startswith("Is this true?")


def test_pasted_text_keeps_its_paragraphs() -> None:
    request = parse_message("<@U1> First paragraph  here.\n\n\n\nSecond   paragraph.")
    assert request.links == ()
    assert request.text == "First paragraph here.\n\nSecond paragraph."


def test_non_web_schemes_are_not_links() -> None:
    request = parse_message("<ftp://files.example/a> javascript:alert(1) file:///etc/passwd")
    assert request.links == ()
