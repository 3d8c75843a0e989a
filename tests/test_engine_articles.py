"""Six kinds of article a desk sees every day, written for these tests."""

from __future__ import annotations

from bot.analysis import Analysis, ClaimType, SourceKind
from bot.article import Article
from bot.engine import analyse
from tests.engine_helpers import ARTICLES, checklist_text, claim_with


def run(nlp, name: str) -> Analysis:
    return analyse(Article(text=(ARTICLES / name).read_text("utf-8")), nlp)


def test_wire_report_with_named_officials_and_quotes(nlp):
    analysis = run(nlp, "wire_officials.txt")
    assert analysis.article.outlet is not None and analysis.article.outlet.id == "reuters"
    reiter = claim_with(analysis, "first convoy")
    assert reiter.source_kind == SourceKind.PERSON
    assert "Tomas Reiter" in reiter.sources[0].text
    quote = claim_with(analysis, "We have an agreement")
    assert quote.source_kind == SourceKind.PERSON
    assert any("direct quote" in r for r in quote.reasons)
    assert "Lena Okafor" in quote.sources[0].text
    pronoun = claim_with(analysis, "reviewed after 90 days")
    assert pronoun.sources[0].text == "He"
    assert pronoun.sources[0].resolved == "Reiter"
    assert all("Reporting by" not in c.text for c in analysis.claims)


def test_piece_built_on_anonymous_sources(nlp):
    analysis = run(nlp, "anonymous_sources.txt")
    kinds = {claim_with(analysis, w).source_kind for w in ("preparing to resign", "clashed")}
    assert kinds == {SourceKind.ANONYMOUS}
    assert claim_with(analysis, "successor").source_kind == SourceKind.ANONYMOUS
    assert claim_with(analysis, "pulling money").source_kind == SourceKind.ANONYMOUS
    assert "seek a named second source" in checklist_text(analysis)
    resign = claim_with(analysis, "preparing to resign")
    assert resign.quantities == (), "'two people familiar' is a source, not a figure"


def test_statistics_heavy_piece(nlp):
    analysis = run(nlp, "statistics.txt")
    rate = claim_with(analysis, "4.1 percent")
    assert rate.source_kind == SourceKind.ORGANISATION
    assert "National Statistics Office" in rate.sources[0].text
    jobs = claim_with(analysis, "38,000 jobs")
    assert jobs.type == ClaimType.QUANTITY
    assert any("38,000" in q for q in jobs.quantities)
    assert "primary" in checklist_text(analysis)
    assert analysis.claims[0].quantities, "figures should rank at the top"


def test_nested_attribution_keeps_the_chain(nlp):
    analysis = run(nlp, "nested.txt")
    claim = claim_with(analysis, "border town of Meridan")
    assert [s.kind for s in claim.sources] == [SourceKind.OUTLET, SourceKind.ANONYMOUS]
    assert claim.sources[0].outlet is not None and claim.sources[0].outlet.id == "aljazeera"
    assert "rebel commander" in claim.sources[1].text


def test_passive_agent_is_the_source(nlp):
    analysis = run(nlp, "passive_agent.txt")
    death = claim_with(analysis, "fourteenth victim")
    assert death.source_kind == SourceKind.ORGANISATION
    assert "health ministry" in death.sources[0].text
    assert death.sources[0].cue == "confirmed"


def test_opinion_piece_has_few_checkable_claims(nlp):
    analysis = run(nlp, "opinion.txt")
    assert len(analysis.claims) <= 2
    assert claim_with(analysis, "town council voted")
    assert all("I think" not in c.text and "should" not in c.text for c in analysis.claims)


def test_showcase_example_shows_every_kind_of_finding(nlp):
    from pathlib import Path

    showcase = Path(__file__).resolve().parents[1] / "examples" / "kessala-port.txt"
    analysis = analyse(Article(text=showcase.read_text("utf-8")), nlp)
    kinds = {c.source_kind for c in analysis.claims}
    assert {SourceKind.OUTLET, SourceKind.ANONYMOUS, SourceKind.PERSON, SourceKind.NONE} <= kinds
    assert any(c.hedges for c in analysis.claims)
    assert any(c.loaded for c in analysis.claims)
    assert analysis.article.outlet is not None and analysis.article.outlet.state_affiliated
    skipped = {item.split(":", 1)[0] for item in analysis.skipped}
    assert {"dateline", "caption", "boilerplate", "related link"} <= skipped
