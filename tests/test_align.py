"""Aligner invariants and behaviour on synthetic documents (a tiny fake encoder keeps them fast)."""

import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parallel_corpus.align import SearchParams, align_sentences, align_vectors, bead_types
from parallel_corpus.align.calibrate import CalibrationParams, _fit_logistic
from parallel_corpus.align.dp import banded_search
from parallel_corpus.align.evidence import number_keys, utf8_lengths
from parallel_corpus.align.refine import join_sentences, refine_path
from parallel_corpus.align.similarity import GainParams, SideFacts, SpanScorer
from parallel_corpus.encoders import centre, encode_unique
from parallel_corpus.evaluate import score_alignments
from parallel_corpus.types import Sentence


class WordEncoder:
    """Sentence vector = normalised sum of fixed random word vectors: shared words, similar vectors."""

    name = "words"
    dim = 64

    def encode(self, texts):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.split():
                out[row] += np.random.default_rng(zlib.crc32(word.encode())).standard_normal(self.dim)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


ENCODER = WordEncoder()


def check_partition(beads, n, m, max_align):
    zh = [i for b in beads for i in b.zh]
    en = [j for b in beads for j in b.en]
    assert zh == list(range(n)) and en == list(range(m))
    for bead in beads:
        assert bead.zh or bead.en
        assert 0.0 <= bead.score <= 1.0
        if bead.zh and bead.en:
            assert len(bead.zh) + len(bead.en) <= max_align
        else:
            assert len(bead.zh) + len(bead.en) == 1


def synthetic_document(seed: int, beads: int = 60, noise: float = 0.0):
    """A parallel document with known beads: each bead's words are split across its sentences."""
    rng = np.random.default_rng(seed)
    zh, en, gold = [], [], []
    shapes = [(1, 1)] * 6 + [(1, 2), (2, 1), (1, 3)]
    for k in range(beads):
        a, b = shapes[rng.integers(len(shapes))]
        words = [f"w{k}_{t}" for t in range(6 * max(a, b))]
        zh_ids = tuple(range(len(zh), len(zh) + a))
        en_ids = tuple(range(len(en), len(en) + b))
        zh += [" ".join(part) for part in np.array_split(words, a)]
        en += [" ".join(part) + (" junk" * int(rng.random() < noise)) for part in np.array_split(words, b)]
        gold.append((zh_ids, en_ids))
    return zh, en, gold


sentences = st.lists(st.lists(st.sampled_from([f"t{k}" for k in range(12)]), min_size=1, max_size=6)
                     .map(" ".join), max_size=25)


@settings(max_examples=60, deadline=None)
@given(sentences, sentences, st.integers(min_value=2, max_value=6))
def test_every_sentence_in_exactly_one_bead_in_order(zh, en, max_align):
    beads = align_sentences(zh, en, ENCODER, max_align=max_align)
    check_partition(beads, len(zh), len(en), max_align)
    assert beads == align_sentences(zh, en, ENCODER, max_align=max_align)


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_recovers_synthetic_beads(seed):
    zh, en, gold = synthetic_document(seed)
    beads = align_sentences(zh, en, ENCODER)
    assert score_alignments([gold], [beads]).f1_strict >= 0.95


def test_coarse_to_fine_corridor_matches_the_full_search():
    zh, en, gold = synthetic_document(7, beads=400, noise=0.3)
    full = align_sentences(zh, en, ENCODER)
    banded = align_sentences(zh, en, ENCODER, params=SearchParams(full_cells=2_000, band=8))
    check_partition(banded, len(zh), len(en), 5)
    assert score_alignments([gold], [banded]).f1_strict >= 0.95
    assert score_alignments([full], [banded]).f1_strict >= 0.98


def test_empty_side_gives_null_beads():
    beads = align_sentences([], ["a", "b"], ENCODER)
    assert [(b.zh, b.en) for b in beads] == [((), (0,)), ((), (1,))]


def test_an_unrelated_sentence_stays_local():
    """An extra sentence with no counterpart costs at most the bead it lands in."""
    zh, en, gold = synthetic_document(3, beads=20)
    at = gold[10][0][0]
    zh = zh[:at] + ["q1 q2 q3 q4 q5 q6 q7 q8"] + zh[at:]
    shifted = [(tuple(i + (i >= at) for i in z), e) for z, e in gold]
    beads = align_sentences(zh, en, ENCODER)
    check_partition(beads, len(zh), len(en), 5)
    found = {(b.zh, b.en) for b in beads}
    assert sum(bead not in found for bead in shifted) <= 1


def test_shared_numbers_pick_the_pair():
    """Two candidate sentences that embed alike: the one with the same number wins."""
    zh = ["a b c 2021年全省专利授权量872209件", "d e f"]
    en = ["a b c 872,209 patents were granted in 2021", "a b c 15,244 cases", "d e f"]
    beads = align_sentences(zh, en, ENCODER, max_align=2)
    assert (beads[0].zh, beads[0].en) == ((0,), (0,))


def test_headings_pair_with_headings():
    zh = ["h1 h2", "b1 b2 b3", "b4 b5"]
    en = ["h1 h2 b1", "b2 b3", "b4 b5"]
    units_zh = [Sentence(zh[0], 0, "heading"), Sentence(zh[1], 1), Sentence(zh[2], 1)]
    units_en = [Sentence(en[0], 0, "heading"), Sentence(en[1], 1), Sentence(en[2], 1)]
    beads = align_sentences(zh, en, ENCODER, zh_units=units_zh, en_units=units_en)
    assert (beads[0].zh, beads[0].en) == ((0,), (0,))


def test_a_caption_after_an_article_line_pairs_with_headings_only():
    """The English adds a caption line the Chinese lacks ("Purpose" after "Article 2")."""
    zh = ["art2", "p1 p2 p3 p4 p5 p6", "q1 q2 q3 q4 q5 q6"]
    en = ["art2", "y1 y2", "p1 p2 p3 p4 p5 p6 x1", "q1 q2 q3 q4 q5 q6"]
    units_zh = [Sentence(zh[0], 0, "heading"), Sentence(zh[1], 1), Sentence(zh[2], 2)]
    units_en = [Sentence(en[0], 0, "heading"), Sentence(en[1], 1, "heading"), Sentence(en[2], 2),
                Sentence(en[3], 3)]
    beads = align_sentences(zh, en, ENCODER, zh_units=units_zh, en_units=units_en)
    for bead in beads:
        assert len({units_zh[i].kind for i in bead.zh} | {units_en[j].kind for j in bead.en}) == 1, beads
    assert [(b.zh, b.en) for b in beads if 2 in b.en] == [((1,), (2,))]


def test_an_unmatched_caption_stays_unpaired_rather_than_join_body_text():
    zh = ["p1 p2 p3 p4 p5 p6", "q1 q2 q3 q4 q5 q6", "r1 r2 r3 r4"]
    en = ["y1 p1", "p1 p2 p3 p4 p5 p6 x1", "q1 q2 q3 q4 q5 q6", "r1 r2 r3 r4"]
    units_zh = [Sentence(t, k) for k, t in enumerate(zh)]
    units_en = [Sentence(en[0], 0, "heading")] + [Sentence(t, k + 1) for k, t in enumerate(en[1:])]
    expected = [((), (0,)), ((0,), (1,)), ((1,), (2,)), ((2,), (3,))]
    beads = align_sentences(zh, en, ENCODER, zh_units=units_zh, en_units=units_en)
    assert [(b.zh, b.en) for b in beads] == expected
    joined = SearchParams(gains=GainParams(mixed_heading_cost=0.0))  # what the rule prevents
    beads = align_sentences(zh, en, ENCODER, zh_units=units_zh, en_units=units_en, params=joined)
    assert [(b.zh, b.en) for b in beads] != expected


def test_one_sentence_paragraphs_do_not_forbid_merged_beads():
    """Presplit lines are each their own paragraph: a 1-2 bead must stay possible there."""
    zh = ["a1 a2 a3 a4 a5 a6 a7 a8", "c1 c2 c3 c4"]
    en = ["a1 a2 a3 a4", "a5 a6 a7 a8", "c1 c2 c3 c4"]
    units_zh = [Sentence(t, k) for k, t in enumerate(zh)]
    units_en = [Sentence(t, k) for k, t in enumerate(en)]
    beads = align_sentences(zh, en, ENCODER, zh_units=units_zh, en_units=units_en)
    assert [(b.zh, b.en) for b in beads] == [((0,), (0, 1)), ((1,), (2,))]


def test_number_keys_normalise_across_languages():
    zh = number_keys(["新收案件196796件，金额462.71万元，30亿元"], "zh")[0]
    en = number_keys(["196,796 cases, RMB 4.6271 million, RMB 3.0 billion"], "en")[0]
    assert zh == en and len(zh) == 3


def test_number_keys_read_written_out_parts_of_a_law():
    zh = number_keys(["第二十六條、第三十條及第三十八條規定，於設計專利準用之。", "第二章 專利", "他是第一個到的。"], "zh")
    en = number_keys(["Rules 26, 30 and 38 shall apply mutatis mutandis to design patents.",
                      "Chapter II Patents", "He was the first to arrive."], "en")
    assert zh[0] == en[0] and len(zh[0]) == 3
    assert zh[1] == en[1] and len(zh[1]) == 1
    assert zh[2] == en[2] == frozenset()  # an ordinal word is idiom, not a reference


def test_scores_separate_right_from_wrong_pairs():
    zh, en, _ = synthetic_document(11, beads=30)
    right = align_sentences(zh, en, ENCODER)
    wrong = align_sentences(zh, list(reversed(en)), ENCODER, max_align=2)
    assert np.mean([b.score for b in right if not b.is_null]) > 0.8
    assert np.mean([b.score for b in wrong if not b.is_null]) < 0.5


def test_scores_are_calibrated_on_the_document_itself():
    """A verbose translation (English sides 1.2-6 times padded) keeps high scores on its right beads:
    the document's own length spread and similarity are what it is measured against."""
    rng = np.random.default_rng(5)
    zh, en, gold = synthetic_document(21, beads=60)
    en = [t + " " + " ".join(f"f{k}_{x}" for x in range(int(len(t.split()) * rng.uniform(0.2, 5))))
          for k, t in enumerate(en)]
    means = []
    for scores in (CalibrationParams(), CalibrationParams(min_beads=10**9)):  # own fit; the fixed mapping only
        beads = align_sentences(zh, en, ENCODER, params=SearchParams(scores=scores))
        right = [b.score for b in beads if (b.zh, b.en) in set(gold)]
        assert len(right) >= 55
        means.append(np.mean(right))
    assert means[0] > 0.9 and means[0] > means[1] + 0.03, means


def test_logistic_fit_recovers_known_weights():
    rng = np.random.default_rng(0)
    x = np.column_stack([rng.uniform(-1, 1, 4000), rng.uniform(0, 4, 4000), np.ones(4000)])
    truth = np.array([4.0, -1.0, 0.5])
    y = (rng.uniform(size=4000) < 1 / (1 + np.exp(-x @ truth))).astype(float)
    fitted = _fit_logistic(x, y, np.ones(4000), np.zeros(3), strength=1e-3)
    assert np.allclose(fitted, truth, atol=0.3), fitted


def test_bead_types_respect_max_align():
    assert bead_types(2) == [(1, 1)]
    assert set(bead_types(4)) == {(1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2)}
    assert bead_types(5)[0] == (1, 1)
    with pytest.raises(ValueError):
        bead_types(1)


def test_band_must_run_corner_to_corner():
    with pytest.raises(ValueError):
        banded_search([(1, 1)], np.array([0, 2]), np.array([1, 3]), lambda i, lo, hi: [], -1.0)


def test_align_vectors_given_embeddings():
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((50, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    lengths = np.full(50, 40.0)
    beads = align_vectors(SideFacts(vectors, lengths), SideFacts(vectors.copy(), lengths))
    assert [(b.zh, b.en) for b in beads] == [((k,), (k,)) for k in range(50)]


def test_closing_quotes_are_found_in_both_languages():
    from parallel_corpus.align.evidence import closes_quote

    flags = closes_quote(["他说：“好。”", "“好！”他说。", "'Fine,' he said.", "'Come on then: let's see—'",
                          "He left.", "「行。」"])
    assert flags.tolist() == [1.0, 0.0, 0.0, 1.0, 0.0, 1.0]


def test_a_speech_that_runs_on_is_followed_across_sentences():
    from parallel_corpus.align.evidence import inside_quotation

    zh = ["他说：“走吧。", "天黑了。”", "我们走了。", "她问：「好吗？", "『好』。」"]
    en = ["He said: \"Let's go.", "It's dark.\"", "We left.", "'Well?", "It's fine,' she said."]
    assert inside_quotation(zh, "zh").tolist() == [1.0, 0.0, 0.0, 1.0, 0.0]
    assert inside_quotation(en, "en").tolist() == [1.0, 0.0, 0.0, 1.0, 0.0]
    stray = ["“一。"] + ["二。"] * 9  # never closed: a stray mark, not a speech
    assert inside_quotation(stray, "zh").tolist() == [0.0] * 10
    assert inside_quotation(stray, "zh", longest=20).tolist() == [1.0] * 10


def test_a_bead_ending_inside_a_speech_on_one_side_only_costs_open_quote_weight():
    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((3, 8)).astype(np.float32)
    lengths = np.full(3, 30.0)
    in_quote = np.array([1.0, 0.0, 0.0])
    for weight in (0.0, 0.1):
        scorer = SpanScorer(SideFacts(vectors, lengths, in_quote=in_quote),
                            SideFacts(vectors.copy(), lengths, in_quote=in_quote), [(1, 1)],
                            GainParams(open_quote_weight=weight), 1.0)
        both_inside = scorer.gain_with_cosine(1, 1, 1, 1, 0.5)   # zh 0 with en 0: both end inside
        one_inside = scorer.gain_with_cosine(1, 1, 1, 2, 0.5)    # zh 0 with en 1: only zh does
        assert both_inside - one_inside == pytest.approx(weight)



def _basis_document():
    """zh: A, B+C; en: A, B, C — the true beads are 1-1 then 1-2."""
    eye = np.eye(4, dtype=np.float32)
    zh = np.stack([eye[0], (eye[1] + eye[2]) / np.sqrt(2)])
    en = eye[:3].copy()

    def embed(side, spans):  # a "real" span embedding that knows the span's content
        vectors = zh if side == "zh" else en
        rows = np.stack([vectors[list(ids)].sum(axis=0) for ids in spans])
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    def gain(a, b, i, j, cos):  # cosine weighted by size, less a cost per extra sentence
        return (0.5 * (a + b)) ** 0.5 * cos - 0.1 * (a + b - 2)

    return zh, en, embed, gain


def test_refinement_moves_a_boundary_the_span_embeddings_contradict():
    zh, en, embed, gain = _basis_document()
    wrong = [(1, 2), (1, 1)]
    assert refine_path(wrong, zh, en, embed, gain, 0.15, 1.0, 5) == [(1, 1), (1, 2)]
    # a move must win clearly: with a prohibitive margin the search's choice stands
    assert refine_path(wrong, zh, en, embed, gain, 10.0, 1.0, 5) == wrong
    # beads larger than max_align are never proposed
    assert refine_path(wrong, zh, en, embed, gain, 0.15, 1.0, 2) == wrong


def test_refinement_leaves_null_beads_and_one_to_one_neighbours_alone():
    zh, en, embed, gain = _basis_document()
    calls = []
    path = [(1, 1), (0, 1), (1, 1)]
    assert refine_path(path, zh, en, lambda s, ids: calls.append(ids) or embed(s, ids), gain, 0.15, 1.0, 5) == path
    assert calls == []  # nothing in doubt, nothing embedded


def test_refinement_embeds_only_close_calls():
    """When the summed vectors already rule every move out by more than ``doubt``, nothing is embedded."""
    zh, en, embed, gain = _basis_document()
    calls = []
    right = [(1, 1), (1, 2)]
    counting = lambda s, ids: calls.append(ids) or embed(s, ids)  # noqa: E731
    assert refine_path(right, zh, en, counting, gain, 0.15, 0.1, 5) == right
    assert calls == []
    assert refine_path(right, zh, en, counting, gain, 0.15, 10.0, 5) == right
    assert calls  # a generous doubt embeds the alternatives, which lose


def test_refinement_gain_is_the_search_gain_with_another_cosine():
    """Scored with the span-sum cosine itself, a bead gets exactly the search's gain."""
    zh, en, _ = synthetic_document(5, beads=20)
    beads = align_sentences(zh, en, ENCODER)

    zv, ev = centre(encode_unique(ENCODER, zh)), centre(encode_unique(ENCODER, en))
    scorer = SpanScorer(SideFacts(zv, utf8_lengths(zh)), SideFacts(ev, utf8_lengths(en)), bead_types(5),
                        GainParams(), 1.0)
    bead = next(b for b in beads if len(b.zh) + len(b.en) == 3)
    a, b, i, j = len(bead.zh), len(bead.en), bead.zh[-1] + 1, bead.en[-1] + 1
    span_zh, span_en = zv[i - a: i].sum(axis=0), ev[j - b: j].sum(axis=0)
    cos = float(span_zh @ span_en / np.linalg.norm(span_zh) / np.linalg.norm(span_en))
    k = bead_types(5).index((a, b))
    row = scorer.block(np.array([i]), np.array([0]), len(en) + 1)[k][0]
    assert scorer.gain_with_cosine(a, b, i, j, cos) == pytest.approx(row[j], abs=1e-5)


def test_sentences_join_without_spaces_only_next_to_cjk():
    assert join_sentences(["他来了。", "“好。”", "She left."]) == "他来了。“好。” She left."
    assert join_sentences(["Il part.", "Er geht."]) == "Il part. Er geht."
    assert join_sentences(["只有一句。"]) == "只有一句。"
