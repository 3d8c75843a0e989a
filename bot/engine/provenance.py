"""Where a piece comes from: its publisher, whether it is wire copy, and what kind of piece it is.

The publisher of a link (or of a saved page checked with `--url`) comes from the registry by
the address's domain only: a page's own site name costs nothing to fake, so one the domain does
not back is shown as what the page calls itself, never as the registry outlet. Pasted text has
no address, so a dateline ("MOSCOW (TASS) -") names the publisher, shown as named by the text.
Wire copy is another outlet's page carrying an agency's dateline or byline. The genre comes
from the page's section (in its address or metadata) and, for a paste, from a writer arguing
in the first person; opinion pieces are no less checkable, but the writer's own judgements
are not claims to source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.analysis import Outlet
from bot.article import Article
from bot.engine.normalise import clean_text
from bot.engine.outlets import registry

OPINION_SECTIONS = frozenset(
    {
        "opinion", "opinions", "columnists", "columnist", "column", "columns", "editorial",
        "editorials", "commentary", "op-ed", "op-eds", "oped", "views", "perspective",
        "perspectives", "letters", "comment-is-free", "commentisfree",
    }
)
ANALYSIS_SECTIONS = frozenset({"analysis", "news-analysis", "explainer", "explainers"})
FACT_CHECK_SECTIONS = frozenset(
    {"fact-check", "factcheck", "fact-checks", "factchecks", "fact-checker", "truth-o-meter"}
)
WORDS = re.compile(r"[a-z][a-z-]+")
FIRST_PERSON_SHARE = 0.25
FIRST_PERSON_MIN = 4


@dataclass(frozen=True)
class Provenance:
    """`basis` says how the publisher is known: "domain", "dateline" (named by the text), ""
    (unknown), or "impersonated" (the page names itself after a registry outlet whose domain
    it is not on); `self_named` is a name the page gives itself that nothing verifies."""

    outlet: Outlet | None
    basis: str
    self_named: str
    wire: Outlet | None


def provenance(article: Article, dateline_outlet: Outlet | None) -> Provenance:
    reg = registry()
    host = urlsplit(article.canonical_url or article.url).hostname or ""
    if host:
        outlet = reg.by_domain(host)
        named = "" if outlet is not None else clean_text(article.site_name)
        wire = _wire(outlet, dateline_outlet, article.author)
        if outlet is None and named and reg.by_name(named) is not None:
            return Provenance(None, "impersonated", named, wire)
        return Provenance(outlet, "domain" if outlet else "", named, wire)
    if dateline_outlet is not None:
        return Provenance(dateline_outlet, "dateline", "", None)
    return Provenance(None, "", clean_text(article.site_name), _wire(None, None, article.author))


def _wire(publisher: Outlet | None, dateline: Outlet | None, author: str) -> Outlet | None:
    """Another outlet's copy on this page: an outlet named by the dateline ("(Reuters) -") or
    in the byline ("Tom Krisher, AP Auto Writer"; "Sandee LaMotte, CNN")."""
    candidates = [dateline] if dateline is not None else []
    candidates += _named_in(clean_text(author))
    return next((o for o in candidates if o != publisher), None)


def _named_in(byline: str) -> list[Outlet]:
    reg = registry()
    found = []
    for entry in reg.entries:
        for name in entry.names:
            if re.search(rf"(?<![\w.]){re.escape(name)}(?![\w.])", byline, re.IGNORECASE):
                found.append(entry.outlet)
                break
    return found


def genre(
    article: Article, publisher: Outlet | None, first_person: int, sentences: int
) -> tuple[str, str]:
    """(genre, why): "opinion", "analysis", "fact-check" or "news"."""
    path = urlsplit(article.url or article.canonical_url).path.lower()
    segments = {s for s in path.split("/") if s}
    section = set(WORDS.findall(article.section.lower()))
    byline = article.author.lower()
    for words, where in ((segments, "its address"), (section, "the page's section")):
        if words & OPINION_SECTIONS:
            return "opinion", f"{where} files it under {sorted(words & OPINION_SECTIONS)[0]}"
        if words & FACT_CHECK_SECTIONS:
            return "fact-check", f"{where} files it under {sorted(words & FACT_CHECK_SECTIONS)[0]}"
        if words & ANALYSIS_SECTIONS:
            return "analysis", f"{where} files it under {sorted(words & ANALYSIS_SECTIONS)[0]}"
    if publisher is not None and publisher.kind == "fact-checker":
        return "fact-check", f"{publisher.name} is a fact-checker"
    if "columnist" in byline or "opinion" in byline:
        return "opinion", "the byline names a columnist"
    if sentences and first_person >= FIRST_PERSON_MIN and first_person / sentences >= (
        FIRST_PERSON_SHARE
    ):
        return "opinion", "the writer argues in the first person"
    return "news", ""
