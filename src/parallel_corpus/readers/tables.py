"""Telling a bilingual table (a Chinese column beside an English one) from any other table."""

from __future__ import annotations

from collections.abc import Sequence

# Share of the rows with text in both cells that must follow the table's language order.
_AGREEING_ROWS = 0.8


def is_bilingual(rows: Sequence[Sequence[str]]) -> bool:
    """Two cells in every row, one column written in Chinese and the other in English.

    Rows with a cell that has no letters (a number, an empty cell) do not count either way.
    """
    from parallel_corpus.document import script_of

    if not rows or any(len(cells) != 2 for cells in rows):
        return False
    orders = [order for order in (tuple(script_of(cell) for cell in cells) for cells in rows) if None not in order]
    return bool(orders) and any(orders.count(order) >= _AGREEING_ROWS * len(orders)
                                for order in (("zh", "en"), ("en", "zh")))
