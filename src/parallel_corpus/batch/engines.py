"""Where chunks run: a local process pool, or a Dask cluster (local or remote).

Both engines (the process pool here, Dask in dask_engine.py) take the same
chunk function, load the encoder once per worker process (behind the embedding
cache when one is given), keep only a few chunks in flight (the manifest is consumed as the
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
from concurrent.futures.process import BrokenProcessPool

from parallel_corpus.batch.chunk import WorkerEncoder, build_worker_encoder, describe_error
from parallel_corpus.batch.manifest import ManifestEntry
from parallel_corpus.batch.status import DocumentStatus

Chunk = list[ManifestEntry]
ChunkFunction = Callable[[Chunk, WorkerEncoder], list[DocumentStatus]]
ChunkResults = Iterator[tuple[Chunk, list[DocumentStatus]]]

# Chunks in flight per worker: enough to keep every worker busy while results are
# collected, few enough that the manifest is not read far ahead.
CHUNKS_PER_WORKER = 2


def failed_rows(chunk: Chunk, error: str) -> list[DocumentStatus]:
    return [DocumentStatus(entry.name, tuple(entry.inputs), "failed", error=error) for entry in chunk]


class PoolBroken(Exception):
    """The engine lost its workers; ``chunks`` were in flight and did not finish."""

    def __init__(self, chunks: list[Chunk]):
        super().__init__(f"{len(chunks)} chunks in flight when the worker pool broke")
        self.chunks = chunks


def run_bounded(chunks: Iterable[Chunk], submit: Callable, wait_first: Callable, window: int,
                broken: tuple[type[BaseException], ...] = ()) -> ChunkResults:
    """Submit chunks as earlier ones finish, at most ``window`` at a time.

    An exception of a ``broken`` type (the pool itself failed) raises PoolBroken
    with the unfinished chunks, after yielding the ones that did finish; any other
    failure of a chunk becomes failed rows for its documents.
    """
    remaining = iter(chunks)
    pending: dict = {}

    def settle(chunk: Chunk, run: Callable[[], list[DocumentStatus]]) -> list[DocumentStatus]:
        try:
            return run()
        except broken:
            raise
        except Exception as err:  # the chunk never ran to the end anywhere
            return failed_rows(chunk, describe_error(err))

    def top_up(count: int) -> ChunkResults:
        for chunk in itertools.islice(remaining, count):
            try:
                pending[submit(chunk)] = chunk
            except broken:
                raise PoolBroken([*pending.values(), chunk]) from None
            except Exception as err:
                yield chunk, failed_rows(chunk, describe_error(err))

    yield from top_up(window)
    while pending:
        for future in wait_first(list(pending)):
            chunk = pending.pop(future)
            try:
                yield chunk, settle(chunk, future.result)
            except broken:
                unfinished = [chunk]
                for other, other_chunk in list(pending.items()):
                    if other.done() and not other.exception():
                        yield other_chunk, other.result()
                    else:
                        unfinished.append(other_chunk)
                raise PoolBroken(unfinished) from None
            yield from top_up(1)


# --- local: a process pool -------------------------------------------------------

# Set once in each pool worker process by its initializer; never set in the parent.
_local_worker: WorkerEncoder | None = None


def _start_local_worker(encoder_spec: str, cache_dir: str | None) -> None:
    global _local_worker
    _local_worker = build_worker_encoder(encoder_spec, cache_dir)


def _run_in_local_worker(chunk_function: ChunkFunction, chunk: Chunk) -> list[DocumentStatus]:
    if _local_worker is None:  # pragma: no cover - the initializer always ran first
        raise RuntimeError("pool worker started without its encoder")
    return chunk_function(chunk, _local_worker)


def run_local(chunks: Iterable[Chunk], chunk_function: ChunkFunction, *, encoder_spec: str,
              cache_dir: str | None = None, workers: int, restarts: int = 2) -> ChunkResults:
    """Run chunks on a pool of ``workers`` processes on this machine.

    When a worker process dies (killed, out of memory) the pool breaks: a new pool
    starts and reruns the unfinished chunks, up to ``restarts`` times; after that
    they are reported failed.
    """
    remaining = iter(chunks)
    rerun: list[Chunk] = []
    for attempt in range(restarts + 1):
        # spawn: workers start clean (no threads or state inherited), the same on every OS.
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_start_local_worker, initargs=(encoder_spec, cache_dir)) as pool:
            try:
                yield from run_bounded(
                    itertools.chain(rerun, remaining),
                    lambda chunk: pool.submit(_run_in_local_worker, chunk_function, chunk),
                    lambda futures: wait_local(futures, return_when=FIRST_COMPLETED).done,
                    CHUNKS_PER_WORKER * workers, broken=(BrokenProcessPool,) if attempt < restarts else ())
                return
            except PoolBroken as err:
                rerun = err.chunks
