"""Script variety: detection and the Simplified view that keeps every character's place."""

from hypothesis import given, settings
from hypothesis import strategies as st

from parallel_corpus.document import read_document
from parallel_corpus.script import detect_script, simplified_view
from parallel_corpus.segment import segment_document

TRADITIONAL = "為保障商標權、證明標章權，維護市場公平競爭，促進工商企業正常發展，特制定本法。"
SIMPLIFIED = "为保障商标权、证明标章权，维护市场公平竞争，促进工商企业正常发展，特制定本法。"


def test_detects_each_variety():
    assert detect_script([TRADITIONAL]) == "zh-Hant"
    assert detect_script([SIMPLIFIED]) == "zh-Hans"
    assert detect_script(["第 1 條"]) == "zh-Hant"
    assert detect_script(["2021年"]) == "zh-Hans"  # nothing differs: Simplified by default


def test_view_is_simplified_and_as_long_as_the_text():
    assert simplified_view(TRADITIONAL) == SIMPLIFIED
    assert simplified_view(SIMPLIFIED) == SIMPLIFIED


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(TRADITIONAL + SIMPLIFIED + "乾隆皇帝裡面瞭解於是\n 𠀋Ab1")), max_size=80))
def test_view_keeps_every_characters_place(text):
    view = simplified_view(text)
    assert len(view) == len(text)
    assert all((a == "\n") == (b == "\n") for a, b in zip(text, view))


def test_traditional_documents_keep_their_characters_and_expose_the_view(tmp_path):
    path = tmp_path / "law.zh-en.txt"
    path.write_text(f"{TRADITIONAL}\nThis Act is enacted to protect trademark rights.\n", encoding="utf-8")
    segmented = segment_document(read_document([path]))
    assert segmented.script == "zh-Hant"
    assert segmented.texts("zh") == [TRADITIONAL]
    assert segmented.views("zh") == [SIMPLIFIED]
    assert segmented.views("en") == segmented.texts("en")


def test_tmx_language_code_follows_the_script_unless_chosen():
    from parallel_corpus.pipeline import zh_language_code

    assert zh_language_code("zh-Hant") == "zh-TW"
    assert zh_language_code("zh-Hans") == "zh-CN"
    assert zh_language_code("zh-Hant", "zh-HK") == "zh-HK"
