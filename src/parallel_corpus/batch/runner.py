"""A whole batch: stream the manifest into chunks, run them on an engine, log, merge."""

from __future__ import annotations

import functools
import itertools
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from parallel_corpus.batch.chunk import DOCUMENTS_DIR, outputs_complete, process_chunk
from parallel_corpus.batch.engines import Chunk, ChunkFunction, run_local
from parallel_corpus.batch.manifest import Manifest, ManifestEntry, open_manifest
from parallel_corpus.batch.merge import write_corpus
from parallel_corpus.encoders import get_encoder
from parallel_corpus.export.files import open_atomic
from parallel_corpus.pipeline import AlignOptions
from parallel_corpus.types import InputError

ENGINES = ("local", "dask")
STATUS_LOG = "batch.jsonl"


@dataclass
class BatchSummary:
    """Counts and timings of one run (also the last row of batch.jsonl)."""

    documents: int
    engine: str
    workers: int | None
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    merged: dict = field(default_factory=dict)

    @property
    def exit_status(self) -> int:
        return 1 if self.failed else 0

    def as_row(self) -> dict:
        processed = self.ok + self.failed
        return {"summary": True, "documents": self.documents, "ok": self.ok, "failed": self.failed,
                "skipped": self.skipped, "engine": self.engine, "workers": self.workers,
                "seconds": round(self.seconds, 3),
                "documents_per_second": round(processed / self.seconds, 3) if self.seconds else None,
                "merged": self.merged}


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
    ``outdir/batch.jsonl`` (one status row per document, then a summary row) and
    ``outdir/corpus.jsonl`` / ``corpus.tmx``. ``chunk_function`` replaces the
    real per-chunk work (tests). Raises InputError before any work when the
    manifest, the engine or the encoder is unusable.
    """
    if engine not in ENGINES:
        raise InputError(f"unknown engine '{engine}'; choose one of: {', '.join(ENGINES)}")
    if docs_per_task < 1 or (workers is not None and workers < 1):
        raise InputError("--docs-per-task and --workers must be at least 1")
    if address and engine != "dask":
        raise InputError("--address needs --engine dask")
    manifest = manifest if isinstance(manifest, Manifest) else open_manifest(manifest)
    get_encoder(options.encoder)  # an unknown encoder is a usage error, before any worker starts
    outdir = Path(outdir).absolute()  # workers may run in another folder
    outdir.mkdir(parents=True, exist_ok=True)
    if chunk_function is None:
        chunk_function = functools.partial(process_chunk, outdir=str(outdir), options=options)
    if engine == "dask":
        from parallel_corpus.batch.dask_engine import run_dask as run_engine

        engine_options = {"workers": workers or os.cpu_count() or 1, "address": address}
    else:
        run_engine = run_local
        engine_options = {"workers": workers or os.cpu_count() or 1}

    summary = BatchSummary(len(manifest), engine, None if address else engine_options["workers"])
    failed_names: set[str] = set()
    started = time.perf_counter()
    with open_atomic(outdir / STATUS_LOG) as log, \
            tqdm(total=len(manifest), unit="doc", desc="batch", disable=not progress) as bar:

        def record(row: dict) -> None:
            setattr(summary, row["status"], getattr(summary, row["status"]) + 1)
            if row["status"] == "failed":
                failed_names.add(row["name"])
                bar.set_postfix(failed=summary.failed, refresh=False)
            log.write((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))
            bar.update()

        def skip(entry: ManifestEntry) -> bool:
            if resume and outputs_complete(outdir, entry.name, options):
                record({"name": entry.name, "inputs": list(entry.inputs), "status": "skipped",
                        "reason": "outputs complete (--resume)"})
                return True
            return False

        for _chunk, rows in run_engine(_chunks(manifest, docs_per_task, skip), chunk_function,
                                       encoder_spec=options.encoder, **engine_options):
            for row in rows:
                record(row)
        summary.seconds = time.perf_counter() - started
        # A worker killed while writing leaves its temporary files (never a target): remove them.
        for orphan in (outdir / DOCUMENTS_DIR).glob(".*.tmp"):
            orphan.unlink(missing_ok=True)

        def done() -> Iterator[str]:
            return (entry.name for entry in manifest if entry.name not in failed_names)

        summary.merged = write_corpus(outdir, done, options, keep_flagged).as_dict()
        log.write((json.dumps(summary.as_row()) + "\n").encode("utf-8"))
    return summary
