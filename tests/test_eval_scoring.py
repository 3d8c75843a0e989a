"""The eval scripts' scoring on tiny hand-made fixtures (never on the shared data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.attribution import (
    Gold,
    Predicted,
    articles,
    main,
    match,
    overlap,
    parse_ann,
    score_article,
)
from eval.checkworthy import average_precision, file_metrics, precision_at, read_debate

FIXTURES = Path(__file__).parent / "fixtures" / "eval"


def test_brat_parsing_reads_events_discontinuous_spans_and_sourceless_ones():
    gold = parse_ann((FIXTURES / "polnear" / "attributions" / "tiny_bbbb.ann").read_text())
    assert gold[0] == Gold(cue=((10, 14),), source=((0, 9),), content=((15, 34),))
    assert gold[1].source is None
    assert gold[1].content == ((0, 3), (4, 9))


def test_first_annotator_alphabetically_is_used():
    [(name, _, ann)] = articles(FIXTURES / "polnear")
    assert name == "tiny" and ann.name == "tiny_aaaa.ann"


def test_overlap_counts_shared_characters_of_discontinuous_spans():
    assert overlap(((0, 10),), ((5, 7), (8, 20))) == 4
    assert overlap(((0, 5),), ((5, 9),)) == 0


def test_matching_is_one_to_one_largest_overlap_first():
    gold = [Gold(((10, 20),), None, ((0, 5),))]
    wide = Predicted(((8, 20),), None, ((0, 5),))
    narrow = Predicted(((18, 19),), None, ((0, 5),))
    assert match([narrow, wide], gold) == [(wide, gold[0])]


def test_article_tally_scores_cues_sources_and_content():
    gold = [
        Gold(((10, 14),), ((0, 9),), ((15, 35),)),
        Gold(((40, 48),), None, ((50, 60),)),
    ]
    predicted = [
        Predicted(((10, 14),), ((4, 9),), ((15, 25),)),
        Predicted(((40, 48),), ((30, 35),), ((50, 60),)),
        Predicted(((70, 75),), ((60, 65),), ((76, 80),)),
    ]
    tally = score_article(predicted, gold)
    metrics = tally.metrics()
    assert (tally.predicted, tally.gold, tally.matched) == (3, 2, 2)
    assert metrics["cue_precision"] == round(2 / 3, 4) and metrics["cue_recall"] == 1.0
    assert metrics["source_accuracy"] == 0.5
    assert metrics["content_precision"] == 1.0
    assert metrics["content_recall"] == round(20 / 30, 4)


def test_ranking_measures():
    assert average_precision([1, 0, 1, 0]) == pytest.approx((1 + 2 / 3) / 2)
    assert average_precision([0, 0]) == 0.0
    assert precision_at([1, 0, 1], 10) == 0.2
    metrics = file_metrics([0.1, 0.9, 0.5, 0.5], [0, 1, 0, 1])
    assert metrics["ap"] == pytest.approx((1 + 2 / 3) / 2)
    assert metrics["r_precision"] == 0.5


def test_clef_reader_keeps_speaker_sentence_and_label():
    rows = read_debate(FIXTURES / "clef" / "one.tsv")
    assert rows[1] == ("B", "We cut taxes by 40 percent in 2017.", 1)


def test_attribution_script_prints_one_json_line(capsys):
    main(["--data", str(FIXTURES / "polnear")])
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    metrics = json.loads(out[0])
    assert metrics["articles"] == 1 and metrics["gold"] == 1 and metrics["cue_f1"] == 1.0


def test_loaded_language_scoring_pools_span_overlaps():
    from eval.loaded import score

    predicted = {"1": [(0, 6), (20, 25)], "2": [(3, 8)]}
    gold = {"1": [(0, 10), (40, 50)], "2": []}
    result = score(predicted, gold)
    assert result["flagged"] == 3 and result["gold_spans"] == 2
    assert result["precision"] == round(1 / 3, 4)
    assert result["recall"] == 0.5
