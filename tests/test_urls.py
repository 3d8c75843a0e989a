"""The cache identity of an article address: one spelling however the link was shared."""

from __future__ import annotations

import pytest

from bot.reading.urls import canonical_url, same_site


@pytest.mark.parametrize(
    ("shared", "canonical"),
    [
        ("HTTPS://WWW.Example.COM/News/Story", "https://www.example.com/News/Story"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/a#comments", "https://example.com/a"),
        ("https://example.com./a", "https://example.com/a"),
        ("https://user:secret@example.com/a", "https://example.com/a"),
        ("https://[2001:DB8::1]:443/a", "https://[2001:db8::1]/a"),
        ("https://example.com/a?utm_source=tw&utm_medium=social&utm_campaign=x",
         "https://example.com/a"),
        ("https://example.com/a?fbclid=IwAR0&gclid=Cj0&mc_cid=1&mc_eid=2&igshid=3&ref_src=twsrc",
         "https://example.com/a"),
        ("https://example.com/a?CMP=share_btn_tw&smid=nytcore", "https://example.com/a"),
        ("https://example.com/story.php?p=42&id=7", "https://example.com/story.php?id=7&p=42"),
        ("https://example.com/a?utm_source=x&page=2", "https://example.com/a?page=2"),
        ("https://example.com/a?q=climate%20change", "https://example.com/a?q=climate%20change"),
        ("https://example.com/a?flag", "https://example.com/a?flag="),
    ],
)  # fmt: skip
def test_canonical_url(shared: str, canonical: str) -> None:
    assert canonical_url(shared) == canonical


def test_spellings_of_one_article_share_a_key() -> None:
    spellings = [
        "https://www.example.com/news/a?id=5&utm_source=newsletter",
        "HTTPS://www.example.com:443/news/a?fbclid=xyz&id=5#top",
        "https://www.example.com/news/a?id=5",
    ]
    assert len({canonical_url(s) for s in spellings}) == 1


def test_meaningful_parameters_tell_articles_apart() -> None:
    assert canonical_url("https://ex.com/s?id=1") != canonical_url("https://ex.com/s?id=2")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("www.example.com", "example.com", True),
        ("news.example.com", "example.com", True),
        ("example.com", "example.org", False),
        ("notexample.com", "example.com", False),
        ("", "example.com", False),
    ],
)
def test_same_site(a: str, b: str, same: bool) -> None:
    assert same_site(a, b) is same
