"""Quantity extraction and normalisation, one rule at a time.

Each rule has a real example from corpus/guangdong-ipr-2021.zh-en.txt and an invented one.
"""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parallel_corpus.numbers import en_quantities, format_quantity, zh_quantities


def values(quantities, *, hard_only=False):
    return [(q.kind, q.value.normalize()) for q in quantities if not (hard_only and q.soft)]


def D(text):
    return Decimal(text).normalize()


@pytest.mark.parametrize("zh, en, expected", [
    # thousands separators (real)
    ("新收各类知识产权案件196796件", "accepted 196,796 IP cases", D(196796)),
    # invented: full-width digits and a Chinese thousands comma
    ("共１２，３４５件", "12,345 items", D(12345)),
    # 万 and decimals (real): 38177.67万元 = RMB 381,776,700
    ("案值38177.67万元", "with a value of RMB 381,776,700", D(381776700)),
    # 万 against million (real)
    ("全省累计专利授权量462.71万件", "there were 4.6271 million patents granted", D(4627100)),
    # 亿 against billion (real)
    ("合同成交额4292.73亿元", "the value of the contracts was RMB 429.273 billion", D("429273000000")),
    # 亿 against million (real)
    ("全球专利数据达到1.46亿条", "up to 146 million worldwide patent documents", D(146000000)),
    # 千 after digits (real)
    ("提供相关咨询近1千件次", "provided nearly 1,000 IP-related consultations", D(1000)),
    # 多 (more than) against over (real)
    ("为省内1500多万市场主体", "for over 15 million market entities", D(15000000)),
    # 近 (nearly) against about (real)
    ("累计融资规模近70亿元", "with a total financing scale of about RMB 7 billion", D(7000000000)),
    # invented: 万亿 and trillion
    ("规模达1.2万亿元", "a scale of RMB 1.2 trillion", D("1200000000000")),
    # invented: 百万 and a currency code written against the digits
    ("融资3百万元", "financing of RMB3 million", D(3000000)),
    ("投资2千万美元", "an investment of US$20 million", D(20000000)),
])
def test_scaled_numbers_normalise_to_the_same_value(zh, en, expected):
    assert ("number", expected) in values(zh_quantities(zh))
    assert ("number", expected) in values(en_quantities(en))


@pytest.mark.parametrize("zh, en, kind, expected", [
    ("同比增长22.89%", "up by 22.89% YoY", "percent", D("22.89")),              # real
    ("比全国平均水平高0.20个百分点", "0.20 percentage points higher", "points", D("0.2")),  # real
    ("占比百分之二十", "accounting for 20 per cent", "percent", D(20)),           # invented
    ("提高1.5百分点", "up 1.5 percentage point", "points", D("1.5")),            # invented
    ("提高0.3个百分点", "up 0.3 pp", "points", D("0.3")),                         # invented
])
def test_percentages_and_percentage_points(zh, en, kind, expected):
    assert values(zh_quantities(zh)) == [(kind, expected)]
    assert values(en_quantities(en)) == [(kind, expected)]


def test_percent_and_points_are_different_kinds():
    zh = zh_quantities("高0.5个百分点")[0]
    en = en_quantities("0.5% higher")[0]
    assert not zh.matches(en)


@pytest.mark.parametrize("zh, expected", [
    ("党的十九大和十九届历次全会精神", [19, 19]),                # real: 大 and 届 make counts
    ("第二十五次集体学习", [25]),                               # real: 第 makes an ordinal
    ("“十四五”国家知识产权保护和运用规划", [14, 5]),            # real: the 14th five-year plan
    ("连续两年获评", [2]),                                      # real: 两
    ("新建省级高价值专利培育布局中心四十个", [40]),             # invented
    ("全省每万人口发明专利拥有量34.89件", [10000, D("34.89")]),  # real: 每万 is per 10,000
])
def test_chinese_numerals_with_measure_words(zh, expected):
    assert [v for _, v in values(zh_quantities(zh))] == [D(x) for x in expected]


@pytest.mark.parametrize("zh", [
    "进一步健全地方知识产权保护法规体系",   # real: 一 inside a word
    "实现专利、商标“一窗通办”",            # real
    "统一办理知识产权诉讼案件",            # real
    "组织“知识产权服务万里行”活动",        # real: a campaign name
    "一般作品登记量",                      # real
])
def test_numerals_inside_words_are_not_quantities(zh):
    assert zh_quantities(zh) == []


@pytest.mark.parametrize("en, expected", [
    ("In 2021, three products had been put under GI protection", [2021, 3]),  # real
    ("the 14th Five-Year Plan", [14, 5]),                                    # real
    ("twenty-five workshops and one hundred visits", [25, 100]),             # invented
    ("ranking second in the country", [2]),                                  # real
])
def test_english_number_words(en, expected):
    found = en_quantities(en)
    assert [int(q.value) for q in found] == expected
    assert [q.soft for q in found if not q.text[0].isdigit()] == [True] * sum(1 for q in found if not q.text[0].isdigit())


def test_years_ranges_and_dates():
    zh = zh_quantities("《知识产权强国建设纲要（2021—2035年）》，将于5月1日起施行")
    en = en_quantities("the Outline (2021-2035), which would come into force on May 1")
    assert [(q.role, int(q.value)) for q in zh] == [("year", 2021), ("year", 2035), ("amount", 5), ("amount", 1)]
    assert [(q.role, int(q.value)) for q in en] == [("year", 2021), ("year", 2035), ("date", 5), ("amount", 1)]
    # a range dash is not a minus sign
    assert all(q.direction == 0 for q in en)
    # invented: a count that looks like a year keeps its role when it has a measure word or a comma
    assert zh_quantities("受理2021件")[0].role == "amount"
    assert en_quantities("2,021 cases")[0].role == "amount"


def test_month_may_is_only_a_date_before_a_day():
    assert en_quantities("the platform may be used") == []
    assert int(en_quantities("on May 1")[0].value) == 5


@pytest.mark.parametrize("text", [
    "5G networks and COVID-19",                                            # invented: codes
    "see http://amr.gd.gov.cn/gkmlpt/content/3/3617/post_3617742.html",    # real: a URL
])
def test_codes_and_urls_are_not_quantities(text):
    assert en_quantities(text) == []
    assert zh_quantities(text) == []


def test_direction_from_growth_words_and_minus_signs():
    # real: 同比分别增长-8.43%、63.60%、-17.95% is down, up, down
    zh = [q.direction for q in zh_quantities("同比分别增长-8.43%、63.60%、-17.95%") if q.is_rate]
    en = [q.direction for q in en_quantities("down 8.43%, up 63.60% and down 17.95% YoY, respectively") if q.is_rate]
    assert zh == en == [-1, 1, -1]
    # real: a list after one growth word inherits it
    assert [q.direction for q in en_quantities("up 0.30%, 6.86% and 225%, respectively")] == [1, 1, 1]
    assert [q.direction for q in zh_quantities("同比分别增长0.30%、6.86%、225%")] == [1, 1, 1]
    # invented: 下降, decline, and a rate with no growth word
    assert zh_quantities("同比下降3.2%")[0].direction == -1
    assert en_quantities("a decline of 3.2%")[0].direction == -1
    assert zh_quantities("占全国总量的18.06%")[0].direction == 0
    assert en_quantities("accounting for 18.06% of the national total")[0].direction == 0


def test_rounding_tolerance_follows_the_written_precision():
    [zh] = zh_quantities("139.8万件")
    [en] = en_quantities("1.4 million items")
    assert zh.matches(en) and en.matches(zh)
    [wrong] = en_quantities("1.3 million items")
    assert not zh.matches(wrong)
    [a], [b] = zh_quantities("30宗"), en_quantities("31 cases")
    assert not a.matches(b)


def test_format_quantity():
    assert format_quantity(zh_quantities("38177.67万元")[0]) == "381,776,700"
    assert format_quantity(zh_quantities("增长22.89%")[0]) == "22.89%"
    assert format_quantity(en_quantities("0.20 percentage points")[0]) == "0.2 percentage points"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789,.%-—万亿千百十一二两三第年月件个 upby%downpercent million"),
               max_size=30))
def test_extraction_never_fails_and_stays_inside_the_text(text):
    for found in (zh_quantities(text), en_quantities(text)):
        for q in found:
            assert 0 <= q.start < q.end <= len(text)
            assert q.value >= 0 and q.quantum > 0


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
       st.sampled_from([("万", 4, "million", 6), ("亿", 8, "billion", 9), ("万", 4, "", 0)]))
def test_chinese_scales_equal_english_scales(amount, scales):
    zh_scale, zh_exp, en_scale, en_exp = scales
    en_amount = (amount.scaleb(zh_exp - en_exp)).normalize()
    en_text = f"{en_amount:,f} {en_scale} items".replace("  ", " ")
    [zh] = zh_quantities(f"共{amount}{zh_scale}件")
    [en] = en_quantities(en_text)
    assert zh.value == en.value and zh.matches(en)


@pytest.mark.parametrize("zh, en", [
    ("20世纪60年代末", "the late 1960s in the twentieth century"),      # invented: centuries and decades
    ("1990年代", "the '90s"),                                          # invented
    ("过去20多年间", "over the past two decades"),                     # invented: decades as years
    ("有七成可能", "a 70% chance"),                                     # invented: 成 is tenths
    ("贷款四亿美元", "a loan of $400 million"),                         # invented: numerals with 亿
    ("只有一千多人", "just over 1,000 people"),                         # invented: 一千多
    ("有22%的公众", "Twenty-two percent of the public"),               # invented: a percentage in words
    ("面积为100cm2，间距为20cm", "an area of 100 cm2, 20 cm apart"),    # invented: units against digits
    ("温度为2.726K", "a temperature of 2.7255 K"),                      # invented: rounding and a glued unit
    ("1964年1月12日", "on Jan. 12, 1964"),                              # invented: abbreviated month
    ("从早上7：30到晚上10：00", "from 7:30 a.m. to 10 p.m."),            # invented: clock times
    ("大约100000个粒子", "nearly 100 000 particles"),                   # invented: space-grouped digits
    ("13亿多人", "1.3-billion-plus people"),                           # invented: hyphenated scale
])
def test_more_written_forms_agree(zh, en):
    from parallel_corpus.qa import check_pair

    assert check_pair(zh, en) == []


def test_ordinal_words_do_not_double_count():
    assert [(q.role, int(q.value)) for q in en_quantities("the twenty-first century")] == [("ordinal", 21)]


@pytest.mark.parametrize("zh, en", [
    ("1.完备性", "1. Complete"),                                       # invented: list numbers
    ("（2）传递性", "(2) Transitive"),
    ("有三种机制：①隔离；②失活", "three processes: (1) sequestration; (2) anergy"),  # invented
    ("1.1 什么是宇宙线？", "What are cosmic rays?"),                      # invented: a section number
    ("1.2 本书的目标", "1.2 Objective of this book"),
    ("白细胞介素-10的产生", "the production of the cytokine"),           # invented: a name's number
    ("超过1万亿条边", "more than one trillion edges"),                  # invented
    ("约500千米", "about 500 km"),                                      # invented: 千米 is a unit
])
def test_structure_and_names_are_not_quantities(zh, en):
    from parallel_corpus.qa import check_pair

    assert check_pair(zh, en) == []


def test_a_decimal_at_the_start_is_still_a_number():
    assert [int(q.value) for q in en_quantities("3.5 billion yuan")] == [3500000000]
    assert [int(q.value) for q in zh_quantities("3.5 亿元")] == [350000000]
    assert [int(q.value) for q in en_quantities("2021 was a milestone")] == [2021]


@pytest.mark.parametrize("zh, en", [
    ("第 一 節 總則", "Section 1 General Provisions"),                                  # real (Patent Act): spaced numerals
    ("第 二 章 發明專利", "Chapter II Invention Patents"),                               # Roman chapter number
    ("第 3 條", "Article 3"),                                                           # spaced digits
    ("依第四十八條之九規定", "pursuant to Article 48-9"),                                # real: 條之N as N-M
    ("第九十七條之一第四項", "Paragraph 4 of Article 97-1"),                             # real: order differs
    ("依第九十七条之一第四项规定", "under Paragraph 4 of Article 97-1"),                 # Simplified characters
    ("第三十條第一項第九款、第十一款", "Subparagraph 9 or 11 of Paragraph 1 of Article 30"),  # real: 項 款
    ("第二款第三目", "Item 3 of Subparagraph 2"),                                        # 目 = item
    ("第十三條至第二十三條、第三十條", "Rules 13 to 23, and Rule 30"),                    # real: 條 as Rule, ranges
    ("第四十八條第二項、第三項", "Paragraphs 2 and 3 of Article 48"),                    # real: a plural unit
    ("前項第二款之質權", "the pledge referred to in Subparagraph 2 of Paragraph 1"),     # a resolved 前項
    ("依第三条第二款规定", "under item 2 of article 3"),                                 # PRC style, lower case
    ("第二次修正", "the second amendment"),                                             # ordinal words
    ("第二十一屆", "the twenty-first session"),
    ("本細則自中華民國一百零二年一月一日施行。", "These Rules shall enter into force on January 1, 2013."),  # real
    ("民國111年5月4日", "May 4, 2022"),                                                  # ROC era in digits
    ("中華民國一百十一年五月四日修正，自一百十一年七月一日施行", "amended on May 4, 2022, effective July 1, 2022"),
    ("表決權三分之一以上", "one third or more of the voting rights"),                    # fractions
    ("三分之二", "two-thirds"),
    ("三分之二", "2/3"),
    ("不得逾總額二分之一", "may not exceed half of the total"),                           # real
    ("仅有十分之一的成功希望", "a 1 in 10 chance of success"),
    ("百分之百持有之子公司", "its 100% held subsidiary"),                                # real
    ("處新臺幣二十萬元以下罰金", "a fine of not more than NT$200,000"),                   # real: Traditional 萬
    ("受理之日起算三十工作日內", "within a period of 30 working days"),                  # real: a compound numeral
])
def test_legal_numbering_and_calendar_conventions_agree(zh, en):
    from parallel_corpus.qa import check_pair

    assert check_pair(zh, en) == []


@pytest.mark.parametrize("zh, en", [
    ("第四十八條之九", "Article 48-8"),
    ("第 三 章", "Chapter IV"),
    ("民國111年", "in 2021"),
    ("三分之一", "2/3"),
    ("第九十七条之一第四项", "Paragraph 5 of Article 97-1"),
])
def test_legal_numbering_still_catches_a_wrong_number(zh, en):
    from parallel_corpus.qa import check_pair

    assert [f.code for f in check_pair(zh, en)] == ["number-mismatch"]


def test_legal_references_are_hard_ordinals_and_keep_their_text():
    found = zh_quantities("依第九十七條之一第四項")
    assert [(q.role, int(q.value), q.soft, q.text) for q in found] == [
        ("ordinal", 97, False, "第九十七條"), ("ordinal", 1, False, "之一"), ("ordinal", 4, False, "第四項")]
    assert [(q.role, int(q.value)) for q in en_quantities("Paragraph 4 of Article 97-1")] == [
        ("ordinal", 4), ("ordinal", 97), ("ordinal", 1)]
    # a dotted section number is a number, not a reference
    assert [q.value for q in en_quantities("see Section 10.7")] == [Decimal("10.7")]
    # an ROC year reads as its Common Era year
    [year] = [q for q in zh_quantities("中華民國一百十一年") if q.role == "year"]
    assert int(year.value) == 2022 and not year.soft
    # "a third party" is not a fraction
    assert [q.role for q in en_quantities("a third party")] == ["ordinal"]
