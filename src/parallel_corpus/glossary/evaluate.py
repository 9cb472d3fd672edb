"""Glossary quality against a hand-made reference list (zh, en, accepted variants).

precision@k: share of the first k rows whose Chinese term is in the reference and
whose English is the reference rendering or an accepted variant (case and plural
ignored). recall: share of the reference terms that recur in the corpus (at least
``min_freq`` aligned segments) and appear in the glossary with an accepted rendering.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from parallel_corpus.glossary.candidates import en_key
from parallel_corpus.glossary.types import KnownTerm, TermPair


@dataclass(frozen=True)
class GlossaryScores:
    precision_at_k: float
    k: int
    correct: int
    recall: float
    recurring: int
    found: int
    wrong: tuple[TermPair, ...]
    missing: tuple[str, ...]


def _accepted(reference: Sequence[KnownTerm]) -> dict[str, set[str]]:
    accepted: dict[str, set[str]] = {}
    for term in reference:
        keys = accepted.setdefault(term.zh, set())
        for text in (term.en, *term.en_variants):
            keys.add(en_key(text.split()).lower())
    return accepted


def is_correct(row: TermPair, accepted: dict[str, set[str]]) -> bool:
    return en_key(row.en.split()).lower() in accepted.get(row.zh, ())


def score_glossary(terms: Sequence[TermPair], reference: Sequence[KnownTerm],
                   zh_texts: Sequence[str], *, k: int = 100, min_freq: int = 2) -> GlossaryScores:
    """Precision of the first ``k`` rows and recall of the recurring reference terms."""
    accepted = _accepted(reference)
    head = list(terms[:k])
    wrong = tuple(row for row in head if not is_correct(row, accepted))
    recurring = [zh for zh in accepted if sum(zh in text for text in zh_texts) >= min_freq]
    found_zh = {row.zh for row in terms if is_correct(row, accepted)}
    missing = tuple(zh for zh in recurring if zh not in found_zh)
    found = len(recurring) - len(missing)
    return GlossaryScores(
        precision_at_k=(len(head) - len(wrong)) / len(head) if head else 0.0, k=len(head),
        correct=len(head) - len(wrong), recall=found / len(recurring) if recurring else 0.0,
        recurring=len(recurring), found=found, wrong=wrong, missing=missing)
