"""Speaker tags of direct quotations ('"...," Graham said.'), read from the quotation marks and
the tag's own parse (bot/engine/attribution/tags.py).

After a long quotation spaCy often hangs the tag inside the quotation's clauses, and the
sentence lost its speaker. Every positive case here has such a quotation. Each case that must
give no speaker is checked beside the same quotation with a real tag, so that it shows the
rule telling the two apart (and fails if the rule is gone).
"""

from __future__ import annotations

import pytest

from bot.engine.attribution import (
    chain_for,
    char_span_of,
    find_attributions,
    quotations,
    sentences,
)

# spaCy 3.8's small model parses "Graham said" after this quotation as a complement of
# "showed", inside the quotation.
QUOTE = (
    "“We were trying to reach young males, and we were doing our advertising on gaming sites,"
    " because we did some research that showed that that’s where a lot of young men were"
    " spending more time,”"
)


def chains(nlp, text: str) -> list[list[tuple[str, str, str]]]:
    doc = nlp(text)
    sents = sentences(doc)
    quotes = quotations(doc.text)
    found = find_attributions(doc, sents, quotes)
    return [
        [
            (link.text, link.kind.value, link.resolved)
            for link in chain_for(found, i, char_span_of(list(sent)), quotes)
        ]
        for i, sent in enumerate(sents)
    ]


def speakers(nlp, text: str) -> list[list[str]]:
    """Per sentence, the parties shown as speakers ("unclear" is no speaker)."""
    return [[name for name, kind, _ in chain if kind != "unclear"] for chain in chains(nlp, text)]


@pytest.mark.parametrize(
    ("tag", "source", "kind"),
    [
        ("Graham said.", "Graham", "person"),
        (
            "a spokeswoman for the Washington State Department of Health said.",
            "a spokeswoman for the Washington State Department of Health",
            "organisation",
        ),
        ("an official said on Monday.", "an official", "anonymous"),
    ],
)
def test_the_tag_after_a_quotation_names_its_speaker(nlp, tag, source, kind):
    (chain,) = chains(nlp, f"{QUOTE} {tag}")
    assert [(name, k) for name, k, _ in chain] == [(source, kind)]


def test_a_pronoun_tag_is_resolved_as_any_pronoun_source(nlp):
    text = f"Julie Graham runs the state's campaigns. {QUOTE} she said."
    assert chains(nlp, text)[1] == [("she", "person", "Graham")]


def test_an_unresolved_they_stays_unclear(nlp):
    assert chains(nlp, f"{QUOTE} they said.") == [[("they", "unclear", "")]]


def test_told_an_outlet_in_the_tag_puts_the_outlet_first(nlp):
    (chain,) = chains(nlp, f"{QUOTE} Graham told KING 5 News.")
    assert [(name, kind) for name, kind, _ in chain] == [
        ("KING 5 News", "outlet"),
        ("Graham", "person"),
    ]


def test_the_quotation_going_on_after_the_tag_keeps_the_speaker(nlp):
    text = f"{QUOTE} Graham said. “It was the cheapest way to reach them.”"
    assert speakers(nlp, text) == [["Graham"], ["Graham"]]


def test_a_tag_with_a_title_in_quotes_after_the_verb(nlp):
    text = (
        '"This is a stock that until this year had been getting clobbered," Maley said on'
        ' CNBC\'s "Trading Nation" on Monday. "It was down for four straight years, down well'
        ' over 60%, and the rally has only just recently broken above that multiyear trend line."'
    )
    assert speakers(nlp, text) == [["Maley"], ["Maley"]]


def test_the_inverted_tags_subject_not_a_word_of_the_quotation(nlp):
    # The parse gives "said" two subjects: "amendment" inside the quotation, and "Cruz".
    text = (
        '"He opposed every single one of them. Every single amendment," said Cruz, who had'
        ' introduced some of those amendments. "It\'s not like people were quiet in sharing their'
        ' concerns at the time. It\'s not like this was rocket science."'
    )
    found = chains(nlp, text)
    assert {chain[0][0] for chain in found} == {"Cruz, who had introduced some of those amendments"}


def test_a_tag_before_a_quotation_takes_that_quotation_not_the_one_before_it(nlp):
    text = (
        "Residents gathered outside the town hall on Sunday. \"The water has been brown for a"
        ' month and nobody has told us why."\n\nThe ministry responded on Monday, "just a few'
        ' more days of testing before the supply is declared safe."'
    )
    assert speakers(nlp, text) == [[], [], ["The ministry"]]


@pytest.mark.parametrize(
    "not_a_tag",
    [
        # a clause that goes on after the quotation, not a tag
        f"{QUOTE} and the campaign ran for six months on three sites.",
        # a negated verb says who did not say it
        f"{QUOTE} Graham did not say.",
        # the verb's subject phrase is not the tag's first words: "the memo ... began"
        f"{QUOTE} the memo that Graham wrote began.",
        # a title in quotes, then a description: no speaker
        "“Call of Duty,” the game where the ads ran, reached young men who were spending more"
        " time online.",
        # a scare quote that closes mid-sentence
        "The ads were “edgy,” the posters were bright and the campaign ran for six months.",
    ],
)
def test_what_is_not_a_speaker_tag_gives_no_speaker(nlp, not_a_tag):
    assert speakers(nlp, f"{QUOTE} Graham said.") == [["Graham"]]
    assert all(chain == [] for chain in speakers(nlp, not_a_tag))


def test_a_pronoun_tag_is_not_resolved_to_a_name_inside_the_quotation(nlp):
    text = (
        "Obama spoke in Laos.\n\n“I don’t expect that’s going to change because Mr. Trump’s got"
        " a little more attention than usual,” he continued."
    )
    assert chains(nlp, text)[1] == [("he", "person", "")]


def test_a_quotation_going_on_for_sentences_after_the_tag_keeps_the_speaker(nlp):
    text = (
        f"{QUOTE} Graham said. “It was the cheapest way to reach them. Nobody else was"
        " advertising there. The results were clear within a month.”\n\nThe campaign ended."
    )
    assert speakers(nlp, text) == [["Graham"]] * 4 + [[]]
