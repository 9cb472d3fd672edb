"""Opening the user's files: one place that says the same failure the same way.

Every stage that takes a path (documents, gold files, tables, glossaries, memories)
reads it through :func:`read_input_bytes` or :func:`open_input`, so a missing file,
a folder, a FIFO or device (which would block or never end) and a file too large to be
one input are refused with one line before any work starts.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import BinaryIO

from parallel_corpus.types import InputError

# One document, table or gold file; a larger input is many documents (see `batch`).
MAX_INPUT_BYTES = 256 * 1024 * 1024


def check_input_file(path: str | os.PathLike, *, max_bytes: int | None = MAX_INPUT_BYTES) -> Path:
    """``path`` as a Path when it names a readable regular file of at most ``max_bytes``."""
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path}: is a folder, expected a file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: not a regular file (a pipe or device); save the input to a file first")
    if max_bytes is not None and info.st_size > max_bytes:
        raise InputError(f"{path}: {info.st_size / 2**20:.0f} MB is too large for one input "
                         f"(limit {max_bytes / 2**20:.0f} MB); split it and use `batch`")
    return path


def open_input(path: str | os.PathLike, *, max_bytes: int | None = MAX_INPUT_BYTES) -> BinaryIO:
    """Open a checked input file for binary reading (the caller closes it)."""
    path = check_input_file(path, max_bytes=max_bytes)
    try:
        return path.open("rb")
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})") from None


def read_input_bytes(path: str | os.PathLike, *, max_bytes: int | None = MAX_INPUT_BYTES) -> bytes:
    """All bytes of a checked input file, never more than ``max_bytes`` (the file may grow)."""
    with open_input(path, max_bytes=max_bytes) as handle:
        data = handle.read(max_bytes + 1) if max_bytes is not None else handle.read()
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(f"{path}: grew past {max_bytes / 2**20:.0f} MB while being read; "
                         "give a file that is complete")
    return data


def file_sha256(path: str | os.PathLike) -> str:
    """SHA-256 (hex) of a checked input file of any size, streamed."""
    with open_input(path, max_bytes=None) as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()  # type: ignore[arg-type]  # a real file
