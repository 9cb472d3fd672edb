"""Quantities in Chinese and English sentences, normalised so both sides compare.

A translation memory with a wrong number in it is worse than none, so the QA
pass compares the quantities of each pair. Both extractors return the same
:class:`Quantity` objects: the value with its unit applied (``38177.67万`` and
``381,776,700`` are both 381776700), its kind (plain number, percent,
percentage points), whether it was written in digits or in words, and, for
rates, the direction the text gives it (``增长``/``up`` +1, ``下降``/``down``
-1, a minus sign flips it).

Numbers written in words (``三``, ``three``, ``May``) are *soft*: they may
match a counterpart but are never reported as missing on their own, because
Chinese and English use them idiomatically (``一站式``, ``one of the``).

Legal text numbers its parts, and translators write the numbering their own way.
A reference to a part is an ordinal on both sides: ``第四十八條之九`` and
``Article 48-9`` are the ordinals 48 and 9, ``第九十七條之一第四項`` and
``Paragraph 4 of Article 97-1`` are 97, 1 and 4, whatever the order. The units
(條/条 article or rule, 項 paragraph, 款 subparagraph, 目 item, 章 chapter, 節
section, 編 part) are not compared, because the PRC and Taiwan name the same
units differently (PRC 款 is a paragraph, 项 an item). Spaced numerals (``第 一 節``)
and Roman chapter numbers (``Chapter II``) are read too. ROC-era years
(``民國111年``, ``中華民國一百十一年五月四日``) are years of the Common Era plus 1911,
fractions (``三分之一``, ``one third``, ``2/3``, ``two-thirds``) are their values.
Traditional Chinese is read through its Simplified view, so ``萬``, ``條`` and
``個`` count like ``万``, ``条`` and ``个``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

QuantityKind = Literal["number", "percent", "points"]
QuantityRole = Literal["amount", "year", "ordinal", "date"]

_ZH_SCALES = {"百": Decimal(100), "千": Decimal(1000), "万": Decimal(10) ** 4, "十万": Decimal(10) ** 5,
              "百万": Decimal(10) ** 6, "千万": Decimal(10) ** 7, "亿": Decimal(10) ** 8,
              "万亿": Decimal(10) ** 12}
_EN_SCALES = {"hundred": Decimal(100), "thousand": Decimal(1000), "million": Decimal(10) ** 6,
              "billion": Decimal(10) ** 9, "bn": Decimal(10) ** 9, "trillion": Decimal(10) ** 12}
_MONTHS = {m: i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"], start=1)}
_MONTHS.update({m[:3]: i for m, i in _MONTHS.items()} | {"Sept": 9})

# Full-width digits and signs map one to one onto ASCII, so offsets stay valid.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９％．，－：", "0123456789%.,-:")
# Units written against the digits (20cm, 1GeV, 5mg): the number still counts. "5G" does not.
_GLUED_UNIT = re.compile(r"(?:cm|mm|km|kg|mg|ml|mL|mol|kWh|rpm|dB|ppm|[kMGTmμnp]?(?:eV|Hz|W|J|V|Pa|m|g|L)|[mμn]s|K|h)"
                         r"(?![A-Za-z])")

# Measure words (and 年/月/日/届/大 …) after which a Chinese numeral is a count.
_ZH_MEASURES = set("个件项家宗批届次年月日号名人位所支份场类条倍大期天周种股台座款例起篇部本册处只套组轮张"
                   "元美岁米克吨毫厘升秒层户亩棵双对世")
_ZH_NUMERAL_RUN = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_ZH_DIGITS = re.compile(
    r"(?<![A-Za-z0-9.])(?<![A-Za-z]-)(?P<neg>-(?=\d))?(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)(?![0-9])"
    r"\s*(?P<approx>多|余)?(?P<scale>万亿|十万|百万|千万|亿|万|千(?![米克瓦])|百(?!分))?(?P<approx2>多|余)?"
    r"(?P<unit>%|个百分点|百分点)?")
_ZH_PERCENT_WORDS = re.compile(r"百分之(?P<num>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+)")
_ZH_UP = ("增长", "增加", "上升", "提高", "提升", "上涨", "增", "升", "涨")
_ZH_DOWN = ("下降", "减少", "降低", "下滑", "回落", "下跌", "萎缩", "降", "减", "跌")
_ZH_LIST_GLUE = re.compile(r"\s*[、和及与]\s*")

_EN_DIGITS = re.compile(
    r"(?:(?<![\w.])|(?<=RMB)|(?<=USD)|(?<=HKD)|(?<=EUR)|(?<=US\$)|(?<=HK\$))(?<![A-Za-z]-)"
    r"(?:(?<![\w.\-])(?P<neg>-))?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?![\d.,])|\d+(?:\.\d+)?)"
    r"(?P<ord>st|nd|rd|th)?(?![\w,]\d)"
    r"(?:[\s-]*(?P<scale>hundred|thousand|million|billion|trillion|bn)\b)?"
    r"(?:\s*(?P<unit>%|per ?cent\b|percentage points?\b|pp\b|ppts?\b))?", re.IGNORECASE)
_EN_WORD_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                  "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_EN_WORD_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_EN_WORD_NUMBER = re.compile(
    r"\b(?:(?:{tens})(?:[- ](?:{units}))?|{units})(?:\s+(?:hundred|thousand|million|billion|trillion))*\b".format(
        tens="|".join(_EN_WORD_TENS), units="|".join(_EN_WORD_UNITS)), re.IGNORECASE)
_EN_ORDINAL_UNITS = {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth".split(), start=1)}
_EN_ORDINAL_TENS = {w: 10 * i for i, w in enumerate(
    "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split(), start=2)}
_EN_ORDINAL_WORD = re.compile(
    r"\b(?:(?P<tens>{tens})[- ](?P<unit>{units})|(?P<alone>{units}|{tens_ord}))\b".format(
        tens="|".join(_EN_WORD_TENS), units="|".join(list(_EN_ORDINAL_UNITS)[:9]),
        tens_ord="|".join(list(_EN_ORDINAL_UNITS) + list(_EN_ORDINAL_TENS))), re.IGNORECASE)
_EN_PERCENT_AFTER_WORDS = re.compile(r"\s*(?:%|per ?cent\b)", re.IGNORECASE)
# Month names; abbreviations only before a day or year; "May" only where it cannot be the verb.
_EN_MONTH = re.compile(
    r"\b(?:(?:January|February|March|April|June|July|August|September|October|November|December)\b|"
    r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.(?=\s*\d)|"
    r"May(?=,?\s+\d)|(?<=[a-z] )May\b|(?<=-)May\b)")
_EN_UP = re.compile(r"\b(?:up|increase[sd]?|increasing|rise|rises|rose|risen|rising|grew|grown|"
                    r"grows?|growth|gain(?:ed|s)?|higher|jump(?:ed|s)?)\b", re.IGNORECASE)
_EN_DOWN = re.compile(r"\b(?:down|decrease[sd]?|decreasing|decline[sd]?|declining|fell|fall|falls|"
                      r"fallen|falling|drop(?:ped|s)?|lower|reduction|reduced|shrank|slid)\b",
                      re.IGNORECASE)
_EN_LIST_GLUE = re.compile(r"\s*(?:,|,?\s*and|,?\s*or)\s*", re.IGNORECASE)
_EN_DIRECTION_TAIL = re.compile(r"\s*(?:\b(?:YoY|year-on-year|by|of|to|at|about|nearly|over|"
                                r"around|some|approximately|a|an)\b\s*){0,4}$", re.IGNORECASE)
# 1970s, '90s, 90s: the decade, compared as its last two digits with 70年代.
_EN_DECADE = re.compile(r"(?<![\w.])'?(?P<num>(?:19|20)?\d0)s\b")
# "two decades" is 20 years, "a million" is 1,000,000.
_EN_DECADES_WORD = re.compile(r"\s+decades?\b", re.IGNORECASE)
_EN_A_SCALE = re.compile(r"\ban? (?P<scale>hundred|thousand|million|billion|trillion)\b", re.IGNORECASE)
# A list or heading number at the start of a segment ("1.", "2、", "(3)", "1.1 "): structure, not a quantity.
_LIST_MARKER = re.compile(r"\s*(?:[(（]?\d+[.、)）](?!\d)|\d+(?:\.\d+)+\s+"
                          r"(?=[\u4e00-\u9fffA-Z])(?![万亿千百]|(?:Hundred|Thousand|Million|Billion|Trillion|Per)\b))")
# Enumerators inside a sentence: (1) (2), （一）, ①: structure, written differently in each language.
_ENUMERATOR = re.compile(r"[(（](?:\d{1,2}|[一二三四五六七八九十]{1,2})[)）]|[\u2460-\u2473\u2776-\u277f]")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)

_ZH_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千"
# 第N条之M第K项: a reference to a numbered part of a law; spaces may stand between the numerals.
_ZH_LEGAL_PART = re.compile(
    rf"第\s*(?P<num>[\d{_ZH_NUMERAL_CHARS}](?:\s*[\d{_ZH_NUMERAL_CHARS}])*)\s*(?P<unit>条|项|款|目(?![标的录前])|章|节|编)"
    rf"(?:\s*之\s*(?P<sub>[\d{_ZH_NUMERAL_CHARS}]+))?")
# A year of the Republic of China calendar: 1912 is its first year.
ROC_YEAR_OFFSET = 1911
_ZH_ROC_YEAR = re.compile(rf"(?:中华)?民国\s*(?P<num>\d{{1,3}}|[{_ZH_NUMERAL_CHARS}]+)\s*年")
# After an ROC year, a later "N年M月" of the same sentence is in that calendar too (自一百十二年七月一日施行).
_ZH_ROC_LATER_YEAR = re.compile(
    rf"(?<![\d{_ZH_NUMERAL_CHARS}])(?P<num>\d{{1,3}}|[{_ZH_NUMERAL_CHARS}]+)\s*年(?=\s*(?:\d{{1,2}}|[一二三四五六七八九十]+)\s*月)")
# M分之N is N/M; 百分之 is a percentage and handled as one.
_ZH_FRACTION = re.compile(rf"(?P<den>\d+|[{_ZH_NUMERAL_CHARS}]+)分之(?P<num>\d+(?:\.\d+)?|[{_ZH_NUMERAL_CHARS}]+)")
# Fractions are compared to this many places, so 1/3 written either way is the same value.
_FRACTION_PLACES = Decimal("0.000001")
_FRACTION_QUANTUM = Decimal("0.001")
_EN_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
                    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
                    "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
                    "tenth": 10, "tenths": 10}
_EN_SMALL_NUMBERS = {w: i for i, w in enumerate("one two three four five six seven eight nine".split(), start=1)}
_EN_FRACTION_WORDS = re.compile(
    rf"\b(?:(?P<num>{'|'.join(_EN_SMALL_NUMBERS)})[- ](?P<den>{'|'.join(_EN_DENOMINATORS)})\b"
    r"|(?:an? |(?=half))(?P<den_a>half|third|quarter|fourth|fifth)(?= of\b))", re.IGNORECASE)
_EN_FRACTION_DIGITS = re.compile(r"(?<![\w./])(?P<num>\d{1,3})/(?P<den>\d{1,3})(?![\w/]|\.\d)"
                                 r"|(?<![\w.,])(?:1|[Oo]ne) in (?P<den_in>\d{1,4})(?![\d,.])")
# "Article 48-9", "Paragraphs 2 and 3 of Article 48", "Chapter II", "Rules 13 to 23": references to parts.
_EN_PART_NUMBER = r"(?:\d+(?:-\d+)?(?!\.?\d)|[IVXLC]+\b)"  # not "Section 10.7": that is a number
_EN_LEGAL_PART = re.compile(
    r"\b(?:[Aa]rticles?|[Pp]aragraphs?|[Ss]ubparagraphs?|[Ii]tems?|[Cc]hapters?|[Ss]ections?|[Ss]ubsections?|"
    r"[Pp]arts?|[Rr]ules?)"
    rf"\s+(?P<list>{_EN_PART_NUMBER}(?:(?:\s*,\s*|,?\s+(?:and|or|to|through)\s+){_EN_PART_NUMBER})*)")
_EN_PART_PIECE = re.compile(r"\d+|[IVXLC]+")
_ROMAN_NUMERAL = re.compile(r"C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


@dataclass(frozen=True)
class Quantity:
    """One quantity found in a sentence."""

    value: Decimal          # absolute value with its scale applied
    kind: QuantityKind
    role: QuantityRole
    soft: bool              # written in words: may match, never reported missing
    direction: int          # +1 up, -1 down, 0 no direction stated (rates only)
    quantum: Decimal        # one unit of the last written digit, for rounding tolerance
    text: str               # as written
    start: int
    end: int

    @property
    def key(self) -> tuple[str, Decimal]:
        return self.kind, self.value.normalize()

    @property
    def is_rate(self) -> bool:
        return self.kind != "number"

    def matches(self, other: Quantity) -> bool:
        """Same kind and equal, or equal once the more precise one is rounded."""
        if self.kind != other.kind:
            return False
        return abs(self.value - other.value) * 2 <= max(self.quantum, other.quantum)


def format_quantity(q: Quantity) -> str:
    """The quantity as a reader would check it: 22.89%, 0.2 percentage points, 381,776,700."""
    value = q.value.normalize()
    text = f"{value:,f}"
    if q.kind == "percent":
        return f"{text}%"
    if q.kind == "points":
        return f"{text} percentage points"
    return text


def _decimal_places(digits: str) -> int:
    return len(digits.split(".")[1]) if "." in digits else 0


def _cn_numeral(run: str) -> tuple[int, int] | None:
    """The value of the longest prefix of a Chinese numeral run, and its length."""
    import cn2an  # imported here: it takes half a second to load

    for length in range(len(run), 0, -1):
        try:
            value = cn2an.cn2an(run[:length].replace("〇", "零"), "normal")
        except (ValueError, KeyError):
            continue
        return int(value), length
    return None


def _direction_before(text: str, gap_start: int, at: int, lang: str) -> int:
    """+1/-1 if a growth word stands right before position ``at`` (after ``gap_start``)."""
    gap = text[gap_start:at]
    if lang == "zh":
        best, best_end = 0, -1
        for words, sign in ((_ZH_UP, 1), (_ZH_DOWN, -1)):
            for word in words:
                end = gap.rfind(word)
                if end >= 0 and end + len(word) > best_end:
                    best, best_end = sign, end + len(word)
        tail = gap[best_end:] if best_end >= 0 else ""
        if best and len(tail) <= 3 and not re.search(r"[，,；;。：:（(]", tail):
            return best
        return 0
    best, best_end = 0, -1
    for pattern, sign in ((_EN_UP, 1), (_EN_DOWN, -1)):
        for match in pattern.finditer(gap):
            if match.end() > best_end:
                best, best_end = sign, match.end()
    if best and _EN_DIRECTION_TAIL.fullmatch(gap[best_end:]):
        return best
    return 0


def _assign_directions(text: str, found: list[tuple[Quantity, bool]], lang: str) -> list[Quantity]:
    """Give each rate the direction stated before it; list items inherit (``up 1%, 2% and 3%``)."""
    glue = _ZH_LIST_GLUE if lang == "zh" else _EN_LIST_GLUE
    result: list[Quantity] = []
    previous_end, previous_word = 0, 0
    for quantity, negative in found:
        word = 0
        if quantity.is_rate:
            word = _direction_before(text, previous_end, quantity.start, lang)
            if not word and result and result[-1].is_rate and glue.fullmatch(text[previous_end:quantity.start]):
                word = previous_word
            direction = (word or 1) * (-1 if negative else 1) if (word or negative) else 0
            quantity = replace(quantity, direction=direction)
        result.append(quantity)
        previous_end, previous_word = quantity.end, word
    return result


def _prepare(text: str) -> str:
    """Full-width digits to ASCII; URLs, enumerators and a leading list number blanked; same length."""
    text = text.translate(_FULL_WIDTH)
    text = _URL.sub(lambda m: " " * len(m.group()), text)
    text = _ENUMERATOR.sub(lambda m: " " * len(m.group()), text)
    marker = _LIST_MARKER.match(text)
    if marker:
        text = " " * marker.end() + text[marker.end():]
    return text


def zh_quantities(text: str) -> list[Quantity]:
    """Quantities in Chinese text, in order: digits with 万/亿 scales, 百分点, numerals with measure words,
    references to parts of a law, ROC-era years and fractions. Traditional text is read through its
    Simplified view; each quantity's ``text`` is as written."""
    from parallel_corpus.script import simplified_view

    original = text
    text = _prepare(simplified_view(text))
    found: list[tuple[Quantity, bool]] = []
    taken: list[tuple[int, int]] = []
    for m in _ZH_PERCENT_WORDS.finditer(text):
        raw = m.group("num")
        if raw[0].isdigit():
            value, places, soft = Decimal(raw), _decimal_places(raw), False
        else:
            parsed = _zh_integer(raw)
            if parsed is None:
                continue
            value, places, soft = Decimal(parsed), 0, True
        found.append((Quantity(value, "percent", "amount", soft, 0, Decimal(1).scaleb(-places),
                               m.group(), m.start(), m.end()), False))
        taken.append(m.span())
    for quantity in _zh_legal_parts(text) + _zh_roc_years(text) + _zh_fractions(text, taken):
        found.append((quantity, False))
        taken.append((quantity.start, quantity.end))
    for m in _ZH_DIGITS.finditer(text):
        if any(s <= m.start() < e for s, e in taken) or _is_code(text, m.end("num")):
            continue
        if m.group("neg") and not m.group("unit") and re.match(r"[^\W\d_]", text[m.start() - 1:m.start()]):
            continue  # 白细胞介素-10: a name's number; a minus sign only counts on a rate (增长-8.43%)
        digits = m.group("num").replace(",", "")
        if text[m.start() - 1:m.start()] == ":" and Decimal(digits) == 0:
            continue  # the minutes of 10:00
        scale = _ZH_SCALES.get(m.group("scale") or "", Decimal(1))
        unit = m.group("unit") or ""
        kind: QuantityKind = "percent" if unit == "%" else "points" if unit else "number"
        following = text[m.end():m.end() + 1]
        if text.startswith("年代", m.end()) and kind == "number" and scale == 1:
            found.append((Quantity(Decimal(int(Decimal(digits)) % 100), "number", "year", False, 0, Decimal(1),
                                   text[m.start():m.end() + 2], m.start(), m.end() + 2), False))
            taken.append((m.start(), m.end() + 2))
            continue
        if text[max(0, m.start() - 1):m.start()] == "第":
            role: QuantityRole = "ordinal"
        elif text.startswith("世纪", m.end()):
            role = "year"  # 20世纪: a century, context like a year
        elif (kind == "number" and scale == 1 and re.fullmatch(r"(19|20)\d\d|2100", m.group("num"))
              and following not in _ZH_MEASURES - {"年"}):
            role = "year"
        else:
            role = "amount"
        end = m.end() if (m.group("scale") or unit or m.group("approx") or m.group("approx2")) else m.end("num")
        found.append((Quantity(Decimal(digits) * scale, kind, role, False, 0,
                               Decimal(1).scaleb(-_decimal_places(digits)) * scale,
                               text[m.start():end], m.start(), end), bool(m.group("neg"))))
        taken.append((m.start(), end))
    for m in _ZH_NUMERAL_RUN.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        found.extend((q, False) for q in _zh_numeral_quantities(text, m.group(), m.start()))
    found.sort(key=lambda item: item[0].start)
    return [replace(q, text=original[q.start:q.end]) for q in _assign_directions(text, found, "zh")]


def _zh_integer(raw: str) -> int | None:
    """The value of a whole numeral in digits or Chinese (spaces ignored), else None."""
    raw = re.sub(r"\s+", "", raw)
    if raw.isdigit():
        return int(raw)
    if raw[:1] in ("百", "千"):
        raw = "一" + raw  # 百分之百: a bare 百 is one hundred
    parsed = _cn_numeral(raw)
    return parsed[0] if parsed and parsed[1] == len(raw) else None


def _ordinal(value: int, text: str, start: int, end: int) -> Quantity:
    """A reference to a numbered part: written out, so it counts like digits; an ordinal, so it is context."""
    return Quantity(Decimal(value), "number", "ordinal", False, 0, Decimal(1), text[start:end], start, end)


def _zh_legal_parts(text: str) -> list[Quantity]:
    """第四十八条之九 is the ordinals 48 and 9; 第 一 节 is 1."""
    found = []
    for m in _ZH_LEGAL_PART.finditer(text):
        number = _zh_integer(m.group("num"))
        if number is None:
            continue
        found.append(_ordinal(number, text, m.start(), m.end("unit")))
        if m.group("sub"):
            sub = _zh_integer(m.group("sub"))
            if sub is not None:
                found.append(_ordinal(sub, text, m.end("unit"), m.end()))
    return found


def _zh_roc_years(text: str) -> list[Quantity]:
    """民国111年 is 2022; a later N年M月 of the same sentence is in the same calendar."""
    found = list(_ZH_ROC_YEAR.finditer(text))
    if found:
        spans = [m.span() for m in found]
        found += [m for m in _ZH_ROC_LATER_YEAR.finditer(text, found[0].end())
                  if not any(s <= m.start() < e for s, e in spans)]
    result = []
    for m in found:
        year = _zh_integer(m.group("num"))
        if year is not None and 0 < year <= 200:
            result.append(Quantity(Decimal(year + ROC_YEAR_OFFSET), "number", "year", False, 0, Decimal(1),
                                   text[m.start():m.end()], m.start(), m.end()))
    return result


def _fraction(numerator: Decimal, denominator: int, soft: bool, text: str, start: int, end: int) -> Quantity:
    value = (numerator / Decimal(denominator)).quantize(_FRACTION_PLACES)
    return Quantity(value, "number", "amount", soft, 0, _FRACTION_QUANTUM, text[start:end], start, end)


def _zh_fractions(text: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    """三分之一 is 1/3; 千分之五 is 0.5 %."""
    found = []
    for m in _ZH_FRACTION.finditer(text):
        if any(s <= m.start() < e for s, e in taken) or m.group("den") == "百":
            continue
        denominator = _zh_integer(m.group("den"))
        raw = m.group("num")
        numerator = Decimal(raw) if raw[0].isdigit() else _zh_integer(raw)
        if not denominator or numerator is None:
            continue
        if denominator == 1000:
            found.append(Quantity(Decimal(numerator) / 10, "percent", "amount", False, 0, Decimal("0.1"),
                                  m.group(), m.start(), m.end()))
        else:
            found.append(_fraction(Decimal(numerator), denominator, False, text, m.start(), m.end()))
    return found


def _zh_numeral_quantities(text: str, run: str, start: int) -> list[Quantity]:
    """Counts written in Chinese numerals: 第十九届, 三年, 每万人口; 十四五 reads as 14 and 5."""
    before = text[start - 1:start] if start else ""
    if before == "每" and run in _ZH_SCALES:
        value = _ZH_SCALES[run]
        return [Quantity(value, "number", "amount", True, 0, value, run, start, start + len(run))]
    pieces: list[tuple[int, int, int]] = []
    offset = 0
    while offset < len(run):
        parsed = _cn_numeral(run[offset:])
        if parsed is None:
            break
        pieces.append((parsed[0], start + offset, start + offset + parsed[1]))
        offset += parsed[1]
    end = start + offset
    after = text[end + 1:end + 2] if text[end:end + 1] in ("多", "余") else text[end:end + 1]
    if not pieces:
        return []
    if after == "成" and len(pieces) == 1:  # 七成 is 70 %
        tenths, s, e = pieces[0]
        return [Quantity(Decimal(tenths * 10), "percent", "amount", True, 0, Decimal(10), text[s:e + 1], s, e + 1)]
    parsed_run = run[:offset]
    # 三十, 四百五十: a compound numeral is a number whatever follows it (三十工作日).
    scaled = (len(parsed_run) > 1 and parsed_run[0] in "一二两三四五六七八九十"
              and any(c in "十百千万亿" for c in parsed_run))
    if before != "第" and after not in _ZH_MEASURES and after not in "”\"" and not scaled:
        return []
    role: QuantityRole = "ordinal" if before == "第" else "amount"
    return [Quantity(Decimal(value), "number", role, True, 0, Decimal(1), text[s:e], s, e)
            for value, s, e in pieces]


def _is_code(text: str, end: int) -> bool:
    """Digits followed by letters that are not a unit: part of a code such as 5G or A4."""
    return bool(re.match(r"[A-Za-z]", text[end:end + 1])) and not _GLUED_UNIT.match(text, end)


def _decades(text: str, end: int) -> int:
    """10 when the number at ``end`` counts decades ("two decades" is 20 years), else 1."""
    return 10 if _EN_DECADES_WORD.match(text, end) else 1


def en_quantities(text: str) -> list[Quantity]:
    """Quantities in English text, in order: digits with million/billion, %, percentage points, number words, months."""
    from text_to_num import text2num

    text = _prepare(text)
    found: list[tuple[Quantity, bool]] = []
    taken: list[tuple[int, int]] = []
    for quantity in _en_legal_parts(text) + _en_fractions(text):
        found.append((quantity, False))
        taken.append((quantity.start, quantity.end))
    for m in _EN_DIGITS.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        digits = re.sub(r"[, \u00a0\u2009\u202f]", "", m.group("num"))
        scale_word = (m.group("scale") or "").lower()
        unit = (m.group("unit") or "").lower()
        if not (scale_word or unit or m.group("ord")) and _is_code(text, m.end("num")):
            continue
        if text[m.start() - 1:m.start()] == ":" and Decimal(digits) == 0:
            continue  # the minutes of 10:00
        scale = _EN_SCALES.get(scale_word, Decimal(1)) * _decades(text, m.end())
        kind: QuantityKind = ("points" if unit.startswith(("percentage", "pp")) else
                              "percent" if unit else "number")
        if m.group("ord"):
            role: QuantityRole = "ordinal"
        elif kind == "number" and scale == 1 and re.fullmatch(r"(19|20)\d\d|2100", m.group("num")):
            role = "year"
        else:
            role = "amount"
        found.append((Quantity(Decimal(digits) * scale, kind, role, False, 0,
                               Decimal(1).scaleb(-_decimal_places(digits)) * scale,
                               m.group().strip(), m.start(), m.end()), bool(m.group("neg"))))
        taken.append(m.span())
    for m in _EN_ORDINAL_WORD.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        if m.group("alone"):
            word = m.group("alone").lower()
            value = _EN_ORDINAL_UNITS.get(word) or _EN_ORDINAL_TENS[word]
        else:
            value = 10 * (_EN_WORD_TENS.index(m.group("tens").lower()) + 2) + _EN_ORDINAL_UNITS[m.group("unit").lower()]
        found.append((Quantity(Decimal(value), "number", "ordinal", True, 0, Decimal(1),
                               m.group(), m.start(), m.end()), False))
        taken.append(m.span())
    for m in _EN_WORD_NUMBER.finditer(text):
        if any(s <= m.start() < e or m.start() <= s < m.end() for s, e in taken):
            continue
        words, multiplier = m.group().lower(), _decades(text, m.end())
        if words.endswith("trillion"):  # text2num stops at billions
            words, multiplier = words[:-len("trillion")].strip(), multiplier * 10 ** 12
        try:
            value = text2num(words, "en") * multiplier
        except ValueError:
            continue
        percent = _EN_PERCENT_AFTER_WORDS.match(text, m.end())
        end = percent.end() if percent else m.end()
        found.append((Quantity(Decimal(value), "percent" if percent else "number", "amount", True, 0, Decimal(1),
                               text[m.start():end], m.start(), end), False))
    for m in _EN_A_SCALE.finditer(text):
        scale = _EN_SCALES[m.group("scale").lower()]
        found.append((Quantity(scale, "number", "amount", True, 0, scale, m.group(), m.start(), m.end()), False))
    for m in _EN_DECADE.finditer(text):
        found.append((Quantity(Decimal(int(m.group("num")) % 100), "number", "year", False, 0, Decimal(1),
                               m.group(), m.start(), m.end()), False))
    for m in _EN_MONTH.finditer(text):
        found.append((Quantity(Decimal(_MONTHS[m.group().rstrip(".")]), "number", "date", True, 0, Decimal(1),
                               m.group(), m.start(), m.end()), False))
    found.sort(key=lambda item: item[0].start)
    return _assign_directions(text, found, "en")


def _roman(numeral: str) -> int | None:
    """The value of a well-formed Roman numeral up to 399, else None."""
    if not _ROMAN_NUMERAL.fullmatch(numeral):
        return None
    values = [_ROMAN[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _en_legal_parts(text: str) -> list[Quantity]:
    """Article 48-9 is the ordinals 48 and 9; Chapter II is 2; Paragraphs 2 and 3 are 2 and 3."""
    found = []
    for m in _EN_LEGAL_PART.finditer(text):
        offset = m.start("list")
        for piece in _EN_PART_PIECE.finditer(m.group("list")):
            raw = piece.group()
            value = int(raw) if raw.isdigit() else _roman(raw)
            if value:
                found.append(_ordinal(value, text, offset + piece.start(), offset + piece.end()))
    return found


def _en_fractions(text: str) -> list[Quantity]:
    """2/3, 1 in 10, two-thirds, one third, a quarter of: their values; the words are soft like other number words."""
    found = []
    for m in _EN_FRACTION_DIGITS.finditer(text):
        numerator, denominator = (m.group("num"), m.group("den")) if m.group("den") else ("1", m.group("den_in"))
        if int(denominator) > 1:
            found.append(_fraction(Decimal(numerator), int(denominator), False, text, m.start(), m.end()))
    for m in _EN_FRACTION_WORDS.finditer(text):
        numerator = _EN_SMALL_NUMBERS[m.group("num").lower()] if m.group("num") else 1
        denominator = _EN_DENOMINATORS[(m.group("den") or m.group("den_a")).lower()]
        found.append(_fraction(Decimal(numerator), denominator, True, text, m.start(), m.end()))
    return found
