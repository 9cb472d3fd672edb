"""The one function every engine runs: align a chunk of documents and write their files.

Each document is embedded, aligned, checked and exported by
:func:`parallel_corpus.pipeline.align_job` (so its files are byte for byte what
``align`` writes) with the worker's already-loaded encoder, then written
atomically; an error in one document becomes a ``failed`` row and the chunk
goes on.

With each document's files goes ``OUTDIR/provenance/NAME.json``, what made
them (the :class:`~parallel_corpus.pipeline.Signature` their files carry: options,
encoder identity, package version; and digests of the inputs), so that ``--resume``
keeps only documents made the way the current run would make them.

Documents are embedded one at a time, not pooled across the chunk: the USE
encoder's float results depend on which sentences share a micro-batch (they
differ in the 7th decimal), so pooling would change scores and beads against
``align`` on the same document; and it would gain little, since USE already
batches by tokens (200 sentences: 0.59 s in one call, 0.66 s in calls of 5).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import socket
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from parallel_corpus.atomic import write_files
from parallel_corpus.batch.manifest import ManifestEntry
from parallel_corpus.batch.status import DocumentStatus
from parallel_corpus.encoders import CachedEncoder, Encoder, USEEncoder, get_encoder
from parallel_corpus.files import file_sha256
from parallel_corpus.pipeline import AlignOptions, AlignResult, align_job, align_set, output_paths, signature
from parallel_corpus.signature import Signature
from parallel_corpus.types import InputError

DOCUMENTS_DIR = "documents"
PROVENANCE_DIR = "provenance"

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


def build_worker_encoder(spec: str, cache_dir: str | None = None) -> WorkerEncoder:
    """Build the encoder named by ``spec`` for this process (a worker calls this once), behind the
    embedding cache in ``cache_dir`` if given (workers may share one: it is safe for that).

    Its BLAS runs on one thread: the worker processes already fill the cores, and
    threaded BLAS in each of them oversubscribes the machine (USE encoded 3-6x
    slower with 2 threads than with 1 on a busy 2-core machine). On the sample
    report this changes no byte of the output against `align` (default threads).
    """
    encoder = get_encoder(spec)
    if isinstance(encoder, USEEncoder):
        encoder.threads = 1
    return WorkerEncoder(get_encoder(encoder, cache_dir=cache_dir), f"{socket.gethostname()}:{os.getpid()}",
                         uuid.uuid4().hex[:12])


def document_outputs(outdir: str | Path, name: str, options: AlignOptions) -> list[Path]:
    """Where a batch writes the files of document ``name`` (the same files `align` writes)."""
    return output_paths(Path(outdir) / DOCUMENTS_DIR, name, options.report)


def outputs_complete(outdir: str | Path, name: str, options: AlignOptions) -> bool:
    return all(path.is_file() for path in document_outputs(outdir, name, options))


def provenance_path(outdir: str | Path, name: str) -> Path:
    return Path(outdir) / PROVENANCE_DIR / f"{name}.json"


def output_options(options: AlignOptions) -> dict:
    """The options that change a document's files: all but the cache, which only saves work."""
    return {key: value for key, value in dataclasses.asdict(options).items() if key != "cache"}


def _digest(path: str | Path) -> str | None:
    """SHA-256 of a regular file, streamed; None when there is no such file (a pipe is never read)."""
    try:
        return file_sha256(path)
    except (InputError, OSError):
        return None


def provenance(entry: ManifestEntry, made_by: Signature, outputs: Mapping[Path, bytes] | None = None) -> dict:
    """What document ``entry``'s files depend on (the signature they carry, input bytes) and, given
    its ``outputs``, their checksums, so that a damaged file is noticed on resume."""
    record: dict = {"signature": made_by.text(), "inputs_sha256": [_digest(path) for path in entry.inputs]}
    if outputs is not None:
        record["outputs_sha256"] = {path.name: hashlib.sha256(data).hexdigest() for path, data in outputs.items()}
    return record


def _damaged_outputs(outdir: str | Path, entry: ManifestEntry, options: AlignOptions, recorded: dict) -> str | None:
    """Why the files on disk are not the ones the record describes (truncated, edited), or None."""
    checksums = recorded.get("outputs_sha256")
    if not isinstance(checksums, dict):
        return "no checksums of its files"
    damaged = [path.name for path in document_outputs(outdir, entry.name, options)
               if checksums.get(path.name) is None or _digest(path) != checksums[path.name]]
    return f"{', '.join(damaged)} damaged or changed since written" if damaged else None


def stale_reason(outdir: str | Path, entry: ManifestEntry, options: AlignOptions, made_by: Signature) -> str | None:
    """Why the files of ``entry`` in ``outdir`` are not what this run (signature ``made_by``) would
    write, or None when they are."""
    try:
        recorded = json.loads(provenance_path(outdir, entry.name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        recorded = None
    if not isinstance(recorded, dict):
        return "no record of the options that made them"
    recorded_signature = recorded.get("signature")
    if not recorded_signature:
        return "no signature in the record of the options that made them"
    try:
        if not isinstance(recorded_signature, str):
            raise InputError("not text")
        reasons = Signature.parse(recorded_signature).differences(made_by)
    except InputError:
        return "the record's signature is malformed"
    if recorded.get("inputs_sha256") != provenance(entry, made_by)["inputs_sha256"]:
        reasons.append("input files changed")
    if not reasons and (damage := _damaged_outputs(outdir, entry, options, recorded)):
        reasons.append(damage)
    return "; ".join(reasons) or None


def describe_error(err: BaseException) -> str:
    """One line: a user error as its message, anything else with its type."""
    text = " ".join(str(err).split())
    return text if isinstance(err, InputError) else f"{type(err).__name__}: {text}"


def process_chunk(entries: Sequence[ManifestEntry], worker: WorkerEncoder, *, outdir: str | Path,
                  options: AlignOptions, job: AlignJob = align_job) -> list[DocumentStatus]:
    """Align, check and write each document of the chunk; one status row per document."""
    rows = []
    docs_dir = Path(outdir) / DOCUMENTS_DIR
    made_by = signature(options, worker.encoder)
    cache = worker.encoder if isinstance(worker.encoder, CachedEncoder) else None
    for entry in entries:
        start = time.perf_counter()
        cache_counts = (cache.hits, cache.misses) if cache else (0, 0)
        row = DocumentStatus(entry.name, tuple(entry.inputs), "ok")
        try:
            result = job(entry.inputs, docs_dir, entry.name, options, encoder=worker.encoder)
            record = provenance_path(outdir, entry.name)
            # The record goes first and comes back last: a run killed between the renames
            # leaves files without a record, never files with a record that does not fit them.
            record.unlink(missing_ok=True)
            made = provenance(entry, made_by, result.files)
            # Each process writes only its own documents; the runner sweeps what killed ones left.
            write_files({**result.files, record: json.dumps(made) + "\n"}, clean_stale=False,
                        replaces=align_set(docs_dir, entry.name))
        except Exception as err:  # one broken document must not stop the others
            row = dataclasses.replace(row, status="failed", error=describe_error(err))
        else:
            document = result.alignment.document
            row = dataclasses.replace(row, zh_sentences=len(document.zh), en_sentences=len(document.en),
                                      beads=len(result.alignment.beads), tmx_units=result.tmx_units,
                                      flagged=result.flagged)
        if cache:
            row = dataclasses.replace(row, cache_hits=cache.hits - cache_counts[0],
                                      cache_misses=cache.misses - cache_counts[1])
        rows.append(dataclasses.replace(row, seconds=round(time.perf_counter() - start, 3),
                                        finished=round(time.time(), 3), worker=worker.worker,
                                        encoder_instance=worker.instance))
    return rows
