"""Small test inputs: hand-made alignments (one bead per (zh, en) pair, None for a missing side),
excerpts of the sample report and a fake encoder that needs no model."""

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from parallel_corpus.document import read_document
from parallel_corpus.encoders import normalise_rows
from parallel_corpus.types import Alignment, Bead, SegmentedDocument, Sentence


def alignment_of(pairs, name="doc", scores=None, flags=None):
    zh = tuple(Sentence(z, i) for i, (z, _) in enumerate(pairs) if z is not None)
    en = tuple(Sentence(e, i) for i, (_, e) in enumerate(pairs) if e is not None)
    beads, zi, ei = [], 0, 0
    for n, (z, e) in enumerate(pairs):
        bz = (zi,) if z is not None else ()
        be = (ei,) if e is not None else ()
        zi, ei = zi + len(bz), ei + len(be)
        beads.append(Bead(bz, be, scores[n] if scores else 1.0, tuple(flags[n]) if flags else ()))
    return Alignment(SegmentedDocument(name, zh, en), tuple(beads))


SAMPLE = Path(__file__).resolve().parents[1] / "corpus" / "guangdong-ipr-2021.zh-en.txt"


def sample_excerpt(folder: Path, name: str, paragraphs: slice) -> list[str]:
    """Write ``paragraphs`` of the sample report as NAME.zh.txt and NAME.en.txt in ``folder``; their paths."""
    report = read_document([str(SAMPLE)])
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for language, kept in (("zh", report.zh[paragraphs]), ("en", report.en[paragraphs])):
        path = folder / f"{name}.{language}.txt"
        path.write_text("\n\n".join(p.text for p in kept) + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths


class HashEncoder:
    """Deterministic fake: a vector from the text's hash; counts the texts it embeds."""

    def __init__(self, dim: int = 8, name: str = "hash"):
        self.dim = dim
        self.name = name
        self.embedded: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded.extend(texts)
        rows = [np.frombuffer(hashlib.sha256(t.encode()).digest(), dtype=np.uint8)[: self.dim] for t in texts]
        return normalise_rows(np.asarray(rows, dtype=np.float32).reshape(len(texts), self.dim) - 127.5)
