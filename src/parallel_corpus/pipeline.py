"""The `align` job as one library call: read, segment, align, check, build output files.

The CLI's ``align`` verb, ``batch`` workers and notebooks all call
:func:`align_job` so that every entry point writes the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from parallel_corpus.script import ZhScript
from parallel_corpus.types import EN_CODE, ZH_CODES, Alignment

if TYPE_CHECKING:  # the encoders load numpy: the CLI reads AlignOptions' defaults without it
    from parallel_corpus.encoders import Encoder


@dataclass(frozen=True)
class AlignOptions:
    """Everything that changes what `align` writes, apart from the inputs."""

    presplit: bool = False
    zh_semicolon: bool = False
    encoder: str = "use"
    max_align: int = 5
    zh_code: str | None = None    # None: zh-TW for Traditional text, zh-CN for Simplified
    en_code: str = EN_CODE
    min_score: float = 0.0
    report: bool = False
    cache: str | None = None
    glossary: str | None = None   # TSV/CSV/TBX terms whose renderings QA checks for (flag ``term``)
    keep_flagged: bool = False    # flagged pairs in NAME.tmx too, instead of only in NAME.review.tmx


@dataclass(frozen=True)
class AlignResult:
    alignment: Alignment
    files: dict[Path, bytes]
    tmx_units: int
    tmx_skipped: int
    removed_characters: int
    review_units: int = 0         # flagged pairs written to NAME.review.tmx

    @property
    def flagged(self) -> int:
        return sum(1 for bead in self.alignment.beads if bead.flags)


def zh_language_code(script: ZhScript, chosen: str | None = None) -> str:
    """The TMX/TBX language code of the Chinese side: the user's choice, else one for the script."""
    return chosen or ZH_CODES[script]


def output_paths(outdir: str | Path, name: str, report: bool = False) -> list[Path]:
    """The files an `align` run writes, in a fixed order."""
    outdir = Path(outdir)
    suffixes = [".zh.txt", ".en.txt", ".align", ".tsv", ".jsonl", ".tmx", ".review.tmx"] + ([".html"] if report else [])
    return [outdir / f"{name}{suffix}" for suffix in suffixes]


def align_job(inputs: Sequence[str | Path], outdir: str | Path, name: str,
              options: AlignOptions = AlignOptions(), *, encoder: Encoder | None = None,
              progress: bool = False) -> AlignResult:
    """Run the whole job for one document and return the output files' bytes (not yet written)."""
    from parallel_corpus.align import align_document
    from parallel_corpus.document import read_document
    from parallel_corpus.encoders import CachedEncoder, get_encoder
    from parallel_corpus.export.tables import format_align, format_jsonl, format_tsv
    from parallel_corpus.export.tmx import format_tmx
    from parallel_corpus.qa import check_alignment
    from parallel_corpus.segment import segment_document

    glossary = None
    if options.glossary:
        from parallel_corpus.glossary.known import read_known

        glossary = read_known(options.glossary)  # read first: a bad glossary fails before the slow steps
    document = read_document(list(inputs), name=name, presplit=options.presplit)
    segmented = segment_document(document, presplit=options.presplit, zh_semicolon=options.zh_semicolon)
    encoder = encoder or get_encoder(options.encoder, cache_dir=options.cache)
    if options.report and not isinstance(encoder, CachedEncoder):
        encoder = CachedEncoder(encoder)  # the heatmap reuses the aligner's sentence vectors
    alignment = align_document(segmented, encoder, max_align=options.max_align, progress=progress)
    alignment = check_alignment(alignment, glossary=glossary)
    trusted, flagged = split_flagged(alignment, keep_flagged=options.keep_flagged)
    codes = {"zh_code": zh_language_code(segmented.script, options.zh_code), "en_code": options.en_code}
    tmx, stats = format_tmx([trusted], min_score=options.min_score, **codes)
    review_tmx, review_stats = format_tmx([flagged], **codes)
    paths = output_paths(outdir, name, options.report)
    contents: list[str | bytes] = [
        "".join(t + "\n" for t in segmented.texts("zh")),
        "".join(t + "\n" for t in segmented.texts("en")),
        format_align(alignment.beads),
        format_tsv(alignment),
        format_jsonl(alignment),
        tmx,
        review_tmx,
    ]
    if options.report:
        from parallel_corpus.review import format_report, similarity_heatmap

        contents.append(format_report(alignment, similarity=similarity_heatmap(alignment, encoder)))
    files = {path: (c.encode("utf-8") if isinstance(c, str) else c) for path, c in zip(paths, contents)}
    return AlignResult(alignment, files, stats.units, stats.skipped,
                       stats.removed_characters + review_stats.removed_characters, review_stats.units)


def split_flagged(alignment: Alignment, *, keep_flagged: bool = False) -> tuple[Alignment, Alignment]:
    """The beads a translator may trust as they are, and the QA-flagged ones to review first.

    CAT tools insert a memory's units as exact matches, flags unseen, so a flagged pair
    (a swapped number, a doubtful pairing) belongs in a second, lower-priority memory.
    With ``keep_flagged`` every bead stays in the first and the second is empty.
    """
    if keep_flagged:
        return alignment, replace(alignment, beads=())
    return (replace(alignment, beads=tuple(b for b in alignment.beads if not b.flags)),
            replace(alignment, beads=tuple(b for b in alignment.beads if b.flags)))

