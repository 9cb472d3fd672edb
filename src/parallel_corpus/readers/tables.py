"""Telling a bilingual table (a Chinese column beside an English one) from any other table."""

from __future__ import annotations

from collections.abc import Sequence

# Share of the rows with text in both cells that must follow the table's language order.
_AGREEING_ROWS = 0.8


def is_bilingual(rows: Sequence[Sequence[str]]) -> bool:
    """Two columns, one written in Chinese and the other in English.

    A row of one cell spanning the table (a caption) is allowed; rows with a cell
    that has no letters (a number, an empty cell) do not count either way.
    """
    from parallel_corpus.document import script_of

    if any(len(cells) > 2 for cells in rows):
        return False
    pairs = [cells for cells in rows if len(cells) == 2]
    orders = [order for order in (tuple(script_of(cell) for cell in cells) for cells in pairs) if None not in order]
    return bool(orders) and any(orders.count(order) >= _AGREEING_ROWS * len(orders)
                                for order in (("zh", "en"), ("en", "zh")))
