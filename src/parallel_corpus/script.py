"""Chinese script variety: which one a text is written in, and the Simplified view models read.

jieba's dictionary and the sentence encoders were built from Simplified text, so
Traditional Chinese is segmented and embedded through a Simplified view made with
OpenCC. The view has exactly as many characters as the original (character i of the
view renders character i of the text), so any span found in the view is the same
span of the original, and every output keeps the document's own characters.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

ZhScript = Literal["zh-Hans", "zh-Hant"]

# Enough text to tell the variety apart; reading more only costs time.
_SAMPLE_CHARS = 20_000


@lru_cache(maxsize=2)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def detect_script(texts: Iterable[str]) -> ZhScript:
    """'zh-Hant' when converting to Simplified changes more characters than converting to Traditional.

    Most characters are shared by both varieties; the ones that differ decide. A text
    with no differing character at all (numbers, shared characters only) counts as Simplified.
    """
    sample, size = [], 0
    for text in texts:
        sample.append(text)
        size += len(text)
        if size >= _SAMPLE_CHARS:
            break
    joined = "\n".join(sample)
    to_simplified = _count_changes(joined, "t2s")
    to_traditional = _count_changes(joined, "s2t")
    return "zh-Hant" if to_simplified > to_traditional else "zh-Hans"


def _count_changes(text: str, config: str) -> int:
    converted = _same_length(text, _converter(config))
    return sum(1 for a, b in zip(text, converted) if a != b)


def simplified_view(text: str) -> str:
    """``text`` in Simplified characters, one character for each of the original's.

    OpenCC converts phrases first (乾隆 stays, 著作權 -> 著作权); where a phrase rule would
    change the length, those characters are converted one by one instead.
    """
    return _same_length(text, _converter("t2s"))


def _same_length(text: str, converter) -> str:
    converted = converter.convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_per_character_runs(text, converter))


def _per_character_runs(text: str, converter) -> Iterable[str]:
    """Convert line by line, and character by character only on lines whose length changes."""
    for line in text.splitlines(keepends=True):
        converted = converter.convert(line)
        if len(converted) == len(line):
            yield converted
            continue
        for ch in line:
            single = converter.convert(ch)
            yield single if len(single) == 1 else ch
