from parallel_corpus.messages import one_line, quote


def test_quote_keeps_short_values_and_cuts_long_ones_to_one_line():
    assert quote("a b") == "'a b'"
    assert quote("two\nlines") == "'two\\nlines'"
    long = quote("x" * 10_000)
    assert len(long) < 100 and long.endswith("…' (10000 characters)") and "\n" not in long
    assert quote("it's " * 40).endswith("(200 characters)")


def test_one_line():
    assert one_line(" a\n b\t\tc \r\n") == "a b c"
