"""The CLI/library boundary: library errors name parameters, the CLI names its flags."""

from types import SimpleNamespace

import pytest

from parallel_corpus.batch import run_batch
from parallel_corpus.cli import main
from parallel_corpus.encoders import CachedEncoder
from parallel_corpus.types import InputError


def refused(capsys, *argv: str) -> str:
    assert main(list(argv)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    return err


@pytest.mark.parametrize("library, flags, cli", [
    ({"docs_per_task": 0}, ["--docs-per-task", "0"], "--docs-per-task and --workers must be at least 1"),
    ({"workers": 0}, ["--workers", "0"], "--docs-per-task and --workers must be at least 1"),
    ({"address": "tcp://h:8786"}, ["--address", "tcp://h:8786"], "--address needs --engine dask"),
])
def test_batch_usage_errors(tmp_path, capsys, library, flags, cli):
    with pytest.raises(InputError) as raised:
        run_batch(tmp_path / "manifest.tsv", tmp_path / "out", **library)
    assert "--" not in str(raised.value)
    assert cli in refused(capsys, "batch", str(tmp_path / "manifest.tsv"), "-o", str(tmp_path / "out"), *flags)


def test_cache_that_is_a_file(tmp_path, capsys):
    blocker = tmp_path / "vectors"
    blocker.write_text("x")
    with pytest.raises(InputError, match="is a file") as raised:
        CachedEncoder(SimpleNamespace(name="stub"), blocker)
    assert "--" not in str(raised.value)
    assert f"--cache {blocker}: is a file" in refused(capsys, "align", "doc.txt", "-o", str(tmp_path / "out"),
                                                      "--cache", str(blocker))


@pytest.mark.parametrize("argv", [["align", "doc.txt", "-o", "out"], ["batch", "manifest.tsv", "-o", "out"]])
def test_cli_defaults_are_the_librarys(argv):
    """With no flags, the CLI runs with AlignOptions' defaults, so CLI, batch and notebooks agree."""
    from parallel_corpus.cli import _align_options, build_parser
    from parallel_corpus.pipeline import AlignOptions

    assert _align_options(build_parser().parse_args(argv)) == AlignOptions()


@pytest.mark.parametrize("library, flags, cli", [
    ({"max_align": 17}, ["--max-align", "17"], "--max-align must be between 2 and 16, got 17"),
    ({"max_align": 1}, ["--max-align", "1"], "--max-align must be between 2 and 16, got 1"),
    ({"min_score": float("nan")}, ["--min-score", "nan"], "--min-score must be between 0 and 1"),
    ({"zh_code": "auto"}, ["--zh-code", "auto"], "--zh-code must be a language code"),
    ({"zh_code": ""}, ["--zh-code", ""], "--zh-code must be a language code"),
    ({"en_code": "zh\x01"}, ["--en-code", "zh\x01"], "--en-code must be a language code"),
    ({"en_code": "<img src=x>"}, ["--en-code", "<img src=x>"], "--en-code must be a language code"),
])
def test_align_option_values_fail_before_any_work(tmp_path, capsys, library, flags, cli):
    """Values the search or the TMX cannot take (an int8 overflow, xml:lang="auto") are refused up front."""
    from parallel_corpus.pipeline import AlignOptions

    with pytest.raises(InputError) as raised:
        AlignOptions(**library)
    assert "--" not in str(raised.value)
    assert cli in refused(capsys, "align", "missing.txt", "-o", str(tmp_path / "out"), *flags)
    assert not (tmp_path / "out").exists()


def test_export_checks_its_tmx_options(tmp_path, capsys):
    table = tmp_path / "t.tsv"
    table.write_text("zh\ten\tscore\tflags\n甲\tA\t0.9\t\n", encoding="utf-8")
    assert "--min-score must be between 0 and 1, got 5.0" in refused(capsys, "export", str(table), "-o",
                                                                       str(tmp_path / "out"), "--min-score", "5")
    assert "--zh-code must be a language code" in refused(capsys, "export", str(table), "-o",
                                                          str(tmp_path / "out"), "--zh-code", "zh CN")


def test_an_unknown_option_is_named_with_its_verb(tmp_path, capsys):
    err = refused(capsys, "align", "doc.txt", "-o", str(tmp_path / "out"), "--bogus")
    assert "parallel-corpus align: unrecognized arguments: --bogus (see 'parallel-corpus align --help')" in err


def test_a_read_only_cache_folder_is_refused_before_any_work(tmp_path, capsys, monkeypatch):
    cache = tmp_path / "vectors"
    cache.mkdir()
    monkeypatch.setattr("os.access", lambda path, mode: str(path) != str(cache))  # root may write anywhere
    err = refused(capsys, "align", "doc.txt", "-o", str(tmp_path / "out"), "--cache", str(cache))
    assert err.startswith(f"error: --cache: cannot write into {cache}")
