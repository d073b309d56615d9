"""Law masters: data integrity, the IPC->BNS traps, search ranking, check() messages, sensitivity."""

from __future__ import annotations

import json
import re
import time
from datetime import date
from importlib import resources

import pytest

from forms.law_master import Act, LawError, LawMaster, MatchKind, Section, SectionRef
from forms.law_master.model import SHORT_TERM_RE, number_key

BEFORE, CUTOVER = date(2024, 6, 30), date(2024, 7, 1)
AFTER = date(2025, 1, 15)
PAIRS = {"IPC": "BNS", "CRPC": "BNSS", "IEA": "BSA"}


@pytest.fixture(scope="module")
def laws() -> LawMaster:
    return LawMaster.load()


def numbers(sections: list[Section]) -> list[str]:
    return [str(s) for s in sections]


# ----- data integrity -------------------------------------------------------------------------


def test_every_file_parses_is_pretty_printed_and_matches_acts_json() -> None:
    files = {p.name: p for p in resources.files("forms.laws").iterdir() if p.name.endswith(".json")}
    codes = [a["code"] for a in json.loads(files["acts.json"].read_text(encoding="utf-8"))["acts"]]
    assert sorted(files) == sorted([*(f"{c}.json" for c in codes), "acts.json"])
    for name, path in files.items():
        text = path.read_text(encoding="utf-8")
        assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n", name


def test_section_counts(laws: LawMaster) -> None:
    counts = {a.code: len(laws.sections(a.code)) for a in laws.acts()}
    assert counts["BNS"] >= 150 and counts["IPC"] >= 150
    assert all(n >= 3 for n in counts.values()), counts


def test_no_duplicate_numbers(laws: LawMaster) -> None:
    for act in laws.acts():
        keys = [number_key(s.number) for s in laws.sections(act.code)]
        assert len(keys) == len(set(keys)), act.code


def test_equivalents_exist_point_to_the_linked_code_and_are_symmetric(laws: LawMaster) -> None:
    for section in laws.sections():
        act = laws.act(section.act)
        for eq in section.equivalents:
            assert eq.act in (act.successor, act.predecessor), (section, eq)
            other = laws.section(eq.act, eq.number)
            assert other is not None, (section, eq)
            assert section.ref in other.equivalents, f"{section} -> {eq} is not mirrored"


def test_effective_dates_are_sane(laws: LawMaster) -> None:
    for act in laws.acts():
        if act.effective_from and act.effective_to:
            assert act.effective_from < act.effective_to, act.code
        assert act.effective_from is None or date(1860, 1, 1) <= act.effective_from <= CUTOVER
    for old, new in PAIRS.items():
        o, n = laws.act(old), laws.act(new)
        assert (o.successor, n.predecessor) == (new, old)
        assert o.effective_to == BEFORE and n.effective_from == CUTOVER and n.effective_to is None
        assert o.kind == n.kind
    assert laws.act("CRPC").effective_from == date(1974, 4, 1)


def test_field_formats(laws: LawMaster) -> None:
    devanagari = re.compile("[\u0900-\u097f]")
    for s in laws.sections():
        mp = s.max_punishment
        assert (
            mp is None
            or mp in ("death", "life", "fine")
            or (isinstance(mp, int) and mp > 0)
            or (isinstance(mp, str) and SHORT_TERM_RE.match(mp))
        ), s
        assert not devanagari.search(s.title_en), s
        assert s.title_hi is None or devanagari.search(s.title_hi), s
        assert number_key(s.number) == s.number.upper(), s  # stored as the law writes it, no spaces


# ----- the traps of domain.md section 3 ------------------------------------------------------

DOMAIN_TABLE = [
    ("34", ["3(5)"]), ("120B", ["61(2)"]), ("147", ["191(2)"]), ("148", ["191(3)"]), ("149", ["190"]),
    ("279", ["281"]), ("302", ["103(1)"]), ("303", ["104"]), ("304", ["105"]), ("304A", ["106(1)"]),
    ("304B", ["80(2)"]), ("306", ["108"]), ("307", ["109(1)", "109(2)"]), ("323", ["115(2)"]),
    ("325", ["117(2)"]), ("324", ["118(1)"]), ("326A", ["124(1)"]), ("341", ["126(2)"]), ("342", ["127(2)"]),
    ("354", ["74"]), ("354A", ["75(2)", "75(3)"]), ("354B", ["76"]), ("354C", ["77"]), ("354D", ["78(2)"]),
    ("363", ["137(2)"]), ("366", ["87"]), ("376", ["64(1)", "64(2)", "65(1)"]), ("376D", ["70(1)"]),
    ("370", ["143"]), ("379", ["303(2)"]), ("380", ["305"]), ("384", ["308(2)"]), ("392", ["309(4)"]),
    ("395", ["310(2)"]), ("406", ["316(2)"]), ("411", ["317(2)"]), ("417", ["318(2)"]), ("420", ["318(4)"]),
    ("427", ["324(4)"]), ("448", ["329(4)"]), ("454", ["331(3)"]), ("457", ["331(4)"]), ("465", ["336(2)"]),
    ("468", ["336(3)"]), ("471", ["340(2)"]), ("498A", ["85"]), ("500", ["356(2)"]), ("504", ["352"]),
    ("506", ["351(2)", "351(3)"]), ("509", ["79"]), ("188", ["223"]), ("186", ["221"]), ("353", ["132"]),
    ("201", ["238"]), ("153A", ["196(1)", "196(2)"]), ("295A", ["299"]),
]  # fmt: skip


@pytest.mark.parametrize(("ipc", "bns"), DOMAIN_TABLE)
def test_ipc_to_bns_table(laws: LawMaster, ipc: str, bns: list[str]) -> None:
    assert numbers(laws.equivalents(SectionRef("IPC", ipc))) == [f"BNS {n}" for n in bns]


def test_the_known_wrong_mappings_are_not_made(laws: LawMaster) -> None:
    assert numbers(laws.equivalents(SectionRef("IPC", "304"))) == ["BNS 105"]  # not 104
    assert laws.section("BNS", "104").title_en == "Murder by a life-convict"  # type: ignore[union-attr]
    assert numbers(laws.equivalents(SectionRef("IPC", "498A"))) == ["BNS 85"]  # not 86
    cruelty = laws.section("BNS", "86")
    assert cruelty is not None and cruelty.equivalents == () and "definition" in cruelty.title_en.lower()
    # 2023-Bill numbering: "cheating = 316". In the Act 316 is criminal breach of trust.
    assert laws.section("BNS", "316") is None
    assert laws.section("BNS", "316(2)").title_en == "Criminal breach of trust"  # type: ignore[union-attr]
    cheating = [str(m.section) for m in laws.search("cheating", limit=50)]
    assert "BNS 318(4)" in cheating and not [n for n in cheating if n.startswith("BNS 316")]


@pytest.mark.parametrize("number", ["69", "103(2)", "106(2)", "111(2)", "112(2)", "113(2)", "304(2)"])
def test_new_bns_offences_have_no_ipc_equivalent(laws: LawMaster, number: str) -> None:
    section = laws.section("BNS", number)
    assert section is not None and section.equivalents == ()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("CRPC 154", "BNSS 173"), ("CRPC 155", "BNSS 174"), ("CRPC 41", "BNSS 35"), ("CRPC 41A", "BNSS 35(3)"),
        ("CRPC 41B", "BNSS 36"), ("CRPC 41C", "BNSS 37"), ("CRPC 50", "BNSS 47"), ("CRPC 50A", "BNSS 48"),
        ("CRPC 54", "BNSS 53"), ("CRPC 57", "BNSS 58"), ("CRPC 102", "BNSS 106"), ("CRPC 165", "BNSS 185"),
        ("CRPC 167", "BNSS 187"), ("CRPC 172", "BNSS 192"), ("CRPC 173", "BNSS 193"), ("CRPC 174", "BNSS 194"),
        ("IEA 65B", "BSA 63"), ("IEA 32", "BSA 26"), ("IEA 45", "BSA 39"),
    ],
)  # fmt: skip
def test_procedure_and_evidence_pairs(laws: LawMaster, old: str, new: str) -> None:
    act, number = old.split()
    assert numbers(laws.equivalents(SectionRef(act, number))) == [new]


# ----- look-up ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("act", "number", "expected"),
    [
        ("bns", "103 (1)", "BNS 103(1)"), ("Bns", " 103( 1 ) ", "BNS 103(1)"), ("ipc", "498a", "IPC 498A"),
        ("Cr.P.C.", "41-A", "CRPC 41A"), ("IT Act", "66 c", "IT 66C"), ("भादंसं", "३०२", "IPC 302"),
        ("sc/st act", "3(1)(R)", "SCST 3(1)(r)"), ("arms act", "25(1-B)", "ARMS 25(1B)"),
    ],
)  # fmt: skip
def test_section_lookup_is_tolerant(laws: LawMaster, act: str, number: str, expected: str) -> None:
    assert str(laws.section(act, number)) == expected


def test_section_lookup_misses_and_unknown_acts(laws: LawMaster) -> None:
    assert laws.section("BNS", "103") is None  # cited by sub-section
    with pytest.raises(LawError, match=r"^Unknown act 'XYZ'\. Known acts: BNS, BNSS, BSA, IPC, CRPC"):
        laws.act("XYZ")
    assert laws.act("cr.p.c.").code == "CRPC" and laws.act("NDPS Act").code == "NDPS"


@pytest.mark.parametrize(
    ("text", "ref"),
    [("IPC 302", "IPC 302"), ("302 IPC", "IPC 302"), ("u/s 498a ipc", "IPC 498A"), ("BNS103(1)", "BNS 103(1)"),
     ("धारा 302 भादंसं", "IPC 302"), ("Arms Act 25(1B)", "ARMS 25(1B)"), ("murder", None), ("302", None)],
)  # fmt: skip
def test_parse_ref(laws: LawMaster, text: str, ref: str | None) -> None:
    parsed = laws.parse_ref(text)
    assert (None if parsed is None else str(parsed)) == ref


def test_acts_in_force_across_the_cutover(laws: LawMaster) -> None:
    before = {a.code for a in laws.acts_in_force(BEFORE)}
    after = {a.code for a in laws.acts_in_force(CUTOVER)}
    assert {"IPC", "CRPC", "IEA"} <= before and not {"BNS", "BNSS", "BSA"} & before
    assert {"BNS", "BNSS", "BSA"} <= after and not {"IPC", "CRPC", "IEA"} & after
    assert "EXCISE" in before and "EXCISE" in after  # set per state
    assert "POCSO" not in {a.code for a in laws.acts_in_force(date(2012, 11, 13))}


# ----- search ----------------------------------------------------------------------------------


def summary(laws: LawMaster, text: str, on: date | None = None, limit: int = 20) -> list[tuple[str, str]]:
    return [(str(m.section), m.kind.name) for m in laws.search(text, on=on, limit=limit)]


def test_search_302_without_date_finds_both_codes_and_shows_the_equivalent(laws: LawMaster) -> None:
    matches = laws.search("302")
    assert summary(laws, "302") == [("BNS 302", "EXACT"), ("IPC 302", "EXACT")]
    assert numbers(list(matches[1].equivalents)) == ["BNS 103(1)"]


def test_search_302_after_cutover_offers_bns_murder_before_the_repealed_section(laws: LawMaster) -> None:
    matches = laws.search("302", on=AFTER)
    assert summary(laws, "302", on=AFTER) == [("BNS 302", "EXACT"), ("BNS 103(1)", "EQUIVALENT"),
                                              ("IPC 302", "EXACT")]  # fmt: skip
    assert matches[1].via == SectionRef("IPC", "302")
    assert [m.in_force for m in matches] == [True, True, False]


def test_search_302_before_cutover_puts_ipc_first(laws: LawMaster) -> None:
    assert summary(laws, "302", on=BEFORE)[0] == ("IPC 302", "EXACT")


def test_search_103_gives_bns_sub_sections(laws: LawMaster) -> None:
    assert summary(laws, "103") == [("BNS 103(1)", "SUBSECTION"), ("BNS 103(2)", "SUBSECTION"),
                                    ("BNSS 103", "EXACT")]  # fmt: skip
    assert summary(laws, "bns 103") == [("BNS 103(1)", "SUBSECTION"), ("BNS 103(2)", "SUBSECTION")]


@pytest.mark.parametrize("text", ["murder", "Murder", "हत्या", "qatl", "क़त्ल", "कत्ल"])
def test_search_by_word(laws: LawMaster, text: str) -> None:
    found = summary(laws, text)
    assert found[:2] == [("BNS 103(1)", "KEYWORD"), ("IPC 302", "KEYWORD")]


def test_search_by_title_words(laws: LawMaster) -> None:
    found = summary(laws, "attempt murder")
    assert ("BNS 109(1)", "TITLE") in found and ("IPC 307", "TITLE") in found
    assert summary(laws, "chain snatching")[0] == ("BNS 304(2)", "KEYWORD")
    assert summary(laws, "hurt it") == []


def test_search_376_is_sensitive(laws: LawMaster) -> None:
    matches = laws.search("376")
    assert str(matches[0].section) == "IPC 376" and matches[0].kind is MatchKind.EXACT
    assert numbers(list(matches[0].equivalents)) == ["BNS 64(1)", "BNS 64(2)", "BNS 65(1)"]
    assert all(m.section.sensitive for m in matches)


@pytest.mark.parametrize("text", ["30", "1", "theft", "cheating", "हत्या", "3", "ipc 4"])
@pytest.mark.parametrize("on", [None, BEFORE, AFTER])
def test_search_ranking_is_ordered(laws: LawMaster, text: str, on: date | None) -> None:
    matches = laws.search(text, on=on, limit=100)
    assert matches
    stale = [m.in_force is False for m in matches]
    assert stale == sorted(stale)  # in force first
    for group in (False, True):
        tiers = [max(m.kind - 1, 0) for m in matches if (m.in_force is False) is group]
        assert tiers == sorted(tiers)  # exact/sub-section, equivalent, prefix, keyword, title


def test_search_edges(laws: LawMaster) -> None:
    assert laws.search("") == [] and laws.search("   ") == [] and laws.search("302", limit=0) == []
    assert len(laws.search("1", limit=5)) == 5
    assert summary(laws, "E1") == [("EXCISE E1", "EXACT")]
    assert summary(laws, "it 66c") == [("IT 66C", "EXACT")]
    assert summary(laws, "ipc", limit=2) == [("IPC 34", "TITLE"), ("IPC 109", "TITLE")]
    assert summary(laws, "106(2)", on=AFTER) == [("BNS 106(2)", "EXACT")]
    assert laws.search("106(2)", on=AFTER)[0].in_force is False  # never brought into force


def test_search_is_fast(laws: LawMaster) -> None:
    queries = ["3", "30", "302", "103", "murder", "हत्या", "a", "theft in", "bns 3", "u/s 420 ipc"]
    start = time.perf_counter()
    for _ in range(50):
        for q in queries:
            laws.search(q, on=AFTER)
    per_search_ms = (time.perf_counter() - start) * 1000 / (50 * len(queries))
    assert per_search_ms < 2.0


# ----- check() ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("act", "number", "on", "message"),
    [
        ("IPC", "302", date(2024, 7, 5),
         "IPC 302 was repealed from 1 July 2024; for an offence on 05-07-2024 use BNS 103(1) (Murder)."),
        ("BNS", "103(1)", BEFORE,
         "BNS came into force on 1 July 2024; for an offence on 30-06-2024 use IPC 302 (Murder)."),
        ("POCSO", "4", date(2010, 1, 1),
         "POCSO Act came into force on 14 November 2012; it does not apply to an offence on 01-01-2010."),
        ("IPC", "307", CUTOVER,
         "IPC 307 was repealed from 1 July 2024; for an offence on 01-07-2024 use BNS 109(1) (Attempt to murder) "
         "or BNS 109(2) (Attempt to murder by a life-convict causing hurt)."),
        ("BNS", "111(2)", BEFORE,
         "BNS came into force on 1 July 2024; BNS 111(2) has no IPC equivalent, so for an offence on 30-06-2024 "
         "cite the IPC or special-law sections that apply."),
        ("IPC", "124A", AFTER,
         "IPC 124A was repealed from 1 July 2024; IPC 124A has no BNS equivalent, so for an offence on 15-01-2025 "
         "cite the BNS or special-law sections that apply."),
        ("crpc", "154", date(2024, 7, 2),
         "CrPC 154 was repealed from 1 July 2024; for an offence on 02-07-2024 use BNSS 173 (Information in "
         "cognizable cases)."),
        ("Evidence Act", "65B", AFTER,
         "Evidence Act 65B was repealed from 1 July 2024; for an offence on 15-01-2025 use BSA 63 (Admissibility "
         "of electronic records)."),
        ("BNS", "80", AFTER, "BNS 80 is not in the law master; did you mean BNS 80(2) (Dowry death)?"),
        ("BNS", "498A", AFTER,
         "BNS 498A is not in the law master; 498A is IPC 498A (Cruelty by husband or relative of husband); "
         "its BNS equivalent is BNS 85."),
        ("BNS", "106(2)", AFTER,
         "BNS 106(2) (Hit and run: causing death by rash and negligent driving and escaping without reporting) "
         "has not been brought into force. The BNS commencement notification of 2024 excluded this sub-section. "
         "Cite another section."),
    ],
)  # fmt: skip
def test_check_messages(laws: LawMaster, act: str, number: str, on: date, message: str) -> None:
    with pytest.raises(LawError) as err:
        laws.check(SectionRef(act, number), on)
    assert str(err.value) == message


def test_check_unknown_act_and_section(laws: LawMaster) -> None:
    with pytest.raises(LawError, match=r"^Unknown act 'XYZ'"):
        laws.check(SectionRef("XYZ", "1"), AFTER)
    with pytest.raises(
        LawError, match=r"^BNS 999 is not in the law master; did you mean BNS 99 \(Buying child"
    ):
        laws.check(SectionRef("BNS", "999"), AFTER)
    with pytest.raises(LawError, match=r"^NDPS Act 99999 is not in the law master\.$"):
        laws.check(SectionRef("NDPS", "99999"), AFTER)


@pytest.mark.parametrize(
    ("act", "number", "on", "expected"),
    [("IPC", "302", BEFORE, "IPC 302"), ("BNS", "103(1)", CUTOVER, "BNS 103(1)"), ("POCSO", "4", AFTER, "POCSO 4"),
     ("IPC", "376(2)(n)", date(2020, 1, 1), "IPC 376"), ("NDPS", "20(b)(ii)(C)", AFTER, "NDPS 20"),
     ("ARMS", "25(1B)(a)", AFTER, "ARMS 25(1B)"), ("EXCISE", "E1", date(1990, 1, 1), "EXCISE E1")],
)  # fmt: skip
def test_check_accepts_valid_citations(
    laws: LawMaster, act: str, number: str, on: date, expected: str
) -> None:
    assert str(laws.check(SectionRef(act, number), on)) == expected


def test_check_arms_act_before_it_commenced(laws: LawMaster) -> None:
    with pytest.raises(LawError, match=r"^Arms Act came into force on 1 October 1962; it does not apply"):
        laws.check(SectionRef("ARMS", "25"), date(1962, 9, 30))


# ----- sensitivity ------------------------------------------------------------------------------

SENSITIVE_BNS = {"64(1)", "64(2)", "65(1)", "65(2)", "66", "67", "68", "69", "70(1)", "70(2)", "71", "74",
                 "75(2)", "75(3)", "76", "77", "78(2)", "79", "124(1)", "124(2)"}  # fmt: skip
SENSITIVE_IPC = {"376", "376A", "376AB", "376B", "376C", "376D", "376DA", "376DB", "376E", "354", "354A", "354B",
                 "354C", "354D", "509", "326A", "326B"}  # fmt: skip


def test_sensitive_flags_are_exactly_the_listed_sections(laws: LawMaster) -> None:
    assert {s.number for s in laws.sections("BNS") if s.sensitive} == SENSITIVE_BNS
    assert {s.number for s in laws.sections("IPC") if s.sensitive} == SENSITIVE_IPC
    assert all(s.sensitive for s in laws.sections("POCSO")) and laws.act("POCSO").all_sections_sensitive
    others = {str(s) for s in laws.sections() if s.sensitive and s.act not in ("BNS", "IPC", "POCSO")}
    assert others == {"IT 67B", "SCST 3(1)(w)"}


@pytest.mark.parametrize(
    ("refs", "expected"),
    [
        ([], False), (["BNS 303(2)"], False), (["BNS 303(2)", "BNS 74"], True), (["IPC 376(2)(n)"], True),
        (["BNS 65"], True), (["POCSO 99"], True), (["pocso act 4"], True), (["XYZ 1"], False),
        (["BNS 85", "IPC 498A"], False), (["IPC 509"], True), (["BNS 124(2)"], True), (["BNS 999"], False),
    ],
)  # fmt: skip
def test_is_sensitive(laws: LawMaster, refs: list[str], expected: bool) -> None:
    parsed = [SectionRef(*r.rsplit(" ", 1)) for r in refs]
    assert laws.is_sensitive(parsed) is expected


# ----- value types and damaged data -------------------------------------------------------------


def test_section_values(laws: LawMaster) -> None:
    murder = laws.section("BNS", "103(1)")
    assert murder is not None
    assert (str(murder), murder.label, str(murder.ref)) == ("BNS 103(1)", "BNS 103(1) (Murder)", "BNS 103(1)")
    assert (murder.cognizable, murder.bailable, murder.max_punishment, murder.title_hi) == (True, False, "death",
                                                                                           "हत्या")  # fmt: skip
    assert murder.max_years == float("inf")
    assert laws.section("BNS", "189(2)").max_years == 0.5  # type: ignore[union-attr]
    assert laws.section("BNS", "292").max_years == 0.0  # type: ignore[union-attr]
    assert laws.section("BNS", "3(5)").max_years is None  # type: ignore[union-attr]


def _act(code: str) -> Act:
    return Act(code, code, code, code, code, "penal", date(2000, 1, 1), None)


def _section(act: str, number: str, *eqs: SectionRef) -> Section:
    return Section(act, number, "T", None, None, None, None, eqs, (), False)


def test_damaged_data_is_refused() -> None:
    with pytest.raises(LawError, match=r"names missing equivalent OLD 9"):
        LawMaster([_act("NEW"), _act("OLD")], [_section("NEW", "1", SectionRef("OLD", "9"))])
    with pytest.raises(LawError, match=r"lists section 1\(1\) twice"):
        LawMaster([_act("NEW")], [_section("NEW", "1(1)"), _section("NEW", "1 (1)")])
    assert _act("X").in_force_on(date(2000, 1, 1)) and not _act("X").in_force_on(date(1999, 12, 31))
