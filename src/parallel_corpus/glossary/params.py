"""The numbers that tune the glossary, in one place (see ``build_glossary(params=...)``).

Each was set on the sample report and the Taiwan Trademark Act together and is explained
where it is used (parallel_corpus.glossary); changing one changes the output. Word lists
and tag sets stay beside the code that reads them: they are data, not knobs.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GlossaryParams:
    # --- Chinese candidates (glossary.candidates) --------------------------------------
    max_zh_words: int = 5          # jieba words in a candidate at most
    max_zh_chars: int = 14         # characters in a candidate at most
    max_joined_right: int = 1      # nouns after 之 in a joined candidate (混淆誤認之虞, 不專用之聲明)
    max_verb_led: int = 3          # words in a candidate that starts with a verb (侵犯知识产权犯罪)
    bound_share: float = 0.8       # a neighbour character this common makes a candidate part of a longer word
    min_bound_evidence: int = 3    # occurrences needed before a neighbour counts as bound
    max_extension: int = 4         # characters a bound candidate is extended by on each side at most
    dominant_share: float = 0.8    # a candidate this often inside the same longer one is a fragment of it
    open_share: float = 0.25       # below this share of phrase-final occurrences a candidate is open ...
    general_term_ratio: float = 3  # ... and a term inside it this many times more frequent is the real term
    core_domain: float = 6.5       # domain ratio a core vocabulary term has at least: as specific as a term gets
    ownership_bonus: float = 4.0   # domain ratio added to a compound that owns all occurrences of one of its words
    min_owned: int = 3             # occurrences a compound needs before owning a word means anything
    # --- English candidates (glossary.candidates) --------------------------------------
    max_en_words: int = 6          # words in an English candidate at most ...
    max_name_words: int = 10       # ... or in a title-case name ("Outline for Building a Country Strong on IPR")
    proper_share: float = 0.5      # a word capitalised in this share of its mid-sentence occurrences is a name's word
    heading_capitals: float = 0.7  # share of capitalised content words that makes a line a heading
    verb_final_share: float = 0.5  # a phrase followed by a/an/the more often than this ends in a verb: no rendering
    max_coordinated_side: int = 2  # words on each side of "or" in a coordinated phrase ("goods or services"; 0: none)
    name_zipf: float = 2.5         # a word rarer than this in general English (Beixiang, Dancong) is a name's word
    # --- pairing a term with its renderings (glossary.pairing) -------------------------
    similarity_weight: float = 0.45   # share of a pair's score given to string-embedding similarity,
    association_weight: float = 0.3   # to co-occurrence (Dice)
    lexical_weight: float = 0.25      # and to dictionary evidence (see lexicon.lexical_match)
    min_similarity: float = 0.35   # below this cosine no pair is accepted, however often it co-occurs,
    lexical_proof: float = 0.75    # unless the dictionary says the same (质押 -> "pledge": cosine 0.32)
    min_llr: float = 3.84          # chi-square(1) at p = 0.05: co-occurrence beyond chance
    shortlist_size: int = 6        # English candidates per Chinese term that are embedded and scored
    max_attested_units: int = 8    # terms in up to this many segments may take a rendering seen once
    short_rendering: float = 0.7   # score factor per English word fewer than the Chinese term's words
    overreach: float = 0.6         # score factor per English word that translates another word of the segment
    complete_support: float = 0.9  # a longer rendering found in this share of the beads may complete a shorter one
    max_longer: int = 3            # longer forms tried per preferred rendering
    # The encoder finds every longer phrase a little further from a short term ("Yue Shang Tong"
    # -0.05 from 粤商通, "preliminary examination" -0.06 from 预审); a real change of meaning
    # costs more ("copyright infringement" -0.15 from 著作权, "brand building" -0.13 from 品牌化).
    longer_tie: float = 0.07
    nested_tie: float = 0.03       # similarities of a rendering and its longer/shorter form closer than this are equal
    variant_share: float = 0.8     # a variant scores at least this share of the preferred rendering
    max_variants: int = 3          # variants kept per entry
    # --- dictionary evidence (glossary.lexicon) ----------------------------------------
    max_dictionary_word: int = 8   # characters of the longest dictionary word tried when splitting a term
    min_prefix: int = 5            # shared initial letters that make two English words one (regulatory/regulation)
    prefix_share: float = 0.7      # ... when they are at least this share of the shorter word
    # --- which rendering goes first (glossary.build) -----------------------------------
    person_share: float = 0.5      # share of the best score a rendering naming a person needs to go first
    # --- how term-like the Chinese side is --------------------------------------------
    domain_floor: float = 2.5      # log frequency ratio (here / general Chinese) at or below which a word
    #                                is general language (weight 0)
    domain_span: float = 4.0       # ... above the floor at which the weight reaches 1
    idf_floor: float = 5.5         # general-language IDF at or below which a word is everyday vocabulary (weight 0)
    idf_span: float = 2.0          # ... above the floor at which the weight reaches 1
    shortlist_floor: int = 400     # Chinese candidates paired at least (with ``top``: 3 x top if more)
    # --- how specific the English side is ---------------------------------------------
    en_zipf_floor: float = 4.2     # Zipf frequency in general English at or below which a rendering is
    #                                specific (weight 1)
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
    repeat_factor: float = 0.4     # score factor of a nested term that repeats another's rendering, on its next one ...
    repeat_share: float = 0.5      # ... if that scores at least this share of the repeated one
    no_person: float = 0.5         # score factor of a term for a person (…人, …者) rendered as a thing


PARAMS = GlossaryParams()
