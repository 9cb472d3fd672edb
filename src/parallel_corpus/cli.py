"""Command line: a thin layer over the library.

Each verb parses its options, calls library functions and writes files through
``atomic.write_files`` (all or none). Bad input raises :class:`InputError` anywhere
below; ``main`` turns it into one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from parallel_corpus import __version__
from parallel_corpus.messages import one_line
from parallel_corpus.types import LARGEST_MAX_ALIGN, InputError, check_language_code

PROG = "parallel-corpus"


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit status 2, never a usage dump."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise InputError(f"{self.prog}: {message} (see '{self.prog} --help')")


def _output_name(args: argparse.Namespace, inputs: list[str]) -> str:
    """NAME for output files: --name, else the first input's stem without language tags."""
    from parallel_corpus.atomic import check_output_name
    from parallel_corpus.pipeline import document_stem

    if getattr(args, "name", None):
        return check_output_name(args.name, "--name")
    return check_output_name(document_stem(inputs[0]), f"{inputs[0]} (give --name)")


def _check_outputs(paths) -> None:
    """Refuse an unusable -o (a file, read-only, a folder where a file goes, a name too long) before any work."""
    from parallel_corpus.atomic import check_targets

    check_targets(paths)


def _add_io_options(p: argparse.ArgumentParser, *, max_inputs: int = 2) -> None:
    """Options shared by the verbs that read one bilingual document."""
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="one file holding both languages, or one file per language (any order)")
    p.add_argument("-o", "--outdir", required=True, help="folder for the output files")
    p.add_argument("--name", help="base name of the output files (default: the input's stem)")
    p.add_argument("--presplit", action="store_true",
                   help="inputs are already one sentence per line: no segmentation")
    p.add_argument("--quiet", action="store_true", help="no progress bars or summaries on stderr")
    p.set_defaults(max_inputs=max_inputs)


def _segment_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--zh-semicolon", action="store_true",
                   help="also end Chinese sentences at ；(off by default, as CAT tools do)")


def _add_aligner_options(p: argparse.ArgumentParser) -> None:
    """Options of the verbs that run the aligner (defaults: AlignOptions')."""
    from parallel_corpus.pipeline import AlignOptions

    p.add_argument("--encoder", default=AlignOptions.encoder,
                   help="sentence encoder: use, e5, st:PATH[@cpu|@cuda] (see models/README.md; default %(default)s)")
    p.add_argument("--max-align", type=int, default=AlignOptions.max_align, metavar="N",
                   help=f"largest bead: a + b <= N sentences (default %(default)s; 2 to {LARGEST_MAX_ALIGN})")
    p.add_argument("--cache", metavar="DIR",
                   help="keep sentence vectors in DIR; a re-run embeds only sentences not seen before")


def _add_memory_options(p: argparse.ArgumentParser) -> None:
    """Options of the verbs that write a TMX (defaults: AlignOptions')."""
    from parallel_corpus.pipeline import AlignOptions
    from parallel_corpus.types import ZH_CODES

    p.add_argument("--zh-code", help="TMX language code of the Chinese side (default "
                   f"{ZH_CODES['zh-Hant']} for Traditional text, {ZH_CODES['zh-Hans']} for Simplified)")
    p.add_argument("--en-code", default=AlignOptions.en_code,
                   help="TMX language code of the English side (default %(default)s)")
    p.add_argument("--min-score", type=float, default=AlignOptions.min_score, metavar="X",
                   help="leave pairs scored below X out of the TMX; they stay in the TSV (default %(default)g)")


def _align_options(args: argparse.Namespace, **extra):
    """AlignOptions from parsed flags, checked."""
    from parallel_corpus.pipeline import AlignOptions

    if not 2 <= args.max_align <= LARGEST_MAX_ALIGN:
        raise InputError(f"--max-align must be between 2 and {LARGEST_MAX_ALIGN}, got {args.max_align}")
    min_score = getattr(args, "min_score", AlignOptions.min_score)  # glossary writes no TMX: nothing to cut
    _check_memory_options(min_score, args.zh_code, args.en_code)
    cache = getattr(args, "cache", None)
    if cache is not None and Path(cache).exists() and not Path(cache).is_dir():
        raise InputError(f"--cache {cache}: is a file, not a folder; give a folder")
    if cache is not None:
        from parallel_corpus.atomic import check_output_folder

        try:
            check_output_folder(cache)
        except InputError as err:
            raise InputError(f"--cache: {err}") from None
    return AlignOptions(presplit=args.presplit, zh_semicolon=args.zh_semicolon, encoder=args.encoder,
                        max_align=args.max_align, zh_code=args.zh_code, en_code=args.en_code,
                        min_score=min_score, cache=cache, **extra)


def _check_memory_options(min_score: float, zh_code: str | None, en_code: str) -> None:
    """The TMX cut and language codes, checked before any work (and named as flags)."""
    if not 0.0 <= min_score <= 1.0:  # NaN fails too
        raise InputError(f"--min-score must be between 0 and 1, got {min_score}")
    if zh_code is not None:
        check_language_code(zh_code, "--zh-code")
    check_language_code(en_code, "--en-code")


def _read_and_segment(args: argparse.Namespace):
    from parallel_corpus.document import read_document
    from parallel_corpus.segment import segment_document

    if len(args.inputs) > args.max_inputs:
        raise InputError(f"expected at most {args.max_inputs} input files, got {len(args.inputs)}")
    document = read_document(args.inputs, name=_output_name(args, args.inputs), presplit=args.presplit)
    return segment_document(document, presplit=args.presplit, zh_semicolon=args.zh_semicolon)


def _sentence_files(outdir: Path, segmented) -> dict[Path, str]:
    return {
        outdir / f"{segmented.name}.zh.txt": "".join(t + "\n" for t in segmented.texts("zh")),
        outdir / f"{segmented.name}.en.txt": "".join(t + "\n" for t in segmented.texts("en")),
    }


# --- segment -----------------------------------------------------------------

def _add_segment(sub) -> None:
    p = sub.add_parser("segment", help="split a bilingual document into sentences",
                       description="Read a document and write NAME.zh.txt and NAME.en.txt, one sentence a line.")
    _add_io_options(p)
    _segment_options(p)
    p.set_defaults(run=_run_segment)


def _run_segment(args: argparse.Namespace) -> int:
    from parallel_corpus.atomic import write_files

    name = _output_name(args, args.inputs)
    _check_outputs([Path(args.outdir) / f"{name}.zh.txt", Path(args.outdir) / f"{name}.en.txt"])
    segmented = _read_and_segment(args)
    written = write_files(_sentence_files(Path(args.outdir), segmented))
    if not args.quiet:
        print(f"{len(segmented.zh)} Chinese and {len(segmented.en)} English sentences -> "
              + ", ".join(str(p) for p in written), file=sys.stderr)
    return 0


# --- align -------------------------------------------------------------------

def _add_align(sub) -> None:
    p = sub.add_parser("align", help="pair Chinese and English sentences (n-m beads) into a memory",
                       description="Read, segment, align and check a document; write NAME.zh.txt, NAME.en.txt, "
                       "NAME.align (beads [i,j]:[k] into the two sentence files), NAME.tsv, NAME.jsonl "
                       "and NAME.tmx (and NAME.html with --report).")
    _add_io_options(p)
    _segment_options(p)
    _add_aligner_options(p)
    _add_memory_options(p)
    p.add_argument("--report", action="store_true",
                   help="also write NAME.html, a self-contained review page of the pairs")
    p.add_argument("--glossary", metavar="FILE",
                   help="terms (.tsv/.csv/.xlsx/.tbx, as for glossary --known): flag pairs whose English lacks "
                   "every rendering of a term their Chinese holds (flag 'term')")
    p.add_argument("--keep-flagged", action="store_true",
                   help="put QA-flagged pairs into NAME.tmx too (default: only into NAME.review.tmx)")
    p.set_defaults(run=_run_align)


def _run_align(args: argparse.Namespace) -> int:
    from parallel_corpus.atomic import write_files
    from parallel_corpus.encoders import get_encoder
    from parallel_corpus.files import check_input_file
    from parallel_corpus.pipeline import align_job, align_set, output_paths
    from parallel_corpus.qa import flag_summary

    if len(args.inputs) > args.max_inputs:
        raise InputError(f"expected at most {args.max_inputs} input files, got {len(args.inputs)}")
    options = _align_options(args, report=args.report, glossary=args.glossary,
                             keep_flagged=args.keep_flagged)
    _check_outputs(output_paths(args.outdir, _output_name(args, args.inputs), args.report))
    for path in args.inputs:  # a pipe, device or huge file is refused before the encoder loads
        check_input_file(path)
    progress = not args.quiet and sys.stderr.isatty()
    encoder = get_encoder(options.encoder, cache_dir=options.cache, progress=progress)
    name = _output_name(args, args.inputs)
    result = align_job(args.inputs, args.outdir, name, options, encoder=encoder, progress=progress)
    written = write_files(result.files, replaces=align_set(args.outdir, name))
    if result.removed_characters:
        print(f"warning: removed {result.removed_characters} characters XML 1.0 forbids from the TMX text",
              file=sys.stderr)
    if not args.quiet:
        beads = result.alignment.beads
        left_out = f", {result.tmx_skipped} below --min-score left out" if result.tmx_skipped else ""
        print(f"{len(beads)} beads ({sum(b.is_null for b in beads)} unpaired); {flag_summary(result.alignment)}; "
              f"{result.tmx_units} TMX units{left_out}, {result.review_units} flagged for review; "
              f"signature {result.signature.text()} -> " + ", ".join(str(p) for p in written), file=sys.stderr)
    return 0


# --- evaluate ----------------------------------------------------------------

def _add_evaluate(sub) -> None:
    p = sub.add_parser("evaluate", help="score test beads against gold beads",
                       description="Print strict and lax precision, recall and F1 of TEST against GOLD "
                       "(two .align files, or two folders of .align files matched by name).")
    p.add_argument("gold", metavar="GOLD")
    p.add_argument("test", metavar="TEST")
    p.add_argument("--lenient", action="store_true",
                   help="accept beads that cross, overlap or share a sentence, as some published gold sets "
                   "(Text+Berg) have; by default such a file is refused with its line")
    p.set_defaults(run=_run_evaluate)


def _run_evaluate(args: argparse.Namespace) -> int:
    from parallel_corpus.evaluate import paired_align_files, score_alignments
    from parallel_corpus.formats.align import read_align_file

    pairs = paired_align_files(args.gold, args.test)
    gold = [read_align_file(g, lenient=args.lenient) for g, _ in pairs]
    test = [read_align_file(t, lenient=args.lenient) for _, t in pairs]
    print(score_alignments(gold, test).format())
    return 0


# --- glossary ------------------------------------------------------------------

def _add_glossary(sub) -> None:
    from parallel_corpus.pipeline import AlignOptions, GlossaryOptions

    p = sub.add_parser(
        "glossary", help="extract a zh-en term glossary from one or more documents",
        description="Align each INPUT and pool them into one zh-en glossary: NAME.glossary.tsv, "
        ".csv and .xlsx (term-base imports), .tbx (TBX-Basic) and .omegat.txt. An INPUT is one "
        "bilingual file, a Chinese file and its English file side by side as 'align' takes them "
        "(zh.txt en.txt) or joined by '+' (zh.txt+en.txt), or a batch "
        "manifest (a .tsv file or a folder, as 'batch' reads them) for a whole archive.")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="a bilingual file, ZH_FILE EN_FILE or ZH_FILE+EN_FILE (either order), "
                        "or a manifest (.tsv or folder)")
    p.add_argument("-o", "--outdir", required=True, help="folder for the output files")
    p.add_argument("--name", help="base name of the output files (default: the first input's stem)")
    p.add_argument("--top", type=int, metavar="N", help="keep only the best N entries (default: all)")
    p.add_argument("--min-freq", type=int, default=GlossaryOptions.min_freq, metavar="K",
                   help="a term and its rendering must share at least K aligned segments, or one "
                        "when the dictionary attests every word of both (default %(default)s)")
    p.add_argument("--known", metavar="FILE",
                   help="known terms (.tsv/.csv/.xlsx/.tbx) that seed or override entries; the rest are marked new")
    _tbx_option(p)
    _add_aligner_options(p)  # the encoder also embeds the term strings
    p.add_argument("--zh-code", help="language code of the Chinese terms in the CSV, XLSX and TBX "
                   "(default zh-TW when every INPUT is Traditional, else zh-CN)")
    p.add_argument("--en-code", default=AlignOptions.en_code,
                   help="language code of the English terms (default %(default)s)")
    p.add_argument("--presplit", action="store_true",
                   help="inputs are already one sentence per line: no segmentation")
    p.add_argument("--quiet", action="store_true", help="no progress bars or summaries on stderr")
    _segment_options(p)
    p.set_defaults(run=_run_glossary)


def _tbx_option(p) -> None:
    from parallel_corpus.formats.tbx import DEFAULT_TBX_FORM, TBX_FORMS

    p.add_argument("--tbx", choices=(*TBX_FORMS, "both"), default=DEFAULT_TBX_FORM,
                   help="TBX-Basic form of NAME.glossary.tbx: 2008 (ISO 30042:2008 <martif>, the form "
                        "OmegaT and Translate Toolkit read), 2019 (ISO 30042:2019 <tbx>), or both: the "
                        f"2008 form plus NAME.glossary.2019.tbx (default {DEFAULT_TBX_FORM})")


def _tbx_forms(choice: str) -> tuple[str, ...]:
    """The --tbx choice as the forms to write, the one for NAME.glossary.tbx first."""
    from parallel_corpus.formats.tbx import DEFAULT_TBX_FORM, TBX_FORMS

    if choice != "both":
        return (choice,)
    return (DEFAULT_TBX_FORM, *(form for form in TBX_FORMS if form != DEFAULT_TBX_FORM))


def _glossary_documents(inputs: list[str]) -> list[list[str]]:
    """Each INPUT as its list of files: a batch manifest (a .tsv file or a folder) gives one list per
    document it names; ZH+EN is split at '+'; a bilingual file is a document; a file in one language
    goes with the file after it, as align reads its two INPUTs (so `glossary ZH EN` works as `align ZH EN`)."""
    from parallel_corpus.batch.manifest import open_manifest

    documents: list[list[str]] = []
    alone: str | None = None  # a one-language file waiting for its other half
    for spec in inputs:
        path = Path(spec)
        if path.is_dir() or (path.suffix.lower() == ".tsv" and path.is_file()):
            found = [list(entry.inputs) for entry in open_manifest(path)]
        elif "+" in spec and not path.exists():
            found = [[part for part in spec.split("+") if part]]
            if not found[0]:
                raise InputError(f"{spec!r} names no file; give ZH_FILE+EN_FILE")
        elif _holds_both_languages(spec):
            found = [[spec]]
        elif alone is not None:
            documents.append([alone, spec])
            alone = None
            continue
        else:
            alone = spec
            continue
        if alone is not None:  # its other half never came: reading it alone says what is missing
            documents.append([alone])
            alone = None
        documents.extend(found)
    if alone is not None:
        documents.append([alone])
    return documents


# A bilingual file carries a fair share of each language; a few foreign lines (names, a quoted
# title) leave a file monolingual. Shares weigh one Chinese character as three Latin letters.
_MIN_LANGUAGE_SHARE = 0.1


def _holds_both_languages(spec: str) -> bool:
    """Whether a file reads as a bilingual document on its own (unreadable files count as not)."""
    from parallel_corpus.document import read_document

    try:
        document = read_document([spec])
    except InputError:
        return False
    zh = 3 * sum(len(p.text) for p in document.zh)
    en = sum(len(p.text) for p in document.en)
    return min(zh, en) >= _MIN_LANGUAGE_SHARE * (zh + en)


def _run_glossary(args: argparse.Namespace) -> int:
    from parallel_corpus.atomic import write_files
    from parallel_corpus.pipeline import GlossaryOptions, glossary_job, glossary_paths, glossary_set

    if args.min_freq < 1:
        raise InputError(f"--min-freq must be at least 1, got {args.min_freq}")
    if args.top is not None and args.top < 1:
        raise InputError(f"--top must be at least 1, got {args.top}")
    documents = _glossary_documents(args.inputs)
    first = args.inputs[0]
    halves = [part for part in first.split("+") if part]  # ZH+EN: named after its first file
    name = _output_name(args, [first if Path(first).exists() or not halves else halves[0]])
    options = GlossaryOptions(align=_align_options(args), top=args.top, min_freq=args.min_freq,
                              known=args.known, tbx_forms=_tbx_forms(args.tbx))
    _check_outputs(glossary_paths(args.outdir, name, options.tbx_forms))
    result = glossary_job(documents, args.outdir, name, options, progress=not args.quiet and sys.stderr.isatty())
    written = write_files(result.files, replaces=glossary_set(args.outdir, name))
    if not args.quiet:
        new = sum(1 for t in result.terms if t.is_new)
        print(f"{len(result.terms)} terms ({new} new) from {len(documents)} document(s) -> "
              + ", ".join(str(p) for p in written), file=sys.stderr)
    return 0


# --- batch ---------------------------------------------------------------------

def _add_batch(sub) -> None:
    p = sub.add_parser(
        "batch", help="align many documents (local cores or a Dask cluster) into one memory",
        description="Align every document of MANIFEST into OUTDIR/documents/ (the files 'align' writes), "
        "log one status row per document to OUTDIR/batch.jsonl and merge all pairs into "
        "OUTDIR/corpus.tmx and corpus.jsonl (exact duplicates once, flagged pairs left out). "
        "Exit status 0 when every document is done, 1 when some failed, 2 for a bad manifest.")
    p.add_argument("manifest", metavar="MANIFEST",
                   help="a TSV with header 'name, zh, en' or 'name, path' (paths relative to it), "
                   "or a folder of NAME.zh.txt + NAME.en.txt / NAME.zh-en.txt files")
    p.add_argument("-o", "--outdir", required=True, help="folder for all output")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: a process pool on this machine (default); dask: Dask distributed")
    p.add_argument("--workers", type=int, help="worker processes (default: one per CPU core)")
    p.add_argument("--address", metavar="SCHEDULER",
                   help="with --engine dask: a running scheduler, e.g. tcp://host:8786 (default: a local cluster)")
    p.add_argument("--docs-per-task", type=int, default=4, metavar="K", help="documents per task (default 4)")
    p.add_argument("--resume", action="store_true",
                   help="skip documents whose output files are complete and were made with the same options, "
                   "encoder and inputs; redo the others")
    p.add_argument("--keep-flagged", action="store_true", help="keep QA-flagged pairs in the merged memory")
    p.add_argument("--presplit", action="store_true",
                   help="inputs are already one sentence per line: no segmentation")
    _segment_options(p)
    _add_aligner_options(p)
    _add_memory_options(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary on stderr")
    p.set_defaults(run=_run_batch)


def _run_batch(args: argparse.Namespace) -> int:
    from parallel_corpus.batch import run_batch

    if args.docs_per_task < 1 or (args.workers is not None and args.workers < 1):
        raise InputError("--docs-per-task and --workers must be at least 1")
    if args.address and args.engine != "dask":
        raise InputError("--address needs --engine dask")
    options = _align_options(args)
    summary = run_batch(args.manifest, args.outdir, options=options, engine=args.engine,
                        workers=args.workers, address=args.address, docs_per_task=args.docs_per_task,
                        resume=args.resume, keep_flagged=args.keep_flagged,
                        progress=not args.quiet and sys.stderr.isatty())
    if not args.quiet and summary.merged is not None:
        merged = summary.merged
        redone = f", {summary.redone} redone (old files made otherwise)" if summary.redone else ""
        print(f"{summary.documents} documents: {summary.ok} ok, {summary.failed} failed, "
              f"{summary.skipped} skipped{redone} in {summary.seconds:.1f} s; merged memory: {merged.pairs} pairs "
              f"({merged.duplicates_removed} duplicates, {merged.flagged_left_out} flagged left out) "
              f"-> {Path(args.outdir) / 'corpus.tmx'}; status per document in "
              f"{Path(args.outdir) / 'batch.jsonl'}", file=sys.stderr)
    return summary.exit_status


# --- merge ---------------------------------------------------------------------

def _add_merge(sub) -> None:
    p = sub.add_parser("merge", help="merge TMX memories into one, without exact duplicates",
                       description="Read TMX files (any version, UTF-8 or UTF-16) and write one TMX 1.4b "
                       "file: units with the same texts in the same languages appear once, the "
                       "best-scored (x-score) variant kept. Warns when the inputs' signatures (x-signature: "
                       "encoder and settings) differ, since their scores then do not compare.")
    p.add_argument("inputs", nargs="+", metavar="TMX", help="TMX files to merge")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the merged TMX file to write")
    p.add_argument("--quiet", action="store_true", help="no summary on stderr")
    p.set_defaults(run=_run_merge)


def _run_merge(args: argparse.Namespace) -> int:
    from parallel_corpus.formats.tmx import merge_tmx

    _check_outputs([args.output])
    stats = merge_tmx(args.inputs, args.output)
    _warn_mixed_signatures(stats.signature_groups(args.inputs))
    if stats.removed_characters or stats.inline_codes_dropped:
        print(f"warning: removed {stats.removed_characters} characters XML 1.0 forbids and dropped "
              f"{stats.inline_codes_dropped} inline codes (bpt/ept/ph/it/ut)", file=sys.stderr)
    if not args.quiet:
        print(f"{stats.units_read} units from {stats.files} files, {stats.duplicates_removed} duplicates "
              f"removed: {stats.units} units -> {args.output}", file=sys.stderr)
    return 0


def _warn_mixed_signatures(groups: dict[str | None, list[str]]) -> None:
    """Say on stderr which inputs were made differently: their x-score values do not compare."""
    if len(groups) < 2:
        return
    print("warning: the inputs were made by different encoders or settings, so the x-score kept for a "
          "duplicate compares scores that are not on one scale:", file=sys.stderr)
    for signature, paths in groups.items():
        print(f"  {signature or 'no signature (unknown)'}: {', '.join(paths)}", file=sys.stderr)


# --- export --------------------------------------------------------------------

def _add_export(sub) -> None:
    p = sub.add_parser("export", help="turn an edited NAME.tsv back into NAME.tmx and NAME.jsonl",
                       description="Read a table written by 'align' after a translator edited it (rows "
                       "deleted, merged or fixed; an optional 'review' column with keep/drop), re-run the "
                       "QA checks and write NAME.tmx and NAME.jsonl. Tab-, comma- or semicolon-separated, "
                       "UTF-8 with or without BOM. Changes are traced against NAME.align beside the table.")
    p.add_argument("table", metavar="TABLE", help="the edited NAME.tsv (or a .csv saved by a spreadsheet)")
    p.add_argument("-o", "--outdir", required=True, help="folder for the output files")
    p.add_argument("--name", help="base name of the output files (default: the table's stem)")
    p.add_argument("--original", metavar="ALIGN",
                   help="the NAME.align the table came from (default: the one beside the table)")
    _add_memory_options(p)
    p.add_argument("--quiet", action="store_true", help="no summary on stderr")
    p.set_defaults(run=_run_export)


def _run_export(args: argparse.Namespace) -> int:
    from parallel_corpus.atomic import write_files
    from parallel_corpus.corrections import export_job, export_paths, table_stem
    from parallel_corpus.qa import flag_summary

    name = _output_name(args, [args.table]) if args.name else table_stem(args.table)
    _check_outputs(export_paths(args.outdir, name))
    _check_memory_options(args.min_score, args.zh_code, args.en_code)
    result = export_job(args.table, args.outdir, args.name, zh_code=args.zh_code, en_code=args.en_code,
                        min_score=args.min_score, original=args.original)
    written = write_files(result.files)
    if result.removed_characters:
        print(f"warning: removed {result.removed_characters} characters XML 1.0 forbids from the TMX text",
              file=sys.stderr)
    if not args.quiet:
        print(result.changes.summary(), file=sys.stderr)
        print(f"{flag_summary(result.alignment)}; {result.tmx_units} TMX units ({result.below_min_score} "
              f"below --min-score left out, {result.kept_below_min_score} kept by review), "
              f"{result.review_units} flagged for review -> "
              + ", ".join(str(p) for p in written), file=sys.stderr)
    return 0


# --- models --------------------------------------------------------------------

def _add_models(sub) -> None:
    p = sub.add_parser("models", help="fetch a sentence-transformers model for --encoder st:PATH",
                       description="The only command that goes online, and only when asked: it downloads "
                       "a model so that --encoder st:models/NAME then runs offline.")
    verbs = p.add_subparsers(dest="models_command", metavar="ACTION", parser_class=_Parser, required=True)
    pull = verbs.add_parser("pull", help="download a model from the Hugging Face hub into models/",
                            description="Download NAME (owner/name, e.g. sentence-transformers/LaBSE) into "
                            "DIR/name, with a progress bar; needs the [st] extra.")
    pull.add_argument("model", metavar="NAME", help="hub model name, e.g. sentence-transformers/LaBSE")
    pull.add_argument("--models-dir", default="models", metavar="DIR", help="where to put it (default models/)")
    pull.add_argument("--endpoint", metavar="URL", help="another hub address, e.g. a mirror (default: the hub)")
    pull.add_argument("--quiet", action="store_true", help="no progress bars or summary on stderr")
    pull.set_defaults(run=_run_models_pull)


def _run_models_pull(args: argparse.Namespace) -> int:
    from parallel_corpus.encoders.pull import pull_model

    folder = pull_model(args.model, args.models_dir, endpoint=args.endpoint,
                        progress=not args.quiet and sys.stderr.isatty())
    if not args.quiet:
        print(f"{args.model} -> {folder}; use it with --encoder st:{folder}", file=sys.stderr)
    return 0


# --- registry of verbs ---------------------------------------------------------

COMMANDS: list[Callable] = [_add_segment, _add_align, _add_evaluate, _add_glossary, _add_batch, _add_merge,
                            _add_export, _add_models]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Chinese-English IP documents into aligned sentence "
                     "pairs, translation memories (TMX) and a term glossary.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args, unknown = parser.parse_known_args(argv)
        if unknown:  # named by the verb they were given to, whose --help lists its options
            verb = f"{PROG} {args.command}" if getattr(args, "command", None) else PROG
            raise InputError(f"{verb}: unrecognized arguments: {' '.join(unknown)} (see '{verb} --help')")
        if not getattr(args, "run", None):
            parser.print_help(sys.stderr)
            return 2
        return args.run(args)
    except InputError as err:
        print(f"error: {one_line(str(err))}", file=sys.stderr)
        return 2
    except OSError as err:  # the environment (a full disk, a vanished folder): one line, as bad input
        where = f" ({err.filename})" if err.filename else ""
        print(f"error: {one_line(err.strerror or str(err))}{where}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
