"""parallel-corpus: zh-en IP documents into aligned pairs, TMX and a term glossary."""

# The one place the version is written: pyproject.toml reads it from here at build time, so
# importing the package needs no importlib.metadata look-up.
__version__ = "0.1.0"
