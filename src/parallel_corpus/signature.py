"""What made an output, in one line (as sacrebleu's signature): written into every file of
``align`` and read back by ``merge`` and ``batch --resume``."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from parallel_corpus.types import InputError

_SIGNATURE_ESCAPE = re.compile(r"[%|\x00-\x1f\x7f]")
_SIGNATURE_UNESCAPE = re.compile(r"%([0-9A-F]{2})")


@dataclass(frozen=True)
class Signature:
    """What made an output, so that scores and pairs say where they come from (as sacrebleu's signature).

    ``x-score`` only means something for the encoder that produced it, so every output
    of ``align`` carries one line such as
    ``encoder:use/...|max_align:5|presplit:no|...|version:0.1.0`` (:meth:`text`, read
    back by :meth:`parse`). Only what changes the files' contents is in it: not the
    cache (it saves work) and not ``report`` (it adds a file, changing none).
    """

    encoder: str                  # the encoder's identity (model, package version, prompt)
    max_align: int
    presplit: bool
    zh_semicolon: bool
    zh_code: str | None           # None: chosen from the script (zh-TW / zh-CN)
    en_code: str
    min_score: float
    keep_flagged: bool
    glossary: str | None          # SHA-256 (first 16 hex digits) of the glossary file QA read, if any
    version: str                  # parallel-corpus

    def text(self) -> str:
        """``key:value|key:value…`` in field order; ``%``, ``|`` and control characters in a value
        are written ``%XX``, so any value reads back."""
        return "|".join(f"{f.name}:{_escape(_signature_value(f.name, getattr(self, f.name)))}" for f in fields(self))

    @classmethod
    def parse(cls, text: str) -> Signature:
        """The signature written as ``text`` by :meth:`text`; InputError when it is not one."""
        values = {}
        for part in text.split("|"):
            key, colon, value = part.partition(":")
            if not colon or key in values:
                raise InputError(f"not a parallel-corpus signature (bad or repeated field {part[:40]!r}): "
                                 f"{text[:80]!r}")
            values[key] = _SIGNATURE_UNESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
        names = [f.name for f in fields(cls)]
        if sorted(values) != sorted(names):
            raise InputError(f"not a parallel-corpus signature (fields {', '.join(values)}; "
                             f"expected {', '.join(names)}): {text[:80]!r}")
        try:
            return cls(encoder=values["encoder"], max_align=int(values["max_align"]),
                       presplit=_signature_flag(values["presplit"]),
                       zh_semicolon=_signature_flag(values["zh_semicolon"]),
                       zh_code=None if values["zh_code"] == "auto" else values["zh_code"],
                       en_code=values["en_code"], min_score=float(values["min_score"]),
                       keep_flagged=_signature_flag(values["keep_flagged"]),
                       glossary=None if values["glossary"] == "none" else values["glossary"],
                       version=values["version"])
        except ValueError as err:
            raise InputError(f"not a parallel-corpus signature ({err}): {text[:80]!r}") from None

    def differences(self, other: Signature) -> list[str]:
        """``field old -> new`` for each field where ``other`` (the newer) differs from this one."""
        return [f"{f.name} {_signature_value(f.name, getattr(self, f.name))} -> "
                f"{_signature_value(f.name, getattr(other, f.name))}"
                for f in fields(self) if getattr(self, f.name) != getattr(other, f.name)]


def _signature_value(name: str, value: object) -> str:
    if value is None:
        return "auto" if name == "zh_code" else "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _signature_flag(value: str) -> bool:
    if value not in ("yes", "no"):
        raise ValueError(f"{value!r} is not yes or no")
    return value == "yes"


def _escape(value: str) -> str:
    return _SIGNATURE_ESCAPE.sub(lambda m: f"%{ord(m.group()):02X}", value)


def canonical_signature(text: str | None) -> str | None:
    """A signature read from a file as :meth:`Signature.text` writes it, so that two spellings
    of one signature compare equal; text that is no signature is kept, escaped and marked."""
    if text is None:
        return None
    try:
        return Signature.parse(text.strip()).text()
    except InputError:
        return f"malformed: {_escape(text)}"
