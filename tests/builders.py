"""Small hand-made alignments for tests: one bead per (zh, en) pair, None for a missing side."""

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
