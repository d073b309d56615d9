"""Replacing every identifying item of the victims with a label ("Victim V1"), wherever it occurs.

Used by every output that is not for the court or the informant/victim herself: the S.P.'s and the
public copy of an FIR, the register, search and JSON output for officers without the right to see a
victim's identity. Free text is scrubbed item by item (a name in either script, each part of it, an
address and its parts, a phone number however it is spaced, an e-mail, an ID number); structured
fields are replaced outright.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from station_app.core.names import translit
from station_app.core.permissions import Actor, Permission
from station_app.core.victims import (
    VictimIdentity,
    informant_of,
    is_sensitive_content,
    other_script,
    spellings,
    victims_of,
)

# What counts as part of a word: Python's \w leaves out the vowel signs and virama of Devanagari
# (category M), which would put "word boundaries" inside every Hindi name.
_WORD = r"[\w\u0300-\u036F\u0900-\u097F\uA8E0-\uA8FF\u1CD0-\u1CFF\u200C\u200D]"
# Titles and the commonest second names are nobody's identity: masking every "Shri" or "Devi" in a
# narrative would hide the accused and the witnesses too, and tell the reader nothing.
COMMON_PARTS = frozenset(
    {
        "shri", "smt", "sri", "mr", "mrs", "ms", "miss", "sushri", "km", "kumari", "kumar", "devi", "singh",
        "begum", "bibi", "bai", "lal", "mohd", "md", "alias", "urf", "son", "daughter", "wife", "of",
        "श्री", "श्रीमती", "सुश्री", "कुमारी", "कुमार", "देवी", "सिंह", "बेगम", "बाई", "लाल", "उर्फ़", "उर्फ",
        "पुत्री", "पुत्र", "पत्नी",
    }
)  # fmt: skip
# Parts of an address that name a whole city or state say nothing about who lives there.
MIN_ADDRESS_PART = 4
# Words of addresses that name no place by themselves ("House 22" leaves "House").
ADDRESS_WORDS = frozenset(
    {
        "house", "h", "no", "h.no", "flat", "plot", "near", "opp", "opposite", "behind", "sector", "lane", "gali",
        "street", "road", "marg", "block", "floor", "village", "vill", "post", "po", "ps", "district", "distt",
        "tehsil", "ward", "mohalla", "colony", "quarter", "quarters", "room", "the", "of", "and",
        "मकान", "नं", "नं.", "सं", "गली", "मोहल्ला", "ग्राम", "गाँव", "पोस्ट", "थाना", "ज़िला", "जिला", "वार्ड", "कॉलोनी",
    }
)  # fmt: skip


def victim_label(label: str) -> str:
    return f"[Victim {label} / पीड़ित {label}]"


def item_label(kind: str, label: str) -> str:
    english, hindi = _ITEM_LABELS[kind]
    return f"[{english} {label} / {label} {hindi}]"


_ITEM_LABELS = {
    "relative": ("relative of", "के संबंधी"),
    "address": ("address of", "का पता"),
    "phone": ("phone of", "का फ़ोन"),
    "email": ("e-mail of", "का ई-मेल"),
    "id": ("ID of", "की पहचान सं."),
}
INFORMANT_LABEL = "[Informant: withheld, may identify the victim / सूचनाकर्ता: गोपनीय]"


def _flexible(text: str) -> str:
    """A regex for ``text`` with any run of spaces matching any spacing."""
    return r"\s+".join(re.escape(w) for w in text.split())


def _name_words(name: str) -> list[str]:
    return [
        w.strip(".,")
        for w in name.split()
        if len(w.strip(".,")) >= 3 and w.strip(".,").casefold() not in COMMON_PARTS and not w.isdigit()
    ]


def _digits_pattern(number: str) -> str | None:
    """A phone or ID number matched however it is spaced or dashed (+91 prefix optional for phones)."""
    chars = [c for c in number if c.isalnum()]
    if len(chars) < 5:
        return None
    if all(c.isdigit() for c in chars) and len(chars) > 10 and "".join(chars).startswith("91"):
        chars = chars[-10:]
    body = r"[\s.-]?".join(re.escape(c) for c in chars)
    return rf"(?:\+?91[\s-]?)?{body}" if all(c.isdigit() for c in chars) else body


_TOKEN = re.compile(rf"({_WORD}+)")
MIN_SOUND_KEY = 3  # consonants: shorter keys ("rm") would match too many other words


def sound_key(word: str) -> str:
    """How a Latin-written word sounds, roughly: its consonants after the first letter, with the
    aspirate h, doubled letters and vowels dropped ("Kaiserbagh" and "kaisarbag" -> "ksrbg")."""
    w = re.sub(r"[^a-z]", "", word.casefold()).replace("w", "v").replace("z", "j").replace("ph", "f")
    if not w:
        return ""
    rest = re.sub(r"[aeiouyh]", "", w[1:])
    return re.sub(r"(.)\1+", r"\1", w[0] + rest)


def _victim_labeller(label: str) -> Callable[[str], str]:
    return lambda kind: victim_label(label) if kind == "name" else item_label(kind, label)


class Scrubber:
    """Hides the items of ``victims`` in free text, and those of ``informant`` (in a sensitive case
    the informant is often her parent, whose name and address identify her). ``keep`` are place
    names never masked on their own (the station's district and state)."""

    def __init__(
        self,
        victims: Sequence[VictimIdentity],
        informant: VictimIdentity | None = None,
        keep: Iterable[str] = (),
    ) -> None:
        self._kept = {k.casefold() for k in keep if k}
        self._full: list[tuple[str, str]] = []  # (regex, replacement)
        self._words: list[tuple[str, str]] = []
        self._sounds: dict[tuple[str, ...], str] = {}  # sound keys of Latin items' words -> label
        for v in victims:
            self._add(v, _victim_labeller(v.label))
        if informant is not None:
            self._add(informant, lambda kind: INFORMANT_LABEL)
        seen: set[str] = set()
        self._replacements: dict[str, str] = {}
        alternatives: list[str] = []
        ordered = sorted(self._full, key=lambda p: len(p[0]), reverse=True)
        ordered += sorted(self._words, key=lambda p: len(p[0]), reverse=True)
        for regex, label in ordered:
            key = unicodedata.normalize("NFC", regex)
            if not key or key.casefold() in seen:
                continue
            seen.add(key.casefold())
            name = f"g{len(alternatives)}"
            alternatives.append(f"(?P<{name}>{key})")
            self._replacements[name] = label
        self._pattern = (
            re.compile(rf"(?<!{_WORD})(?:{'|'.join(alternatives)})(?:['’]s)?(?!{_WORD})", re.IGNORECASE)
            if alternatives
            else None
        )

    def _sound(self, phrase: str, label: str, *, words_too: bool) -> None:
        latin = translit.transliterate(phrase)
        keys = tuple(sound_key(w) for w in latin.split())
        if keys and all(keys):
            self._sounds.setdefault(keys, label)
        if words_too:
            for w in _name_words(latin):
                key = sound_key(w)
                if len(key) >= MIN_SOUND_KEY:
                    self._sounds.setdefault((key,), label)

    def _add(self, who: VictimIdentity, label: Callable[[str], str]) -> None:
        for kind, names in (("name", who.names), ("relative", who.relatives)):
            for name in names:
                for spelling in spellings(name):
                    self._full.append((_flexible(spelling), label(kind)))
                    self._words += [(re.escape(w), label(kind)) for w in _name_words(spelling)]
                    self._sound(spelling, label(kind), words_too=True)
        for address in who.addresses:
            self._full.append((_flexible(address), label("address")))
            for raw in re.split(r"[,\n;]", address):
                part = " ".join(raw.split())
                # "12/4" or "Sector 5" alone would hit dates and numbers everywhere: a part is masked
                # on its own only if it has letters enough to name a place.
                letters = sum(ch.isalpha() for ch in part)
                if letters < MIN_ADDRESS_PART or part.casefold() in self._kept:
                    continue
                # "12/4 Narhi": the locality alone identifies her too (domain §9: village, mohalla).
                place = " ".join(w for w in part.split() if not any(ch.isdigit() for ch in w))
                named = [w for w in place.split() if w.casefold().strip(".") not in ADDRESS_WORDS]
                variants = [part] + (
                    [place] if named and place != part and len(place) >= MIN_ADDRESS_PART else []
                )
                for spelling in [v for p in variants for v in (p, other_script(p))]:
                    if spelling and spelling.casefold() not in self._kept:
                        self._full.append((_flexible(spelling), label("address")))
                        self._sound(spelling, label("address"), words_too=False)
        for kind, numbers in (("phone", who.phones), ("id", who.id_numbers)):
            for number in numbers:
                pattern = _digits_pattern(number)
                if pattern:
                    self._full.append((pattern, label(kind)))
                self._full.append((_flexible(number), label(kind)))
        for email in who.emails:
            self._full.append((re.escape(email), label("email")))

    def __call__(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        return self._devanagari_pass(self._pattern.sub(self._replace, unicodedata.normalize("NFC", text)))

    def _devanagari_pass(self, text: str) -> str:
        """Hindi spellings the record does not hold ("गोमती नगर" for "Gomti Nagar"): each run of
        Devanagari words is read back into Latin and compared by sound with the items' words."""
        if not self._sounds or not translit.has_devanagari(text):
            return text
        tokens = _TOKEN.split(text)  # words at odd positions, what lies between at even ones
        longest = max(len(k) for k in self._sounds)
        out: list[str] = []
        i = 0
        while i < len(tokens):
            if i % 2 == 0 or not translit.has_devanagari(tokens[i]):
                out.append(tokens[i])
                i += 1
                continue
            for n in range(longest, 0, -1):
                words = tokens[i : i + 2 * n - 1 : 2]
                if len(words) < n or any(not translit.has_devanagari(w) for w in words):
                    continue
                between = tokens[i + 1 : i + 2 * n - 2 : 2]
                if any(b.strip() for b in between):
                    continue
                label = self._sounds.get(tuple(sound_key(translit.transliterate(w)) for w in words))
                if label is not None:
                    out.append(label)
                    i += 2 * n - 1
                    break
            else:
                out.append(tokens[i])
                i += 1
        return "".join(out)

    def _replace(self, match: re.Match[str]) -> str:
        assert match.lastgroup is not None
        return self._replacements[match.lastgroup]

    @property
    def active(self) -> bool:
        return self._pattern is not None


# Values that are not free text: a date or time, a record's id. Never scrubbed (a "12" of an
# address must not eat the month of a date, nor a digit run an id).
_MACHINE_VALUE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
)


def scrub_value(value: Any, scrub: Callable[[str], str]) -> Any:
    """Every string of free text inside ``value`` (text, table rows, lists) scrubbed."""
    if isinstance(value, str):
        return value if _MACHINE_VALUE.fullmatch(value) else scrub(value)
    if isinstance(value, Mapping):
        return {k: scrub_value(v, scrub) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub_value(v, scrub) for v in value]
    return value


# Fields of the FIR that are an identifying item of the victim (or, in a sensitive case, of the
# informant, who may be her parent): replaced outright, not scrubbed.
VICTIM_FIELDS = (
    "victim_name", "victim_aliases", "victim_relative_name", "victim_address", "victim_phone", "victim_email",
    "victim_id_number",
)  # fmt: skip
COMPLAINANT_FIELDS = (
    "complainant_name", "complainant_relative_name", "complainant_dob", "complainant_uid", "complainant_passport_no",
    "complainant_passport_issue_date", "complainant_passport_issue_place", "complainant_id_documents",
    "complainant_present_address", "complainant_permanent_address", "complainant_phone", "complainant_mobile",
    "complainant_email",
)  # fmt: skip
WITHHELD = "[withheld: identity of the victim / पीड़ित की पहचान गोपनीय]"


def masked_values(
    values: Mapping[str, Any], victims: Sequence[VictimIdentity], scrub: Callable[[str], str]
) -> dict[str, Any]:
    """The FIR's values as someone without the right to know the victim may see them."""
    out: dict[str, Any] = {}
    first_named = next((v for v in victims if not v.from_complainant), None)
    complainant_victim = next((v for v in victims if v.from_complainant), None)
    for key, value in values.items():
        if key == "victim_name" and first_named is not None and value:
            out[key] = victim_label(first_named.label)
        elif key == "complainant_name" and value:
            out[key] = victim_label(complainant_victim.label) if complainant_victim else INFORMANT_LABEL
        elif (key in VICTIM_FIELDS or key in COMPLAINANT_FIELDS) and value not in (None, "", [], {}):
            out[key] = WITHHELD
        elif key == "other_victims" and isinstance(value, list):
            others = [v for v in victims if not v.from_complainant][1:]
            out[key] = [
                {**{k: v for k, v in row.items() if k in ("age", "sex")}, "name": victim_label(o.label)}
                for row, o in zip(value, others, strict=False)
                if isinstance(row, Mapping)
            ]
        else:
            out[key] = scrub_value(value, scrub)
    return out


# --- what an officer without the need to know may see ------------------------------------------------


def may_see_identity(actor: Actor) -> bool:
    return actor.can(Permission.VIEW_VICTIM_IDENTITY)


def content_for(
    actor: Actor,
    content: Mapping[str, Any],
    persons: Mapping[str, Mapping[str, Any]] | None = None,
    sensitive_now: bool = False,
) -> dict[str, Any]:
    """The registered content as ``actor`` may see it: whole for the SHO and the IO, and for anyone
    when the FIR is not sensitive (``sensitive_now``: it became so by an alteration memo); otherwise
    every identifying item replaced by its label."""
    if may_see_identity(actor) or not (sensitive_now or is_sensitive_content(content)):
        return dict(content)
    victims = victims_of(content, persons)
    values: Mapping[str, Any] = content.get("values") or {}
    station = content.get("station") or {}
    scrub = Scrubber(
        victims, informant_of(values), keep=(str(station.get(k) or "") for k in ("district", "state"))
    )
    return {**content, "values": masked_values(values, victims, scrub), "identity_withheld": True}


WITHHELD_NAME = "[withheld: sensitive case]"


def listed_complainant(actor: Actor, complainant: str, sensitive: bool) -> str:
    """The complainant's name as a register or search list shows it to ``actor``."""
    return WITHHELD_NAME if sensitive and not may_see_identity(actor) else complainant
