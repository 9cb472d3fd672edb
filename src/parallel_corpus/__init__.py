"""parallel-corpus: zh-en IP documents into aligned pairs, TMX and a term glossary."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("parallel-corpus")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
