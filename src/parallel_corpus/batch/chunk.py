"""The one function every engine runs: align a chunk of documents and write their files.

Each document is embedded, aligned, checked and exported by
:func:`parallel_corpus.pipeline.align_job` (so its files are byte for byte what
``align`` writes) with the worker's already-loaded encoder, then written
atomically; an error in one document becomes a ``failed`` row and the chunk
goes on.

Documents are embedded one at a time, not pooled across the chunk: the USE
encoder's float results depend on which sentences share a micro-batch (they
differ in the 7th decimal), so pooling would change scores and beads against
``align`` on the same document; and it would gain little, since USE already
batches by tokens (200 sentences: 0.59 s in one call, 0.66 s in calls of 5).
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from parallel_corpus.batch.manifest import ManifestEntry
from parallel_corpus.encoders import Encoder, USEEncoder, get_encoder
from parallel_corpus.export.files import write_files
from parallel_corpus.pipeline import AlignOptions, AlignResult, align_job, output_paths
from parallel_corpus.types import InputError

DOCUMENTS_DIR = "documents"

AlignJob = Callable[..., AlignResult]


@dataclass(frozen=True)
class WorkerEncoder:
    """The encoder one worker process builds once and uses for every task it runs.

    ``instance`` is unique per build, so the status rows show how many times each
    worker (``worker``: host and process id) built its encoder.
    """

    encoder: Encoder
    worker: str
    instance: str


def build_worker_encoder(spec: str) -> WorkerEncoder:
    """Build the encoder named by ``spec`` for this process (a worker calls this once).

    Its BLAS runs on one thread: the worker processes already fill the cores, and
    threaded BLAS in each of them oversubscribes the machine (USE encoded 3-6x
    slower with 2 threads than with 1 on a busy 2-core machine). On the sample
    report this changes no byte of the output against `align` (default threads).
    """
    encoder = get_encoder(spec)
    if isinstance(encoder, USEEncoder):
        encoder.threads = 1
    return WorkerEncoder(encoder, f"{socket.gethostname()}:{os.getpid()}", uuid.uuid4().hex[:12])


def document_outputs(outdir: str | Path, name: str, options: AlignOptions) -> list[Path]:
    """Where a batch writes the files of document ``name`` (the same files `align` writes)."""
    return output_paths(Path(outdir) / DOCUMENTS_DIR, name, options.report)


def outputs_complete(outdir: str | Path, name: str, options: AlignOptions) -> bool:
    return all(path.is_file() for path in document_outputs(outdir, name, options))


def describe_error(err: BaseException) -> str:
    """One line: a user error as its message, anything else with its type."""
    text = " ".join(str(err).split())
    return text if isinstance(err, InputError) else f"{type(err).__name__}: {text}"


def process_chunk(entries: Sequence[ManifestEntry], worker: WorkerEncoder, *, outdir: str | Path,
                  options: AlignOptions, job: AlignJob = align_job) -> list[dict]:
    """Align, check and write each document of the chunk; one status row per document."""
    rows = []
    docs_dir = Path(outdir) / DOCUMENTS_DIR
    for entry in entries:
        start = time.perf_counter()
        row: dict = {"name": entry.name, "inputs": list(entry.inputs)}
        try:
            result = job(entry.inputs, docs_dir, entry.name, options, encoder=worker.encoder)
            write_files(result.files)
        except Exception as err:  # one broken document must not stop the others
            row.update(status="failed", error=describe_error(err))
        else:
            document = result.alignment.document
            row.update(status="ok", zh_sentences=len(document.zh), en_sentences=len(document.en),
                       beads=len(result.alignment.beads), tmx_units=result.tmx_units, flagged=result.flagged)
        row.update(seconds=round(time.perf_counter() - start, 3), finished=round(time.time(), 3),
                   worker=worker.worker, encoder_instance=worker.instance)
        rows.append(row)
    return rows
