"""Atomic output: a run writes all of its files or none of them."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def _temporary_beside(target: Path) -> tuple[int, Path]:
    """Open a temporary file in ``target``'s folder, with the mode a plain ``open`` would give.

    mkstemp creates files readable by the owner only; outputs are meant to be shared
    like any other file, so the process umask decides, as it does for ``open``.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)
    return fd, Path(tmp)


def write_files(files: Mapping[str | os.PathLike, str | bytes]) -> list[Path]:
    """Write every file to a temporary name beside its target, then rename them all.

    Text is written as UTF-8 with ``\\n`` line ends, exactly as given. If anything
    fails before the renames, the temporary files are removed and no target is
    touched, so an interrupted run never leaves half-written output.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, content in files.items():
            target = Path(target)
            data = content.encode("utf-8") if isinstance(content, str) else content
            fd, tmp = _temporary_beside(target)
            staged.append((tmp, target))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, target in staged:
        os.replace(tmp, target)
    return [target for _, target in staged]


def write_file(path: str | os.PathLike, content: str | bytes) -> Path:
    """Write one file atomically (see :func:`write_files`)."""
    return write_files({path: content})[0]


@contextmanager
def open_atomic_files(paths: Sequence[str | os.PathLike]) -> Iterator[list[BinaryIO]]:
    """Stream several files to temporary names beside them, all renamed into place only
    when the block succeeds, so they appear together or not at all.

    The handles are opened for reading too (``w+b``): a file written first can be read
    back (after ``seek(0)``) to make the next one from it, as a batch's corpus.tmx is
    made from its corpus.jsonl. On any error every temporary file is removed and no
    ``path`` is touched.
    """
    staged: list[tuple[Path, Path]] = []
    handles: list[BinaryIO] = []
    try:
        for path in paths:
            target = Path(path)
            fd, tmp = _temporary_beside(target)
            staged.append((tmp, target))
            handles.append(os.fdopen(fd, "w+b"))
        yield handles
        for handle in handles:
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        for handle in handles:
            handle.close()
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for handle in handles:
        handle.close()
    for tmp, target in staged:
        os.replace(tmp, target)


@contextmanager
def open_atomic(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """Stream one file to a temporary name beside it; rename it into place only on success.

    For outputs too large to hold in memory (a batch's merged corpus, its status
    log); on any error the temporary file is removed and ``path`` is untouched.
    """
    with open_atomic_files([path]) as (handle,):
        yield handle
