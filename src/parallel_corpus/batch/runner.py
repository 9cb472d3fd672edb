"""A whole batch: stream the manifest into chunks, run them on an engine, log, merge."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from parallel_corpus.atomic import check_output_folder, check_targets, open_atomic, remove_stale_temporaries
from parallel_corpus.batch.chunk import (
    DOCUMENTS_DIR,
    PROVENANCE_DIR,
    output_options,
    outputs_complete,
    process_chunk,
    stale_reason,
)
from parallel_corpus.batch.engines import Chunk, ChunkFunction, run_local
from parallel_corpus.batch.manifest import Manifest, ManifestEntry, open_manifest
from parallel_corpus.batch.merge import CORPUS_JSONL, CORPUS_TMX, MergeStats, write_corpus
from parallel_corpus.batch.status import DocumentStatus
from parallel_corpus.encoders import get_encoder
from parallel_corpus.pipeline import AlignOptions, signature
from parallel_corpus.types import InputError

ENGINES = ("local", "dask")
STATUS_LOG = "batch.jsonl"


@dataclass
class BatchSummary:
    """Counts and timings of one run (also the last row of batch.jsonl)."""

    documents: int
    engine: str
    workers: int | None
    options: dict = field(default_factory=dict)
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    redone: int = 0
    seconds: float = 0.0
    merged: MergeStats | None = None   # None when merging failed (merge_error says why)
    merge_error: str | None = None
    signature: str = ""                # what made every document's files (pipeline.Signature.text())

    @property
    def exit_status(self) -> int:
        return 1 if self.failed else 0

    def as_row(self) -> dict:
        processed = self.ok + self.failed
        return {"summary": True, "documents": self.documents, "ok": self.ok, "failed": self.failed,
                "skipped": self.skipped, "redone": self.redone, "engine": self.engine, "workers": self.workers,
                "options": self.options, "signature": self.signature,
                "seconds": round(self.seconds, 3),
                "documents_per_second": round(processed / self.seconds, 3) if self.seconds else None,
                "merged": self.merged.as_dict() if self.merged is not None else {"error": self.merge_error}}


def _chunks(manifest: Manifest, size: int, skip: Callable[[ManifestEntry], bool]) -> Iterator[Chunk]:
    """Consecutive chunks of ``size`` documents, leaving out (and reporting) skipped ones."""
    pending = (entry for entry in manifest if not skip(entry))
    while chunk := list(itertools.islice(pending, size)):
        yield chunk


def run_batch(manifest: str | Path | Manifest, outdir: str | Path, *, options: AlignOptions = AlignOptions(),
              engine: str = "local", workers: int | None = None, address: str | None = None,
              docs_per_task: int = 4, resume: bool = False, keep_flagged: bool = False,
              progress: bool = False, chunk_function: ChunkFunction | None = None) -> BatchSummary:
    """Align every document of ``manifest`` into ``outdir`` and merge them into one memory.

    Writes ``outdir/documents/NAME.*`` (what ``align`` writes for each document),
    ``outdir/batch.jsonl`` (one status row per document, then a summary row),
    ``outdir/provenance/NAME.json`` (what made each document's files) and
    ``outdir/corpus.jsonl`` / ``corpus.tmx``. With ``resume``, a document whose
    files are complete and were made with the same options, encoder, inputs and
    package version is skipped; one made otherwise is redone and its row says
    why (``redone``). With ``options.cache`` every worker embeds through that
    cache. ``chunk_function`` replaces the real per-chunk work (tests). Raises
    InputError before any work when the manifest, the engine, the encoder or
    the cache folder is unusable.
    """
    if engine not in ENGINES:
        raise InputError(f"unknown engine '{engine}'; choose one of: {', '.join(ENGINES)}")
    if docs_per_task < 1 or (workers is not None and workers < 1):
        raise InputError(f"docs_per_task and workers must be at least 1, got {docs_per_task} and {workers}")
    if address and engine != "dask":
        raise InputError(f"a scheduler address needs engine 'dask', not {engine!r}")
    manifest = manifest if isinstance(manifest, Manifest) else open_manifest(manifest)
    outdir = Path(outdir).absolute()
    # An unusable OUTDIR is found now, not after the documents are aligned.
    check_targets([outdir / STATUS_LOG, outdir / CORPUS_JSONL, outdir / CORPUS_TMX])
    for folder in (DOCUMENTS_DIR, PROVENANCE_DIR):
        check_output_folder(outdir / folder)
    if options.cache is not None:  # absolute, as OUTDIR: workers may run in another folder
        options = dataclasses.replace(options, cache=str(Path(options.cache).absolute()))
    # An unknown encoder or a cache that is a file is a usage error, before any worker starts.
    made_by = signature(options, get_encoder(options.encoder, cache_dir=options.cache))
    outdir.mkdir(parents=True, exist_ok=True)
    if chunk_function is None:
        chunk_function = functools.partial(process_chunk, outdir=str(outdir), options=options)
    worker_count = workers or os.cpu_count() or 1
    if engine == "dask":
        from parallel_corpus.batch.dask_engine import run_dask

        run_engine = functools.partial(run_dask, workers=worker_count, address=address)
    else:
        run_engine = functools.partial(run_local, workers=worker_count)

    summary = BatchSummary(len(manifest), engine, None if address else worker_count,
                           output_options(options), signature=made_by.text())
    failed_names: set[str] = set()
    redo_reasons: dict[str, str] = {}  # documents in flight whose old files are being replaced
    started = time.perf_counter()
    with open_atomic(outdir / STATUS_LOG) as log, \
            tqdm(total=len(manifest), unit="doc", desc="batch", disable=not progress) as bar:

        def record(row: DocumentStatus) -> None:
            if row.status == "ok":
                summary.ok += 1
            elif row.status == "failed":
                summary.failed += 1
                failed_names.add(row.name)
                bar.set_postfix(failed=summary.failed, refresh=False)
            else:
                summary.skipped += 1
            if row.name in redo_reasons:
                row = dataclasses.replace(row, redone=redo_reasons.pop(row.name))
                summary.redone += 1
            log.write((json.dumps(row.as_row(), ensure_ascii=False) + "\n").encode("utf-8"))
            bar.update()

        def skip(entry: ManifestEntry) -> bool:
            if not (resume and outputs_complete(outdir, entry.name, options)):
                return False
            reason = stale_reason(outdir, entry, options, made_by)
            if reason is None:
                record(DocumentStatus(entry.name, tuple(entry.inputs), "skipped",
                                      reason="outputs complete, made with the same options (--resume)"))
                return True
            redo_reasons[entry.name] = reason
            return False

        for _chunk, rows in run_engine(_chunks(manifest, docs_per_task, skip), chunk_function,
                                       encoder_spec=options.encoder, cache_dir=options.cache):
            for row in rows:
                record(row)
        summary.seconds = time.perf_counter() - started
        # A worker killed while writing leaves its temporary files (never a target): remove them.
        remove_stale_temporaries(outdir / DOCUMENTS_DIR)
        remove_stale_temporaries(outdir / PROVENANCE_DIR)

        def done() -> Iterator[str]:
            return (entry.name for entry in manifest if entry.name not in failed_names)

        try:
            corpus_signature = dataclasses.replace(made_by, keep_flagged=keep_flagged).text()  # flagged pairs in it?
            summary.merged = write_corpus(outdir, done, options, keep_flagged, signature=corpus_signature)
        except InputError as err:  # a full disk: the status of every document is still worth keeping
            summary.merge_error = str(err)
        log.write((json.dumps(summary.as_row()) + "\n").encode("utf-8"))
    if summary.merge_error is not None:
        raise InputError(f"{summary.merge_error}; the status of each document is in {outdir / STATUS_LOG}")
    return summary
