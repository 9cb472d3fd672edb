"""File formats: one module per format, each holding that format's writer and reader.

align (NAME.align beads), pairs (NAME.tsv and NAME.jsonl), tmx, tbx, glossary_tables
(glossary TSV, CAT-tool CSV, OmegaT) and xlsx. Writers return text or bytes; the files
are written atomically by :mod:`parallel_corpus.atomic`, and readers open the user's
files through :mod:`parallel_corpus.files`.
"""
