"""The constants that rank glossary rows, in one place (see ``build_glossary(params=...)``).

Each was set on the sample report and the Taiwan Trademark Act together and is explained
where it is used (parallel_corpus.glossary); changing one changes every score.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GlossaryParams:
    # --- how term-like the Chinese side is --------------------------------------------
    domain_floor: float = 2.5      # log frequency ratio (here / general Chinese) at or below which a word is general language (weight 0)
    domain_span: float = 4.0       # ... above the floor at which the weight reaches 1
    idf_floor: float = 5.5         # general-language IDF at or below which a word is everyday vocabulary (weight 0)
    idf_span: float = 2.0          # ... above the floor at which the weight reaches 1
    # --- how specific the English side is ---------------------------------------------
    en_zipf_floor: float = 4.2     # Zipf frequency in general English at or below which a rendering is specific (weight 1)
    en_zipf_slope: float = 0.8     # weight lost per Zipf unit above the floor ...
    en_zipf_min: float = 0.2       # ... down to this weight
    # --- how much evidence the pair has ------------------------------------------------
    support_half: float = 3.0      # segments of evidence at which a pairing has half its full weight
    exclusive_power: float = 0.5   # weight of the share of the rendering's segments that also hold the term
    # --- the core IP vocabulary (glossary.vocabulary) ----------------------------------
    core_bonus: float = 1.5        # score factor of a pair it lists (85-90% right on both dev documents)
    single_word: float = 0.5       # ... of a one-word rendering it does not list (5-25% right there)
    # --- terms that overlap other entries ----------------------------------------------
    fragment_factor: float = 0.4   # score factor of a term nearly always inside a longer entry
    untranslated_part: float = 0.6  # score factor per glossary term inside that the rendering leaves out
    owned_share: float = 0.5       # share of an English phrase's segments a Chinese term must hold to explain it
    same_rendering_tie: float = 0.05  # similarity margin by which a longer term claims a shared rendering
    no_person: float = 0.5         # score factor of a term for a person (…人, …者) rendered as a thing


PARAMS = GlossaryParams()
