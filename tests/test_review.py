import base64
import io
import re

import lxml.html
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from parallel_corpus.review import _heatmap_png, block_similarity, downsample, format_report, similarity_heatmap
from parallel_corpus.types import Alignment, Bead, Flag, SegmentedDocument, Sentence

HOSTILE_ZH = '第一条 <script>alert("zh")</script> & “引号” \'单\''
HOSTILE_EN = 'Article 1 </td></tr><script>alert(1)</script> & "quoted" \'single\' <b>bold</b>'


def make_alignment(zh, en, beads, name="doc"):
    doc = SegmentedDocument(name, tuple(Sentence(t) for t in zh), tuple(Sentence(t) for t in en))
    return Alignment(doc, tuple(beads), encoder="use")


@pytest.fixture
def hostile():
    zh = [HOSTILE_ZH, "第二句。", "第三句。", "多余的一句。"]
    en = [HOSTILE_EN, "Second.", "Third, part one.", "Third, part two."]
    beads = [
        Bead((0,), (0,), 0.93),
        Bead((1,), (1,), 0.31, (Flag("numbers", 'zh has "2", en has <none> & more'),)),
        Bead((2,), (2, 3), 0.77),
        Bead((3,), (), 0.0, (Flag("unpaired", "no English for this sentence"),)),
    ]
    return make_alignment(zh, en, beads, name='report <"x"> & y')


def rows_of(page):
    tree = lxml.html.fromstring(page)
    return tree, tree.xpath("//table[@class='beads']/tbody/tr")


def test_text_is_escaped_and_survives(hostile):
    page = format_report(hostile)
    tree, rows = rows_of(page)
    assert len(tree.xpath("//script")) == 1, "sentence text must never become markup"
    assert "<script>alert" not in page
    assert rows[0].xpath("td[@class='zh']")[0].text_content() == HOSTILE_ZH
    assert rows[0].xpath("td[@class='en']")[0].text_content() == HOSTILE_EN
    assert rows[2].xpath("td[@class='en']")[0].text_content() == "Third, part one. Third, part two."
    assert tree.xpath("//title")[0].text_content().startswith('report <"x"> & y')
    assert rows[1].xpath(".//ul[@class='flags']/li")[0].text_content() == 'numbers' + 'zh has "2", en has <none> & more'


def test_rows_carry_score_flags_and_tint(hostile):
    _, rows = rows_of(format_report(hostile))
    assert len(rows) == 4
    assert [r.get("data-score") for r in rows] == ["0.9300", "0.3100", "0.7700", "0.0000"]
    assert [r.get("data-flagged") for r in rows] == ["0", "1", "0", "1"]
    assert rows[0].get("class") == "s9" and rows[1].get("class") == "s3 flagged"
    assert rows[3].xpath("td[@class='en']")[0].text_content() == "(no English sentence)"


def test_summary_counts(hostile):
    tree, _ = rows_of(format_report(hostile, low_score=0.5))
    items = {li.xpath("b")[0].text_content(): li.text_content() for li in tree.xpath("//ul[@class='summary']/li")}
    values = [li.text_content() for li in tree.xpath("//ul[@class='summary']/li")]
    assert values[:6] == ["4pairs", "4Chinese sentences", "4English sentences", "1unpaired", "2flagged",
                          "2score below 0.5"]
    assert "0.503mean score" in items.values()
    assert "1-1: 2" in tree.xpath("//p[@class='note']")[0].text_content()


def test_page_is_self_contained(hostile):
    page = format_report(hostile, similarity=np.eye(4, dtype=np.float32))
    tree = lxml.html.fromstring(page)
    for attr in ("src", "href"):
        for value in tree.xpath(f"//@{attr}"):
            assert value.startswith(("#", "data:")), value
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", page)
    assert "default-src 'none'" in tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]


def test_heatmap_comes_from_the_argument_and_checks_shape(hostile):
    no_matrix = format_report(hostile)
    assert "<image" not in no_matrix and "no similarity matrix" in no_matrix
    assert "data:image/png;base64," in format_report(hostile, similarity=np.eye(4))
    with pytest.raises(ValueError, match="expected at most \\(4, 4\\)"):
        format_report(hostile, similarity=np.eye(5))
    with pytest.raises(ValueError, match="shape \\(4,\\)"):
        format_report(hostile, similarity=np.ones(4))


def test_heatmap_png_decodes_to_the_matrix_pattern():
    matrix = np.zeros((5, 7), dtype=np.float32)
    matrix[2, 3] = 1.0
    image = Image.open(io.BytesIO(_heatmap_png(matrix))).convert("RGB")
    assert image.size == (7, 5)
    pixels = np.asarray(image)
    assert tuple(pixels[0, 0]) == (255, 255, 255)
    assert tuple(pixels[2, 3]) == (8, 48, 107)


def test_downsample_keeps_block_maxima():
    matrix = np.zeros((1000, 30), dtype=np.float32)
    matrix[737, 29] = 5.0
    small = downsample(matrix, max_cells=100)
    assert small.shape == (100, 30)
    assert small.max() == 5.0 and np.count_nonzero(small) == 1


def test_long_document_page_stays_small():
    n = 3000
    zh = [f"第{i}句。" for i in range(n)]
    en = [f"Sentence {i}." for i in range(n)]
    beads = [Bead((i,), (i,), (i % 100) / 100) for i in range(n)]
    rng = np.random.default_rng(0)
    page = format_report(make_alignment(zh, en, beads), similarity=rng.random((n, n), dtype=np.float32))
    png = base64.b64decode(re.search(r"data:image/png;base64,([A-Za-z0-9+/=]+)", page).group(1))
    assert Image.open(io.BytesIO(png)).size == (400, 400)
    assert len(page) < 3_000_000


printable = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=20)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(printable, printable), min_size=1, max_size=6))
def test_any_text_round_trips_through_the_page(pairs):
    beads = [Bead((i,), (i,), 0.5) for i in range(len(pairs))]
    alignment = make_alignment([p[0] for p in pairs], [p[1] for p in pairs], beads)
    _, rows = rows_of(format_report(alignment))
    for row, (zh, en) in zip(rows, pairs):
        assert row.xpath("td[@class='zh']")[0].text_content() == (zh or "(no Chinese sentence)")
        assert row.xpath("td[@class='en']")[0].text_content() == (en or "(no English sentence)")


@pytest.mark.parametrize("n, m, max_cells, chunk_rows", [(7, 5, 400, 1024), (1000, 37, 100, 64), (333, 901, 50, 1)])
def test_block_similarity_equals_downsampled_full_matrix(n, m, max_cells, chunk_rows):
    rng = np.random.default_rng(n)
    zh, en = rng.standard_normal((n, 8), dtype=np.float32), rng.standard_normal((m, 8), dtype=np.float32)
    expected = downsample(zh @ en.T, max_cells)
    got = block_similarity(zh, en, max_cells, chunk_rows=chunk_rows)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


class LetterEncoder:
    """Tiny deterministic encoder: a text's vector counts its ASCII letters (for shape and path tests)."""

    name = "letters"
    dim = 26

    def encode(self, texts):
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for ch in text.lower():
                if "a" <= ch <= "z":
                    vectors[row, ord(ch) - 97] += 1
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def test_similarity_heatmap_is_brightest_on_the_translation_pairs():
    zh = ["alpha", "bravo", "charlie", "delta"]
    en = ["alpha!", "bravo.", "charlie", "delta"]
    alignment = make_alignment(zh, en, [Bead((i,), (i,), 0.9) for i in range(4)])
    matrix = similarity_heatmap(alignment, LetterEncoder())
    assert matrix.shape == (4, 4)
    assert list(matrix.argmax(axis=1)) == [0, 1, 2, 3]
    assert "data:image/png;base64," in format_report(alignment, similarity=matrix)


def test_one_sided_document_renders_without_heatmap():
    alignment = make_alignment(["只有中文。"], [], [Bead((0,), (), 0.0)])
    tree, rows = rows_of(format_report(alignment))
    assert len(rows) == 1 and "one side of the document has no sentences" in tree.text_content()


def test_csp_allows_only_the_pages_own_script_by_its_hash():
    import hashlib

    from parallel_corpus.review import SCRIPT_HASH

    page = format_report(Alignment(SegmentedDocument("d", (Sentence("甲。"),), (Sentence("A."),)),
                                   (Bead((0,), (0,), 0.9),)))
    tree = lxml.html.fromstring(page)
    csp = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    script_src = next(part.split()[1:] for part in csp.split(";") if part.split()[0] == "script-src")
    (script,) = tree.xpath("//script")
    digest = base64.b64encode(hashlib.sha256(script.text.encode("utf-8")).digest()).decode()
    assert script_src == [f"'sha256-{digest}'"] == [f"'{SCRIPT_HASH}'"]


def test_row_numbers_are_ranges_that_do_not_wrap_and_the_model_is_named_in_words(hostile):
    tree, rows = rows_of(format_report(hostile))
    ids = [[span.text_content() for span in row.xpath(".//td[@class='n']/span[@class='ids']")] for row in rows]
    assert ids == [["zh 0", "en 0"], ["zh 1", "en 1"], ["zh 2", "en 2–3"], ["zh 3", "en –"]]
    assert "td.n .ids { white-space: nowrap; }" in format_report(hostile)
    meta = tree.xpath("//p[@class='meta']")[0].text_content()
    assert "Universal Sentence Encoder" in meta and "encoder use" not in meta


def test_low_score_filter_starts_at_the_qa_flag_threshold(hostile):
    from parallel_corpus.qa import LOW_SCORE

    tree, _ = rows_of(format_report(hostile))
    assert float(tree.get_element_by_id("threshold").get("value")) == LOW_SCORE
