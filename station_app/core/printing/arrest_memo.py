"""The printed IIF-3 Arrest / Court Surrender Memo, one per accused, for signatures.

Items 2 to 13 come from the form definition (``forms/definitions/iif3_arrest.json``) in its order;
item 6 prints the person's particulars as frozen in the memo. Fixed here: item 1 (case identity and
the accused code), the certificate of the BNSS duties after item 8 (grounds and rights, BNSS 47 and
38; personal search, 49; no unnecessary restraint, 46; medical examination, 53; intimation to the
relative and the designated officer, 48 and 37), and item 14, the signatures: the arrested person's
countersignature or thumb impression, the attesting witness and the relative or friend (BNSS 36),
and the officer's name, rank and number.

A QR code at the foot of page 1 and at the end carries ``arrest:v1:...`` (``record_codes``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from forms.schema import FormDef
from station_app.core.printing.document import CONTENT_WIDTH, PageSpec, QRCode, build_pdf
from station_app.core.printing.fir_parts import (
    COLUMN_GAP,
    QR_SIZE,
    FirStyles,
    NotOnPageOne,
    PageOneFoot,
    band,
    item_table,
    qr_block,
    sign_block,
)
from station_app.core.printing.fir_text import DASH, as_datetime, when, yes_no
from station_app.core.printing.memo_parts import (
    ADDRESS,
    DATE_PLACE,
    NAME,
    NUMBER,
    RANK,
    SIGN,
    SIGN_OR_LTI,
    FormItems,
    case_identity,
    declaration,
    gap,
    person_cells,
    signature_row,
)
from station_app.core.printing.record_codes import ArrestQr, arrest_qr_payload, parse_arrest_qr
from station_app.core.printing.text import bilingual, paragraph

__all__ = ["ArrestQr", "arrest_qr_payload", "parse_arrest_qr", "render_arrest_memo"]

CAPTION = ("(Sections 35 to 38, 43, 47, 48 and 53 B.N.S.S.)", "(बी.एन.एस.एस. धारा 35 से 38, 43, 47, 48 एवं 53)")


def gd_text(gd: Mapping[str, Any] | None) -> str:
    """``GD No. 0045/2026, 14-03-2026 10:55 IST`` for a General Diary entry's number, year and time."""
    if not gd:
        return DASH
    return f"GD No. {int(gd['number']):04d}/{gd['year']}, {when(gd['entry_at'])}"


def render_arrest_memo(
    content: Mapping[str, Any],
    *,
    digest: str,
    form: FormDef,
    training: bool,
    gd_entry: Mapping[str, Any] | None = None,
    fir_registered_at: Any = None,
) -> bytes:
    """An arrest memo's frozen ``content`` as PDF bytes (A4, bilingual, page x of y, QR)."""
    payload = arrest_qr_payload(dict(content), digest)
    fs = FirStyles()
    station, values = content["station"], content.get("values") or {}
    person = content.get("person") or {}
    code, name = str(content["accused_code"]), str(person.get("name") or DASH)
    surrender = values.get("kind") == "surrender"
    form = _applicable(form, values)
    items = FormItems(
        form, values, fs, texts={"gd_entry": gd_text(gd_entry)}, expand={"person": person_cells(person)}
    )
    rights = next((g.item for g in form.groups if g.key == "rights"), "8")
    # The safeguards found at recording follow the last of items 2, 2(a) and 2(b) that is printed.
    last_arrest_item = [g.key for g in form.groups if g.key in ("arrest", *OPTIONAL_GROUPS)][-1]
    verification = _verification(content, digest, payload, fs)
    story: list[Flowable] = [
        PageOneFoot(verification),
        paragraph(form.title_en.upper(), fs.title),
        paragraph(form.title_hi, fs.title),
        paragraph(bilingual(*CAPTION), fs.base.small_center),
        Spacer(1, 2 * mm),
        band([(bilingual(f"Accused {code}: {name}", f"अभियुक्त {code}: {name}"), fs.band)], heavy=True),
        Spacer(1, 3 * mm),
        case_identity(
            station,
            str(content["fir_no"]),
            fir_registered_at,
            [
                (bilingual("Accused code", "अभियुक्त कोड"), code, True),
                (bilingual("Memo recorded at", "ज्ञापन अभिलिखित"), when(content.get("recorded_at")), False),
            ],
            fs,
        ),
        gap(),
        *items.all(
            after={
                "rights": [_duties(content, rights, fs), gap()],
                last_arrest_item: _safeguard_notes(content, fs),
            }
        ),
    ]
    end = KeepTogether([*_signatures(content, surrender, fs), Spacer(1, 3 * mm), NotOnPageOne(verification)])
    story += [CondPageBreak(60 * mm), end]
    page = PageSpec(
        header_left=f"{station['state']} Police",
        header_right="I.I.F.-III",
        reference=f"FIR {content['fir_no']} · {code} {name} · P.S. {station['station_name']} ({station['station_code']})",
        training=training,
        footer_note=f"{bilingual('Arrest memo', 'गिरफ़्तारी ज्ञापन')} · {code}",
        title=f"Arrest memo {code}, FIR {content['fir_no']}, P.S. {station['station_name']}",
        subject=payload,
    )
    return build_pdf(page, story)


OPTIONAL_GROUPS = ("night", "senior_permission")  # printed only when they apply or hold something


def _applicable(form: FormDef, values: Mapping[str, Any]) -> FormDef:
    """The form without items 2(a) (a woman at night) and 2(b) (DSP permission) when they are empty:
    a memo that needed neither does not print two blank boxes."""

    def used(group: str) -> bool:
        return any(values.get(f.name) not in (None, "", False) for f in form.fields_in(group))

    keep = tuple(g for g in form.groups if g.key not in OPTIONAL_GROUPS or used(g.key))
    return replace(form, groups=keep)


def _bail_words(content: Mapping[str, Any]) -> tuple[str, str]:
    """What the certificate says of bail (BNSS 47(2)): the right to bail only when every section is
    bailable; a memo from before the check (no ``safeguards``) prints as it always did."""
    safeguards = content.get("safeguards")
    if not isinstance(safeguards, Mapping) or safeguards.get("bail_right") is True:
        return (
            "together with the right to be released on bail (BNSS 47(2)) and to meet an advocate of his or her "
            "choice (BNSS 38)",
            "तथा ज़मानत पर रिहा होने (बी.एन.एस.एस. धारा 47(2)) एवं अपनी पसंद के अधिवक्ता से मिलने का अधिकार (धारा 38) "
            "बताया गया",
        )
    return (
        "together with the right to meet an advocate of his or her choice (BNSS 38)",
        "तथा अपनी पसंद के अधिवक्ता से मिलने का अधिकार (बी.एन.एस.एस. धारा 38) बताया गया",
    )


def _duties(content: Mapping[str, Any], item: str, fs: FirStyles) -> Flowable:
    """The certificate of the duties of arrest, filled in from the memo's own values."""
    values: Mapping[str, Any] = content.get("values") or {}
    informed = as_datetime(values.get("informed_at"))
    designated = as_datetime(values.get("designated_officer_informed_at"))
    medical = as_datetime(values.get("medical_exam_at"))
    search = str(values.get("personal_search") or "").strip()
    nil = search.upper() in ("", "NIL", "NONE")
    receipt = yes_no(values.get("search_receipt_given"))

    def at(moment: Any, hindi: bool = False) -> str:
        if moment is None:
            return "—"
        # Only ASCII in strftime formats: Windows C runtimes mangle others.
        on, hours = moment.strftime("%d-%m-%Y"), moment.strftime("%H:%M")
        return f"{on} को {hours} बजे" if hindi else f"{on} at {hours} hrs"

    who = f"{values.get('informed_name') or DASH} ({values.get('informed_relation') or DASH})"
    place = str(values.get("custody_place") or "").strip()
    told = str(values.get("custody_place_told_to") or "").strip()
    custody_en = (
        f"; that the person is held at {place} and this place of custody was told to {told} (D.K. Basu)"
        if place
        else ""
    )
    custody_hi = (
        f"; व्यक्ति को {place} में रखा गया है तथा अभिरक्षा का यह स्थान {told} को बताया गया (डी.के. बसु)"
        if place
        else ""
    )
    bail_en, bail_hi = _bail_words(content)
    found_en = (
        "nothing was found (NIL)"
        if nil
        else f"the articles listed in item {item} were found; receipt given: {receipt}"
    )
    found_hi = "कुछ नहीं मिला (शून्य)" if nil else f"मद {item} में सूचीबद्ध वस्तुएँ मिलीं; रसीद दी गई: {receipt}"
    english = (
        f"Certified that the grounds of arrest written in item {item} were told to the arrested person in a "
        f"language he or she understands, {bail_en}; that on personal search, made with decency (BNSS 49), "
        f"{found_en}; that the person was treated with dignity and no more restraint was used than was "
        f"necessary (BNSS 46); that the person was medically examined on {at(medical)} by "
        f"{values.get('medical_officer') or DASH} (BNSS 53); and that the arrest was made known to {who} on "
        f"{at(informed)} and to the district designated officer / control room on {at(designated)} "
        f"(BNSS 48, 37){custody_en}."
    )
    hindi = (
        f"प्रमाणित किया जाता है कि मद {item} में लिखे गिरफ़्तारी के आधार गिरफ़्तार व्यक्ति को उसकी समझ की भाषा में "
        f"बताए गए {bail_hi}; शालीनता से ली गई व्यक्तिगत तलाशी (धारा 49) में {found_hi}; व्यक्ति के साथ "
        f"गरिमापूर्ण व्यवहार किया गया तथा आवश्यकता से अधिक प्रतिबंध नहीं लगाया गया (धारा 46); व्यक्ति का चिकित्सीय परीक्षण "
        f"{at(medical, True)} किया गया (धारा 53); तथा गिरफ़्तारी की सूचना {who} को {at(informed, True)} एवं ज़िला नामित "
        f"अधिकारी / नियंत्रण कक्ष को {at(designated, True)} दी गई (धारा 48, 37){custody_hi}।"
    )
    title = bilingual("Certificate of the duties of arrest", "गिरफ़्तारी संबंधी दायित्वों का प्रमाण-पत्र")
    return declaration(title, english, hindi, fs)


def _safeguard_notes(content: Mapping[str, Any], fs: FirStyles) -> list[Flowable]:
    """What the app found when the memo was recorded: night or day at the station (BNSS 43(5)), a
    woman officer's arrest of a woman (43(1)), DSP permission (35(7)), bail (47(2))."""
    safeguards = content.get("safeguards")
    if not isinstance(safeguards, Mapping):
        return []
    values: Mapping[str, Any] = content.get("values") or {}
    lines: list[str] = []
    sunrise, sunset = as_datetime(safeguards.get("sunrise")), as_datetime(safeguards.get("sunset"))
    if sunrise is not None and sunset is not None:
        period = ("between sunset and sunrise", "सूर्यास्त एवं सूर्योदय के बीच") if safeguards.get("at_night") else (
            "between sunrise and sunset", "सूर्योदय एवं सूर्यास्त के बीच")  # fmt: skip
        lines.append(bilingual(
            f"Arrest made {period[0]} (sunrise {sunrise:%H:%M}, sunset {sunset:%H:%M} IST; {safeguards.get('sun_source')})",
            f"गिरफ़्तारी {period[1]} (सूर्योदय {sunrise:%H:%M}, सूर्यास्त {sunset:%H:%M})",
        ))  # fmt: skip
    if values.get("arrested_by_woman_officer") is True:
        lines.append(bilingual(
            f"Arrest made by a woman police officer: {values.get('woman_officer') or DASH} (BNSS 43(1))",
            f"गिरफ़्तारी महिला पुलिस अधिकारी द्वारा: {values.get('woman_officer') or DASH} (धारा 43(1))",
        ))  # fmt: skip
    if safeguards.get("dsp_permission_needed"):
        lines.append(bilingual(
            f"Prior permission of an officer not below DSP (BNSS 35(7)): {values.get('dsp_permission_by') or DASH}, "
            f"{values.get('dsp_permission_ref') or ''} {when(values.get('dsp_permission_at'))}",
            "उप पुलिस अधीक्षक से अनिम्न अधिकारी की पूर्व अनुमति (धारा 35(7))",
        ))  # fmt: skip
    if safeguards.get("bail_right") is False:
        sections = ", ".join(str(s) for s in safeguards.get("not_bailable") or [])
        lines.append(bilingual(
            f"Not every offence is bailable ({sections}): the right to bail of BNSS 47(2) is not stated",
            f"प्रत्येक अपराध ज़मानतीय नहीं ({sections}): धारा 47(2) का ज़मानत अधिकार लागू नहीं",
        ))  # fmt: skip
    if not lines:
        return []
    title = bilingual("Safeguards of the arrest", "गिरफ़्तारी के सुरक्षा उपाय")
    return [band([(title, fs.mark), *[(line, fs.value) for line in lines]], heavy=False), gap()]


def _signatures(content: Mapping[str, Any], surrender: bool, fs: FirStyles) -> list[Flowable]:
    values, officer = content.get("values") or {}, content.get("officer") or {}
    person = str((content.get("person") or {}).get("name") or "")
    heading = "14. " + bilingual("Signatures", "हस्ताक्षर")
    whom = ("surrendered", "आत्मसमर्पित") if surrender else ("arrested", "गिरफ़्तार")
    first = signature_row(
        [
            (
                bilingual(
                    f"Countersigned by the {whom[0]} person (BNSS 36)",
                    f"{whom[1]} व्यक्ति के प्रति-हस्ताक्षर (धारा 36)",
                ),
                SIGN_OR_LTI,
                [(NAME, person)],
            ),
            (
                bilingual("Witness attesting the memo (BNSS 36)", "ज्ञापन का अनुप्रमाणक साक्षी (धारा 36)"),
                SIGN,
                [
                    (NAME, str(values.get("witness_name") or "")),
                    (ADDRESS, str(values.get("witness_address") or "")),
                ],
            ),
        ],
        fs,
    )
    second = signature_row(
        [
            (
                bilingual("Attested by a relative or friend, if present (BNSS 36)", "संबंधी या मित्र द्वारा अनुप्रमाणित, यदि उपस्थित (धारा 36)"),
                SIGN,
                [(NAME, ""), (bilingual("Relation", "संबंध"), "")],
            ),
            (
                bilingual("Arresting / investigating officer", "गिरफ़्तारकर्ता / विवेचक अधिकारी"),
                SIGN,
                [(NAME, str(officer.get("name") or "")), (RANK, str(officer.get("rank") or "")),
                 (NUMBER, str(officer.get("belt_number") or "")), (DATE_PLACE, "")],
            ),
        ],
        fs,
    )  # fmt: skip
    out = [item_table(heading, [], fs), Spacer(1, 2 * mm), first, Spacer(1, 4 * mm), second]
    if values.get("arrested_by_woman_officer") is True:
        role = bilingual(
            "Woman police officer who made the arrest (BNSS 43(1))",
            "गिरफ़्तार करने वाली महिला पुलिस अधिकारी (धारा 43(1))",
        )
        half = (CONTENT_WIDTH - COLUMN_GAP) / 2
        block = sign_block(
            role, SIGN, [(NAME, str(values.get("woman_officer") or "")), (DATE_PLACE, "")], fs, half
        )
        woman = Table([["", "", block]], colWidths=[half, COLUMN_GAP, half], hAlign="LEFT")
        woman.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP")] + [
            (side, (0, 0), (-1, -1), 0) for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
        ])  # fmt: skip
        out += [Spacer(1, 4 * mm), woman]
    return out


def _verification(content: Mapping[str, Any], digest: str, payload: str, fs: FirStyles) -> Flowable:
    station = content["station"]
    return qr_block(
        QRCode(payload, size=QR_SIZE),
        [
            (bilingual("Verification", "सत्यापन"), fs.small_bold),
            (
                bilingual(
                    "Scan the code to check this memo against the station's record.",
                    "कोड स्कैन कर इस ज्ञापन का थाने के अभिलेख से मिलान करें।",
                ),
                fs.small,
            ),
            (f"FIR {content['fir_no']} · {content['accused_code']} · {station['station_code']}", fs.small),
            (f"SHA-256: {digest[:16]}…", fs.small),
        ],
    )
