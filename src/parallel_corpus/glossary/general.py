"""General-language statistics of Chinese words: what term extraction weighs a document against.

jieba's dictionary counts (a large general corpus, the one it segments with) and its IDF
table say how common a word is outside IP documents; :func:`.candidates.rank_zh` turns
them into a term's domain and spread weights.
"""

from __future__ import annotations

from parallel_corpus.segment import jieba_tokenizers


def zh_dictionary_counts(words: set[str]) -> tuple[dict[str, int], int]:
    """Counts of ``words`` in jieba's dictionary (a large general corpus) and its total count.

    The general-language reference for term extraction, exactly the one jieba segments
    with; words not in the dictionary are left out.
    """
    tokenizer = jieba_tokenizers()[0]
    counts = {w: tokenizer.FREQ[w] for w in words if tokenizer.FREQ.get(w)}
    return counts, tokenizer.total


def zh_general_idf(words: set[str]) -> dict[str, float]:
    """Inverse document frequency of ``words`` in jieba's general corpus (the table behind
    ``jieba.analyse``): low for words found in most documents (同比, 开展, 保护). Words not in
    the table are left out. Read directly: importing ``jieba.analyse`` parses all of it.
    """
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("jieba.analyse")
    assert spec is not None and spec.submodule_search_locations  # jieba is a dependency; analyse is a package
    folder = spec.submodule_search_locations[0]
    found = {}
    with open(Path(folder) / "idf.txt", encoding="utf-8") as fh:
        for line in fh:
            word, _, value = line.partition(" ")
            if word in words:
                found[word] = float(value)
    return found
