"""The core IP vocabulary: well-formed, Simplified, and used as evidence."""

from __future__ import annotations

from parallel_corpus.glossary.candidates import Candidate
from parallel_corpus.glossary.lexicon import load_lexicon
from parallel_corpus.glossary.pairing import DictionaryEvidence
from parallel_corpus.glossary.vocabulary import core_renderings, core_terms, is_listed_rendering
from parallel_corpus.script import simplified_view


def test_the_vocabulary_is_a_few_hundred_simplified_concepts():
    terms = core_terms()
    assert 250 <= len(terms) <= 500
    assert len({t.zh for t in terms}) == len(terms)  # one row per concept
    assert all(simplified_view(t.zh) == t.zh for t in terms)  # Traditional text reaches it via its view


def test_listed_renderings_match_in_any_case_and_number():
    assert "patent" in core_renderings()["专利"]
    assert is_listed_rendering("专利权人", "Patentees")
    assert is_listed_rendering("地理标志", "GI")
    assert not is_listed_rendering("专利", "trademark")
    assert not is_listed_rendering("不是词条", "patent")


def test_a_listed_rendering_counts_as_dictionary_proof():
    evidence = DictionaryEvidence(load_lexicon())
    term = Candidate("举发", words=("举发",))
    assert evidence.lexical(term, "invalidation action") == 1.0
    assert evidence.attested(term, "invalidation")
    assert evidence.lexical(term, "report") < 1.0
