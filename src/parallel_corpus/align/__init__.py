"""Sentence alignment: :func:`align_document` for segmented documents, :func:`align_sentences` for lists."""

from parallel_corpus.align.aligner import (
    SearchParams,
    align_document,
    align_sentences,
    align_vectors,
    bead_types,
    side_facts,
)
from parallel_corpus.align.similarity import GainParams, SideFacts

__all__ = ["GainParams", "SearchParams", "SideFacts", "align_document", "align_sentences", "align_vectors",
           "bead_types", "side_facts"]
