"""The `align` job as one library call: read, segment, align, check, build output files.

The CLI's ``align`` verb, ``batch`` workers and notebooks all call
:func:`align_job` so that every entry point writes the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from parallel_corpus import __version__
from parallel_corpus.formats.tbx import DEFAULT_TBX_FORM, TBX_FORMS
from parallel_corpus.glossary.params import GlossaryParams
from parallel_corpus.glossary.types import TermPair
from parallel_corpus.script import ZhScript
from parallel_corpus.signature import Signature
from parallel_corpus.types import (
    EN_CODE,
    LARGEST_MAX_ALIGN,
    ZH_CODES,
    Alignment,
    InputError,
    check_language_code,
)

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

    def __post_init__(self):
        """Values that would fail deep in a run, or write a TMX no tool reads, fail here."""
        if not 2 <= self.max_align <= LARGEST_MAX_ALIGN:
            raise InputError(f"max_align must be between 2 and {LARGEST_MAX_ALIGN}, got {self.max_align}")
        if not 0.0 <= self.min_score <= 1.0:  # NaN fails too
            raise InputError(f"min_score must be between 0 and 1, got {self.min_score}")
        if self.zh_code is not None:
            check_language_code(self.zh_code, "zh_code")
        check_language_code(self.en_code, "en_code")



def signature(options: AlignOptions, encoder: Encoder | str) -> Signature:
    """The signature of what ``align`` writes with ``options`` and ``encoder`` (an encoder or its identity).

    ``zh_code`` None stays "auto": the code then follows each document's script.
    """
    from parallel_corpus.encoders import encoder_identity

    glossary = None
    if options.glossary:
        from parallel_corpus.files import file_sha256

        glossary = file_sha256(options.glossary)[:16]
    return Signature(encoder=encoder if isinstance(encoder, str) else encoder_identity(encoder),
                     max_align=options.max_align, presplit=options.presplit, zh_semicolon=options.zh_semicolon,
                     zh_code=options.zh_code, en_code=options.en_code, min_score=options.min_score,
                     keep_flagged=options.keep_flagged, glossary=glossary, version=__version__)


@dataclass(frozen=True)
class AlignResult:
    alignment: Alignment
    files: dict[Path, bytes]
    tmx_units: int
    tmx_skipped: int
    removed_characters: int
    signature: Signature          # what made the files (written into each of them but the TSV)
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


def align_set(outdir: str | Path, name: str) -> list[Path]:
    """Every file an `align` run may write: what one run leaves out, an earlier one's copy must not stay."""
    return output_paths(outdir, name, report=True)


def align_job(inputs: Sequence[str | Path], outdir: str | Path, name: str,
              options: AlignOptions = AlignOptions(), *, encoder: Encoder | None = None,
              progress: bool = False) -> AlignResult:
    """Run the whole job for one document and return the output files' bytes (not yet written)."""
    from parallel_corpus.encoders import CachedEncoder, get_encoder
    from parallel_corpus.formats.align import format_align
    from parallel_corpus.formats.pairs import format_jsonl, format_tsv
    from parallel_corpus.formats.tmx import format_tmx
    from parallel_corpus.qa import check_alignment

    glossary = None
    if options.glossary:
        from parallel_corpus.glossary.known import read_known

        glossary = read_known(options.glossary)  # read first: a bad glossary fails before the slow steps
    encoder = encoder or get_encoder(options.encoder, cache_dir=options.cache)
    if options.report and not isinstance(encoder, CachedEncoder):
        encoder = CachedEncoder(encoder)  # the heatmap reuses the aligner's sentence vectors
    alignment = check_alignment(read_and_align(inputs, name, options, encoder, progress=progress),
                                glossary=glossary)
    segmented = alignment.document
    made_by = signature(options, encoder)
    trusted, flagged = split_flagged(alignment, keep_flagged=options.keep_flagged)
    zh_code = zh_language_code(segmented.script, options.zh_code)
    tmx, stats = format_tmx([trusted], min_score=options.min_score, zh_code=zh_code, en_code=options.en_code,
                            signature=made_by.text())
    review_tmx, review_stats = format_tmx([flagged], zh_code=zh_code, en_code=options.en_code,
                                          signature=made_by.text())
    paths = output_paths(outdir, name, options.report)
    contents: list[str | bytes] = [
        "".join(t + "\n" for t in segmented.texts("zh")),
        "".join(t + "\n" for t in segmented.texts("en")),
        format_align(alignment.beads),
        format_tsv(alignment),
        format_jsonl(alignment, signature=made_by.text()),
        tmx,
        review_tmx,
    ]
    if options.report:
        from parallel_corpus.review import format_report, similarity_heatmap

        contents.append(format_report(alignment, similarity=similarity_heatmap(alignment, encoder),
                                      signature=made_by.text()))
    files = {path: (c.encode("utf-8") if isinstance(c, str) else c) for path, c in zip(paths, contents)}
    return AlignResult(alignment, files, stats.units, stats.skipped,
                       stats.removed_characters + review_stats.removed_characters, made_by, review_stats.units)


def read_and_align(inputs: Sequence[str | Path], name: str, options: AlignOptions, encoder: Encoder,
                   *, progress: bool = False) -> Alignment:
    """Read, segment and align one document as ``align`` does, before QA and files: the steps
    :func:`align_job` and :func:`glossary_job` share."""
    from parallel_corpus.align import align_document
    from parallel_corpus.document import read_document
    from parallel_corpus.segment import segment_document

    document = read_document(list(inputs), name=name, presplit=options.presplit)
    segmented = segment_document(document, presplit=options.presplit, zh_semicolon=options.zh_semicolon)
    return align_document(segmented, encoder, max_align=options.max_align, progress=progress)


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


# --- glossary -------------------------------------------------------------------

_STEM_SUFFIXES = (".txt", ".docx", ".html", ".htm", ".pdf", ".tsv", ".zh-en", ".en-zh", ".zh", ".en")


def document_stem(path: str | Path) -> str:
    """A document's name from its file: the file name without format and language tags
    (guangdong-ipr-2021.zh-en.txt -> guangdong-ipr-2021)."""
    stem = Path(path).name
    for suffix in _STEM_SUFFIXES:
        if stem.endswith(suffix) and len(stem) > len(suffix):
            stem = stem[: -len(suffix)]
    return stem


@dataclass(frozen=True)
class GlossaryOptions:
    """Everything that changes what `glossary` writes, apart from the inputs."""

    align: AlignOptions = AlignOptions()   # how each document is read, segmented and aligned; its
    #                                        zh_code/en_code are the term files' language codes
    top: int | None = None                 # keep the best N entries
    min_freq: int = 2                      # see build_glossary
    known: str | None = None               # TSV/CSV/XLSX/TBX terms that seed or override entries
    tbx_forms: tuple[str, ...] = (DEFAULT_TBX_FORM,)  # NAME.glossary.tbx first, then NAME.glossary.FORM.tbx
    params: GlossaryParams = GlossaryParams()


@dataclass(frozen=True)
class GlossaryResult:
    terms: list[TermPair]
    alignments: list[Alignment]   # one per document, in the order given
    files: dict[Path, bytes]


def glossary_paths(outdir: str | Path, name: str, tbx_forms: Sequence[str] = (DEFAULT_TBX_FORM,)) -> list[Path]:
    """The files a glossary run writes: .tsv, .csv, .xlsx, .omegat.txt, then .tbx (the first of
    ``tbx_forms``) and NAME.glossary.FORM.tbx for any other form."""
    forms = list(dict.fromkeys(tbx_forms))
    suffixes = [".tsv", ".csv", ".xlsx", ".omegat.txt", ".tbx", *(f".{form}.tbx" for form in forms[1:])]
    return [Path(outdir) / f"{name}.glossary{suffix}" for suffix in suffixes]


def glossary_set(outdir: str | Path, name: str) -> list[Path]:
    """Every file a glossary run may write, whatever its TBX forms."""
    return list(dict.fromkeys(glossary_paths(outdir, name, TBX_FORMS) + glossary_paths(outdir, name, TBX_FORMS[::-1])))


def glossary_files(terms: Sequence[TermPair], outdir: str | Path, name: str, *, zh_code: str = ZH_CODES["zh-Hans"],
                   en_code: str = EN_CODE,
                   tbx_forms: Sequence[str] = (DEFAULT_TBX_FORM,)) -> dict[Path, str | bytes]:
    """Every glossary output file (path -> content), ready for ``atomic.write_files``.

    The first of ``tbx_forms`` is NAME.glossary.tbx; any other form is written beside it
    as NAME.glossary.FORM.tbx (``("2008", "2019")`` adds NAME.glossary.2019.tbx).
    """
    from parallel_corpus.formats.glossary_tables import format_glossary_csv, format_glossary_omegat, format_glossary_tsv
    from parallel_corpus.formats.tbx import format_tbx
    from parallel_corpus.formats.xlsx import format_glossary_xlsx

    forms = list(dict.fromkeys(tbx_forms))
    contents: list[str | bytes] = [
        format_glossary_tsv(terms), format_glossary_csv(terms, zh_code=zh_code, en_code=en_code),
        format_glossary_xlsx(terms, zh_code=zh_code, en_code=en_code), format_glossary_omegat(terms),
        *(format_tbx(terms, form=form, zh_code=zh_code, en_code=en_code) for form in forms)]
    return dict(zip(glossary_paths(outdir, name, forms), contents, strict=True))


def glossary_job(documents: Sequence[Sequence[str | Path]], outdir: str | Path, name: str,
                 options: GlossaryOptions = GlossaryOptions(), *, encoder: Encoder | None = None,
                 progress: bool = False) -> GlossaryResult:
    """Align each document (its files, as :func:`align_job` reads them) and pool them into one
    glossary; return its files' bytes (not yet written).

    Each document is read and aligned by :func:`read_and_align` with ``options.align``, so the
    glossary sees the beads `align` writes (without the QA and memory files it does not use); one
    encoder (with the embedding cache, if any) serves every document and the term strings. A
    document is named after its first file (:func:`document_stem`): the entries' ``source``. The
    Chinese language code is zh-TW when every document is Traditional.
    """
    from parallel_corpus.encoders import get_encoder
    from parallel_corpus.glossary import build_glossary, read_known

    if not documents or not all(documents):
        raise InputError("every document needs its file(s); got a document without one")
    known = read_known(options.known) if options.known else None  # a bad list fails before the slow steps
    job = options.align
    encoder = encoder or get_encoder(job.encoder, cache_dir=job.cache, progress=progress)
    alignments = [read_and_align(paths, document_stem(paths[0]), job, encoder, progress=progress)
                  for paths in documents]
    terms = build_glossary(alignments, encoder=encoder, top=options.top, min_freq=options.min_freq,
                           known=known, params=options.params)
    scripts = {alignment.document.script for alignment in alignments}
    zh_code = zh_language_code("zh-Hant" if scripts == {"zh-Hant"} else "zh-Hans", job.zh_code)
    contents = glossary_files(terms, outdir, name, zh_code=zh_code, en_code=job.en_code,
                              tbx_forms=options.tbx_forms)
    files = {path: (c.encode("utf-8") if isinstance(c, str) else c) for path, c in contents.items()}
    return GlossaryResult(terms, alignments, files)
