"""Names across scripts: transliteration, normalisation, phonetic keys, similarity and person matching.

Pure standard-library code with no database and no Qt, so the rules can be tested and tuned alone.
"""

from station_app.core.names.match import (
    LIKELY,
    POSSIBLE,
    MatchScore,
    NameCache,
    PersonFacts,
    Prepared,
    area_keys,
    name_similarity,
    prepare,
    score_pair,
)
from station_app.core.names.normalise import address_tokens, name_tokens, normalise_name, to_latin
from station_app.core.names.phonetic import phonetic_key
from station_app.core.names.similarity import edit_similarity, name_edits
from station_app.core.names.translit import has_devanagari, transliterate

__all__ = [
    "LIKELY",
    "POSSIBLE",
    "MatchScore",
    "NameCache",
    "PersonFacts",
    "Prepared",
    "address_tokens",
    "area_keys",
    "edit_similarity",
    "has_devanagari",
    "name_edits",
    "name_similarity",
    "name_tokens",
    "normalise_name",
    "phonetic_key",
    "prepare",
    "score_pair",
    "to_latin",
    "transliterate",
]
