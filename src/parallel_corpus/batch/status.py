"""One document's row in ``batch.jsonl``: a typed record, turned into JSON only when written."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Literal

Status = Literal["ok", "failed", "skipped"]


@dataclass(frozen=True)
class DocumentStatus:
    """What became of one document of a batch; fields that do not apply stay None and are not written.

    ``ok``: its files were written (counts, timing, worker); ``failed``: ``error``
    says why; ``skipped``: ``reason`` says why (``--resume``). ``redone`` says why
    earlier files of the document were replaced.
    """

    name: str
    inputs: tuple[str, ...]
    status: Status
    error: str | None = None
    reason: str | None = None
    zh_sentences: int | None = None
    en_sentences: int | None = None
    beads: int | None = None
    tmx_units: int | None = None
    flagged: int | None = None
    cache_hits: int | None = None
    cache_misses: int | None = None
    seconds: float | None = None
    finished: float | None = None        # Unix time
    worker: str | None = None            # host:pid of the worker process
    encoder_instance: str | None = None  # which build of the worker's encoder embedded it
    redone: str | None = None

    def as_row(self) -> dict:
        """The JSON object of ``batch.jsonl``, in field order, without the fields that do not apply."""
        row = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None:
                row[f.name] = list(value) if f.name == "inputs" else value
        return row
