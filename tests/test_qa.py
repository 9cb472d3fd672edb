"""QA checks on single pairs and on whole alignments."""

import itertools
import re
from pathlib import Path

import pytest

from builders import alignment_of
from parallel_corpus.qa import check_alignment, check_pair, flag_summary
from parallel_corpus.types import Alignment, Bead, Flag, SegmentedDocument, Sentence


def codes(zh, en):
    return [f.code for f in check_pair(zh, en)]


@pytest.mark.parametrize("zh, en", [
    # real pairs from the sample report: unit conversions that agree
    ("2021年，全省市场监管部门共查处商标案件4001宗，案值38177.67万元，罚没款7118.75万元，移送司法机关159宗，"
     "分别同比增长1.09%、13.60%、13.34%、11.19%；",
     "In 2021, market regulatory departments in Guangdong investigated and dealt with 4,001 trademark cases, "
     "with a value of RMB 381,776,700, and imposed a cumulative fine and confiscation of RMB 71,187,500, "
     "referred 159 cases to judicial authorities, up 1.09%, 13.60%, 13.34% and 11.19% YoY respectively."),
    ("截至2021年底，全省累计专利授权量462.71万件，占全国总量的18.06%；",
     "By the end of 2021, in Guangdong, there were 4.6271 million patents granted, accounting for 18.06% of the national total;"),
    ("为省内1500多万市场主体提供维权援助全流程线上服务。",
     "providing whole-process online IPR protection assistance services for over 15 million market entities in the Province."),
    ("全省新发行32支知识产权证券化产品，累计融资规模近70亿元，金额居全国首位。",
     "Guangdong issued 32 new IP securitization products, with a total financing scale of about RMB 7 billion, ranking first in the country."),
    # real: 增长 with a negative rate is "down"
    ("著作权、商标权、专利权案件分别为134217件、20457件、9647件，同比分别增长-8.43%、63.60%、-17.95%；",
     "there were 134,217 copyright-related cases, 20,457 trademark-related cases, 9,647 patent-related cases, "
     "down 8.43%, up 63.60% and down 17.95% YoY, respectively;"),
    # real: "respectively" with the items in the other order on the en side
    ("全省检察机关共批捕侵犯知识产权犯罪案件1308件2087人，件数同比上升15.5%，人数同比上升6.4%；",
     "prosecutorial organs in Guangdong approved the arresting of 2,087 suspects in 1,308 IPR infringement cases, "
     "up 6.4% and 15.5% YoY, respectively,"),
    # real: numbers in words against digits, years, ordinals
    ("2021年，全省获批地理标志产品3个，获准使用地理标志产品专用标志企业187家。",
     "In 2021, three products had been put under geographical indication (GI) protection, 187 enterprises had been approved."),
    ("《广东省知识产权保护条例》经省十三届人大常委会第四十一次会议审议通过，将于5月1日起施行。",
     "The 41st session of the Standing Committee of the 13th Guangdong Provincial People’s Congress deliberated and "
     "adopted the Guangdong IPR Protection Regulations, which would come into force on May 1."),
    # invented: one rate next to a different count is word order, not a swap
    ("该机型成本比747-400多出3百万美元，座公里成本降低15%。",
     "It costs $3 million more than a 747-400, but cuts seat costs by 15%."),
    # invented: rounding to the precision the translator wrote
    ("营业收入139.8万元，同比增长12.46%。", "Revenue was RMB 1.4 million, up 12.5%."),
])
def test_correct_pairs_raise_no_flags(zh, en):
    assert check_pair(zh, en) == []


def test_a_reversed_direction_is_flagged():
    # real error in the sample report
    flags = check_pair("新收知识产权刑事一审案件1449件，同比增长7.17%。",
                       "There were 1,449 criminal ones of the first instance, down 7.17%;")
    assert [f.code for f in flags] == ["direction"]
    assert "7.17%" in flags[0].message
    # invented: 下降 rendered as up
    assert codes("利润同比下降5%。", "Profit was up 5% YoY.") == ["direction"]


def test_rates_swapped_within_a_pair_are_flagged():
    # real error in the sample report, both sentences in one bead
    flags = check_pair(
        "2021年，全省作品登记总量为33.69万件，同比增长4.5%。其中，一般作品登记量为6.69万件，同比增长10.8%；",
        "In 2021, 336,900 copyright registrations were made in the Province, up by 10.8% YoY. "
        "Of these registrations, there were 66,900 non-computer software works, up 4.5%YoY;")
    assert [f.code for f in flags] == ["number-swap"]
    assert "4.5%" in flags[0].message and "10.8%" in flags[0].message
    # invented: a "respectively" list whose rates were swapped
    assert codes("专利、商标质押金额分别为10亿元、20亿元，分别增长5%、7%。",
                 "Patent and trademark pledges stood at RMB 1 billion and RMB 2 billion, up 7% and 5% respectively.") \
        == ["number-swap"]


def test_rates_swapped_across_two_pairs_show_as_mismatches_in_both():
    first = check_pair("2021年，全省作品登记总量为33.69万件，同比增长4.5%。",
                       "In 2021, 336,900 copyright registrations were made in the Province, up by 10.8% YoY.")
    second = check_pair("其中，一般作品登记量为6.69万件，同比增长10.8%；",
                        "Of these registrations, there were 66,900 non-computer software works, up 4.5%YoY;")
    assert [f.code for f in first] == [f.code for f in second] == ["number-mismatch"]
    assert first[0].message == "zh has 4.5%, en lacks it; en has 10.8%, zh lacks it"


def test_missing_and_extra_numbers():
    assert codes("共受理案件1200件。", "1,300 cases were accepted.") == ["number-mismatch"]
    # a year added or dropped for context is fine, a different year is not
    assert codes("共受理案件。", "In 2021, cases were accepted.") == []
    assert codes("2020年共受理案件。", "In 2021, cases were accepted.") == ["number-mismatch"]
    assert codes("第129、130届广交会", "the 129th and 131st Canton Fair") == ["number-mismatch"]
    # numbers in words never count as missing on their own (一站式, one of the …)
    assert codes("提供一站式服务。", "It provides a one-stop service, one of the first.") == []
    # but a wrong number in words is caught through the digits on the other side
    assert codes("新增3个产品。", "four new products were added.") == ["number-mismatch"]


def test_an_unpaired_heading_is_not_flagged():
    """English captions of a law's articles have no Chinese counterpart by design; a body sentence does."""
    document = SegmentedDocument("law", (Sentence("第 1 條", 0, "heading"), Sentence("為保障商標權，特制定本法。", 1)),
                                 (Sentence("Article 1", 0, "heading"), Sentence("Purpose", 1, "heading"),
                                  Sentence("This Act is enacted to protect trademark rights.", 2),
                                  Sentence("An extra sentence.", 3)))
    beads = (Bead((0,), (0,), 0.9), Bead((), (1,)), Bead((1,), (2,), 0.9), Bead((), (3,)))
    checked = check_alignment(Alignment(document, beads))
    assert [[f.code for f in b.flags] for b in checked.beads] == [[], [], [], ["null"]]


def test_check_alignment_fills_flags_and_is_idempotent():
    pairs = [(f"第{i}段共有{i * 10}件专利获得授权，全部通过审查。",
              f"In paragraph {i}, {i * 10} patents were granted and all passed examination.") for i in range(1, 12)]
    pairs[10] = ("本段没有任何数字，全部通过审查。", "This paragraph holds no numbers, and all passed examination.")
    pairs.append(("本段的中文很短。", "This English sentence is very much longer than its Chinese source sentence, "
                  "because the translator added a long explanation that the original does not contain at all, "
                  "and then kept going for several more clauses without any good reason."))
    pairs.append((None, "An unpaired English sentence."))
    scores = [0.9] * 10 + [0.1, 0.9, 0.0]
    checked = check_alignment(alignment_of(pairs, scores=scores))
    got = [[f.code for f in b.flags] for b in checked.beads]
    assert got[:10] == [[]] * 10
    assert got[10] == ["low-score"]
    assert got[11] == ["length-ratio"]
    assert got[12] == ["null"]
    assert checked.beads[12].flags[0].message == "en sentence 12 has no Chinese counterpart"
    assert [b.zh for b in checked.beads] == [b.zh for b in alignment_of(pairs).beads]
    assert check_alignment(checked) == checked
    assert flag_summary(checked) == "3 of 13 pairs flagged"


def test_stale_flags_are_replaced():
    alignment = alignment_of([("共10件。", "10 items.")])
    stale = Alignment(alignment.document, (Bead((0,), (0,), 1.0, (Flag("direction", "old"),)),))
    assert check_alignment(stale).beads[0].flags == ()


def test_a_verbose_translation_is_its_own_norm():
    # legal English runs far longer than its Chinese, and a long pair may be a sixth more
    # verbose than the document's norm (pure Gale-Church flagged it at 5 SD); three times is a wrong unit
    zh = "主管機關對於違反規定之事業，得限期令停止、改正其行為或採取必要更正措施，並得處罰鍰。"
    en = ("The competent authority may order any enterprise that violates the provisions to cease therefrom, "
          "rectify its conduct or take necessary corrective action within a time limit, and may impose a fine. ")
    pairs = [(zh * (1 + i % 2), en * (1 + i % 2)) for i in range(12)]
    pairs.append((zh * 4, (en * 5)[: int(len(en) * 4 * 1.15)]))
    pairs.append((zh, en * 3))
    got = [[f.code for f in b.flags] for b in check_alignment(alignment_of(pairs)).beads]
    assert got == [[]] * 13 + [["length-ratio"]]


def test_low_score_has_its_own_threshold_and_numbers_can_vouch_for_a_pair():
    from parallel_corpus.qa import LOW_SCORE

    pairs = [("第十三條至第二十三條規定，於新型專利準用之。",
              "Rules 13 to 23 shall apply mutatis mutandis to utility model patents."),
             ("前項規定，於設計專利準用之。", "The preceding paragraph shall apply to design patents.")]
    checked = check_alignment(alignment_of(pairs, scores=[0.04, 0.04]))
    assert [[f.code for f in b.flags] for b in checked.beads] == [[], ["low-score"]]
    assert f"{LOW_SCORE:.2f}" in checked.beads[1].flags[0].message
    relaxed = check_alignment(alignment_of(pairs, scores=[0.04, 0.04]), low_score=0.01)
    assert all(not b.flags for b in relaxed.beads)


def test_readme_lists_exactly_the_flag_codes():
    """README's QA table is the users' list of codes: it must hold every code QA gives, and no other."""
    from parallel_corpus.qa import FLAGS, NUMBER_CODES

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(readme) if line.startswith("QA flags"))
    table = itertools.takewhile(lambda line: line.startswith("|"), readme[start + 2:])
    codes = [match[1] for line in table if (match := re.match(r"\| `([^`]+)` \|", line))]
    assert sorted(codes) == sorted(FLAGS) and len(codes) == len(set(codes))
    assert NUMBER_CODES <= FLAGS.keys()


def test_an_unknown_flag_code_fails_where_it_is_made():
    from parallel_corpus.qa import qa_flag

    assert qa_flag("null", "x") == Flag("null", "x")
    with pytest.raises(ValueError, match="unknown QA flag code 'number-missmatch'"):
        qa_flag("number-missmatch", "x")
