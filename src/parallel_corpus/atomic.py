"""Atomic output: a run writes all of its files or none of them.

Each file is written to a temporary name beside its target, ``.NAME.PID.XXXXXXXX.tmp``
(PID: the writing process), then all are renamed into place; if a rename fails, the
ones already renamed are put back as they were. A run that is killed leaves its
temporary files behind; the next run into the same folder removes those of processes
that no longer run (only names of that pattern, never a live run's).

The checks (:func:`check_output_folder`, :func:`check_targets`,
:func:`check_output_name`) let a command refuse an unusable output before any work;
the writers run them again, and turn a write that fails (a full disk, a read-only
folder) into one line (InputError) instead of a traceback.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from parallel_corpus.messages import quote
from parallel_corpus.types import InputError

# Room a temporary name needs beyond the target's: "." + ".PID." + 8 random + ".tmp".
_TEMP_EXTRA = 1 + 1 + 10 + 1 + 8 + 4
_TEMP_NAME = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)\.[a-z0-9_]{8}\.tmp")
# Errors only writing gives: a stream's writer hitting one is turned into one line.
_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS}


def check_output_name(name: str, where: str = "", *, path: str | os.PathLike | None = None,
                      line: int | None = None) -> str:
    """A document name becomes a file name in the output folder: refuse anything that is not a plain one.

    ``where`` says what gave the name; ``path`` and ``line`` the file line it came from."""
    if (not name or name.startswith(".") or name != name.strip()
            or any(c in name for c in "/\\\0") or any(ord(c) < 32 or ord(c) == 127 for c in name)):
        raise InputError(f"{where + ': ' if where else ''}name {quote(name)} must be a plain file name "
                         "(no slashes, line breaks or control characters, no leading dot or spaces)",
                         path=path, line=line)
    return name


def check_output_folder(folder: str | os.PathLike) -> Path:
    """``folder`` when it is, or can be created as, a folder this process may write into."""
    folder = Path(folder)
    existing = folder
    while not os.path.lexists(existing) and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        shown = "is" if existing == folder else f"lies under {existing}, which is"
        raise InputError(f"output folder {folder} {shown} a file, not a folder; choose another output folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise InputError(f"cannot write into {existing} (read-only or no permission); "
                         "choose another output folder")
    return folder


def _name_max(folder: Path) -> int:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


def check_targets(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """The output ``paths``, once each can be written: its folder usable, the path not a
    folder itself, its name short enough for the file system (with the temporary name's room)."""
    targets = [Path(p) for p in paths]
    for parent in dict.fromkeys(t.parent for t in targets):
        check_output_folder(parent)
    for target in targets:
        size, limit = len(os.fsencode(target.name)), _name_max(target.parent) - _TEMP_EXTRA
        if size > limit:
            raise InputError(f"file name {quote(target.name)} is too long ({size} bytes, at most {limit} "
                             "here); choose a shorter name")
        if target.is_dir():
            raise InputError(f"{target} is a folder; remove it or choose another output folder or name")
    return targets


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine (another user's process counts).

    A killed process its parent has not yet reaped (a zombie) still answers ``kill(pid, 0)``
    but will never rename its files, so where /proc tells, it counts as gone.
    """
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat_file:
            state = stat_file.read().rpartition(b")")[2].split()[:1]
    except OSError:  # no /proc (not Linux) or the process just ended
        return True
    return state != [b"Z"]


def remove_stale_temporaries(folder: Path, names: Iterable[str] | None = None) -> list[Path]:
    """Remove temporary files that runs killed before their rename left in ``folder``.

    Only files named ``.NAME.PID.XXXXXXXX.tmp`` (NAME one of ``names``, or any) whose
    PID is no longer a running process go; every other file stays.
    """
    wanted = None if names is None else set(names)
    removed: list[Path] = []
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(".") and e.name.endswith(".tmp")]
    except OSError:  # no such folder yet
        return removed
    for entry in entries:
        match = _TEMP_NAME.fullmatch(entry.name)
        if (match and (wanted is None or match["name"] in wanted)
                and int(match["pid"]) != os.getpid() and not _alive(int(match["pid"]))):
            Path(entry.path).unlink(missing_ok=True)
            removed.append(Path(entry.path))
    return removed


def _remove_stale_beside(targets: Sequence[Path]) -> None:
    for folder in dict.fromkeys(t.parent for t in targets):
        remove_stale_temporaries(folder, [t.name for t in targets if t.parent == folder])


def _write_error(err: OSError, path: Path) -> InputError:
    """A failed write as one line that says where and what to do."""
    reason = err.strerror or str(err)
    advice = {errno.ENOSPC: "free some space", errno.EDQUOT: "free some space",
              errno.EROFS: "choose a writable output folder", errno.EACCES: "choose a writable output folder",
              errno.EPERM: "choose a writable output folder"}.get(err.errno or 0, "check the output folder")
    return InputError(f"cannot write {path}: {reason}; {advice}")


def _temporary_beside(target: Path) -> tuple[int, Path]:
    """Open a temporary file in ``target``'s folder, with the mode a plain ``open`` would give.

    mkstemp creates files readable by the owner only; outputs are meant to be shared
    like any other file, so the process umask decides, as it does for ``open``.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)
    return fd, Path(tmp)


def _link_aside(target: Path) -> Path | None:
    """Keep the current ``target`` under a temporary name (a hard link, else a copy), so that
    a failed set of renames can put it back; None when there is no such file."""
    if not os.path.lexists(target):
        return None
    backup = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        os.link(target, backup, follow_symlinks=False)
    except OSError:
        shutil.copy2(target, backup, follow_symlinks=False)
    return backup


def _rename_all(staged: Sequence[tuple[Path, Path]]) -> None:
    """Rename every temporary file onto its target; if one rename fails, undo the others."""
    renamed: list[tuple[Path, Path | None]] = []
    try:
        for tmp, target in staged:
            backup = _link_aside(target)
            try:
                os.replace(tmp, target)
            except BaseException:
                if backup is not None:
                    backup.unlink(missing_ok=True)
                raise
            renamed.append((target, backup))
    except BaseException:
        for target, backup in reversed(renamed):
            if backup is None:
                target.unlink(missing_ok=True)
            else:
                os.replace(backup, target)
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for _, backup in renamed:
        if backup is not None:
            backup.unlink(missing_ok=True)


def write_files(files: Mapping[Path, str | bytes], *, clean_stale: bool = True,
                replaces: Sequence[Path] = ()) -> list[Path]:
    """Write every file to a temporary name beside its target, then rename them all.

    Text is written as UTF-8 with ``\\n`` line ends, exactly as given. If anything
    fails, the temporary files are removed and every target is as it was, so an
    interrupted run never leaves half-written output. ``clean_stale`` first removes
    what killed runs left beside the targets (a batch sweeps its folder once instead).
    ``replaces``: files of the same set that this run does not write (a review page, a
    second TBX form); an earlier run's copies go once the new files are in place, so
    the folder never mixes two runs.
    """
    targets = check_targets(files)
    if clean_stale:
        _remove_stale_beside(targets)
    staged: list[tuple[Path, Path]] = []
    current = targets[0] if targets else Path()
    try:
        for target, content in zip(targets, files.values()):
            current = target
            data = content.encode("utf-8") if isinstance(content, str) else content
            fd, tmp = _temporary_beside(target)
            staged.append((tmp, target))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
    except BaseException as err:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise _write_error(err, current) from None
        raise
    try:
        _rename_all(staged)
        for path in replaces:
            if path not in targets:
                current = path
                path.unlink(missing_ok=True)
    except OSError as err:
        raise _write_error(err, Path(err.filename2 or current)) from None
    return targets


def write_file(path: str | os.PathLike, content: str | bytes) -> Path:
    """Write one file atomically (see :func:`write_files`)."""
    return write_files({Path(path): content})[0]


@contextmanager
def open_atomic_files(paths: Sequence[str | os.PathLike]) -> Iterator[list[BinaryIO]]:
    """Stream several files to temporary names beside them, all renamed into place only
    when the block succeeds, so they appear together or not at all.

    The handles are opened for reading too (``w+b``): a file written first can be read
    back (after ``seek(0)``) to make the next one from it, as a batch's corpus.tmx is
    made from its corpus.jsonl. On any error every temporary file is removed and no
    ``path`` is touched; a full disk or read-only folder becomes InputError.
    """
    targets = check_targets(paths)
    _remove_stale_beside(targets)
    staged: list[tuple[Path, Path]] = []
    handles: list[BinaryIO] = []
    in_block = False
    try:
        try:
            for target in targets:
                fd, tmp = _temporary_beside(target)
                staged.append((tmp, target))
                handles.append(os.fdopen(fd, "w+b"))
            in_block = True
            yield handles
            in_block = False
            for handle in handles:
                handle.flush()
                os.fsync(handle.fileno())
        finally:
            for handle in handles:
                handle.close()
        _rename_all(staged)
    except BaseException as err:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        # The block's own errors pass unchanged, but for those only a write can give.
        if isinstance(err, OSError) and (not in_block or err.errno in _WRITE_ERRNOS):
            raise _write_error(err, Path(err.filename2 or (targets[0] if targets else "."))) from None
        raise


@contextmanager
def open_atomic(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """Stream one file to a temporary name beside it; rename it into place only on success.

    For outputs too large to hold in memory (a batch's merged corpus, its status
    log); on any error the temporary file is removed and ``path`` is untouched.
    """
    with open_atomic_files([path]) as (handle,):
        yield handle
