"""Error messages that stay one line however long or odd the user's data is."""

from __future__ import annotations

QUOTE_LIMIT = 60


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``value`` quoted for a message: control characters escaped, cut to about ``limit``
    characters with the length said, so a 10,000-character cell never floods the terminal."""
    text = str(value)
    if len(text) > limit:
        return f"{text[: limit - 1] + '…'!r} ({len(text)} characters)"
    return repr(text)


def one_line(text: str) -> str:
    """``text`` with every run of whitespace, line breaks included, as one space."""
    return " ".join(text.split())
