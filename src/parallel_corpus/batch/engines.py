"""Where chunks run: a local process pool, or a Dask cluster (local or remote).

Both engines (the process pool here, Dask in dask_engine.py) take the same
chunk function, load the encoder once per worker process, keep only a few chunks in flight (the manifest is consumed as the
workers free up, never read ahead) and yield ``(chunk, rows)`` as chunks finish.
A chunk that cannot run at all (its worker pool broke, its Dask task failed
after retries) yields a ``failed`` row for each of its documents.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor
from concurrent.futures import wait as wait_local

from parallel_corpus.batch.chunk import WorkerEncoder, build_worker_encoder, describe_error
from parallel_corpus.batch.manifest import ManifestEntry

Chunk = list[ManifestEntry]
ChunkFunction = Callable[[Chunk, WorkerEncoder], list[dict]]
ChunkResults = Iterator[tuple[Chunk, list[dict]]]

# Chunks in flight per worker: enough to keep every worker busy while results are
# collected, few enough that the manifest is not read far ahead.
CHUNKS_PER_WORKER = 2


def failed_rows(chunk: Chunk, error: str) -> list[dict]:
    return [{"name": entry.name, "inputs": list(entry.inputs), "status": "failed", "error": error}
            for entry in chunk]


def run_bounded(chunks: Iterable[Chunk], submit: Callable, wait_first: Callable, window: int) -> ChunkResults:
    """Submit chunks as earlier ones finish, at most ``window`` at a time."""
    remaining = iter(chunks)
    pending = {submit(chunk): chunk for chunk in itertools.islice(remaining, window)}
    while pending:
        for future in wait_first(list(pending)):
            chunk = pending.pop(future)
            try:
                rows = future.result()
            except Exception as err:  # the chunk never ran to the end anywhere
                rows = failed_rows(chunk, describe_error(err))
            yield chunk, rows
            for chunk in itertools.islice(remaining, 1):
                pending[submit(chunk)] = chunk


# --- local: a process pool -------------------------------------------------------

# Set once in each pool worker process by its initializer; never set in the parent.
_local_worker: WorkerEncoder | None = None


def _start_local_worker(encoder_spec: str) -> None:
    global _local_worker
    _local_worker = build_worker_encoder(encoder_spec)


def _run_in_local_worker(chunk_function: ChunkFunction, chunk: Chunk) -> list[dict]:
    if _local_worker is None:  # pragma: no cover - the initializer always ran first
        raise RuntimeError("pool worker started without its encoder")
    return chunk_function(chunk, _local_worker)


def run_local(chunks: Iterable[Chunk], chunk_function: ChunkFunction, *, encoder_spec: str,
              workers: int) -> ChunkResults:
    """Run chunks on a pool of ``workers`` processes on this machine."""
    # spawn: workers start clean (no threads or state inherited), the same on every OS.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_start_local_worker, initargs=(encoder_spec,)) as pool:
        yield from run_bounded(
            chunks, lambda chunk: pool.submit(_run_in_local_worker, chunk_function, chunk),
            lambda futures: wait_local(futures, return_when=FIRST_COMPLETED).done,
            CHUNKS_PER_WORKER * workers)
