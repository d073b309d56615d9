"""The printed IIF-4 Property Search and Seizure Memo, with the chain of custody as an annexure.

Items 2 to 8 come from the form definition (``forms/definitions/iif4_seizure.json``) in its order:
the property table gains each article's malkhana number (M-0001/2026) beside its seal marking, and
item 5 prints the particulars of the person seized from as frozen in the memo. Fixed here: item 1
(case identity), the total value, the certificate of the search (two independent witnesses, BNSS
103; audio-video recording, 105; sealing; copy given), item 9 (specimen seal and the signatures of
the person or occupant, both witnesses and the officer), and the annexure: every movement of every
article from the place of seizure on.

A QR code at the foot of page 1 and after the signatures carries ``seizure:v1:...``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from forms.schema import FormDef
from station_app.core.printing.document import PageSpec, QRCode, build_pdf
from station_app.core.printing.fir_parts import (
    QR_SIZE,
    Cell,
    FirStyles,
    NotOnPageOne,
    PageOneFoot,
    grid,
    inline_item,
    item_table,
    qr_block,
)
from station_app.core.printing.fir_text import DASH, rupees, to_decimal, when
from station_app.core.printing.memo_parts import (
    ADDRESS,
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
    plain_number,
    signature_row,
)
from station_app.core.printing.record_codes import SeizureQr, parse_seizure_qr, seizure_qr_payload
from station_app.core.printing.text import bilingual, paragraph

__all__ = ["SeizureQr", "parse_seizure_qr", "render_seizure_memo", "seizure_qr_payload"]

CAPTION = ("(Sections 49, 103, 105, 106 and 185 B.N.S.S.)", "(बी.एन.एस.एस. धारा 49, 103, 105, 106 एवं 185)")
STATUSES = {
    "in_malkhana": ("In the malkhana", "मालखाने में"),
    "out": ("Out of the malkhana", "मालखाने से बाहर"),
    "returned_to_owner": ("Returned to the owner", "स्वामी को लौटाई गई"),
    "disposed": ("Disposed of", "निस्तारित"),
}
MALKHANA_NO = bilingual("Malkhana No.", "मालखाना सं.")


def render_seizure_memo(
    content: Mapping[str, Any],
    *,
    digest: str,
    form: FormDef,
    training: bool,
    items: Sequence[Mapping[str, Any]],
    custody: Sequence[Sequence[Mapping[str, Any]]],
    gd_text: str = DASH,
    fir_registered_at: Any = None,
) -> bytes:
    """A seizure memo's frozen ``content`` as PDF bytes. ``items`` are its malkhana articles in
    memo order (``malkhana_ref``, ``description``, ``seal``, ``location``, ``status``) and
    ``custody`` their movements (``at``, ``from``, ``to``, ``purpose``, ``handed_over_by``,
    ``received_by``, ``reference``), item by item."""
    payload = seizure_qr_payload(dict(content), digest)
    fs = FirStyles()
    station, values = content["station"], content.get("values") or {}
    seized_from = content.get("seized_from")
    refs = [str(i.get("malkhana_ref") or DASH) for i in items]
    memo = FormItems(
        form, values, fs,
        texts={"gd_entry": gd_text},
        expand={"seized_from": person_cells(seized_from) if seized_from else [Cell(bilingual("Name", "नाम"), DASH, 6)]},
        formats={"quantity": plain_number},
        extra_columns={"items": [(MALKHANA_NO, refs)]},
    )  # fmt: skip
    property_item = next((g.item for g in form.groups if g.key == "items"), "7")
    witness_item = next((g.item for g in form.groups if g.key == "witnesses"), "6")
    verification = _verification(content, digest, payload, fs)
    story: list[Flowable] = [
        PageOneFoot(verification),
        paragraph(form.title_en.upper(), fs.title),
        paragraph(form.title_hi, fs.title),
        paragraph(bilingual(*CAPTION), fs.base.small_center),
        Spacer(1, 3 * mm),
        case_identity(
            station,
            str(content["fir_no"]),
            fir_registered_at,
            [
                (bilingual("Memo recorded at", "ज्ञापन अभिलिखित"), when(content.get("recorded_at")), False),
                (bilingual("Articles seized", "ज़ब्त वस्तुएँ"), str(len(values.get("items") or [])), False),
            ],
            fs,
        ),
        gap(),
        *memo.all(
            after={
                "items": [_total(values, fs), gap()],
                "handling": [_certificate(values, seized_from, property_item, witness_item, fs), gap()],
            }
        ),
    ]
    last = max((int(g.item) for g in form.groups if g.item.isdigit()), default=8)
    signatures = _signatures(content, str(last + 1), fs)
    end = KeepTogether([*signatures, Spacer(1, 3 * mm), NotOnPageOne(verification)])
    story += [CondPageBreak(70 * mm), end, *_annexure(items, custody, fs)]
    page = PageSpec(
        header_left=f"{station['state']} Police",
        header_right="I.I.F.-IV",
        reference=f"FIR {content['fir_no']} · Seizure {when(values.get('seized_at'))} · P.S. "
        f"{station['station_name']} ({station['station_code']})",
        training=training,
        footer_note=bilingual("Seizure memo", "ज़ब्ती ज्ञापन") + (f" · {refs[0]}–{refs[-1]}" if refs else ""),
        title=f"Seizure memo, FIR {content['fir_no']}, P.S. {station['station_name']}",
        subject=payload,
    )
    return build_pdf(page, story)


def _total(values: Mapping[str, Any], fs: FirStyles) -> Flowable:
    amounts = [to_decimal(row.get("value")) for row in values.get("items") or [] if isinstance(row, Mapping)]
    known = [a for a in amounts if a is not None]
    total = rupees(sum(known, Decimal(0))) if known else DASH
    label = bilingual("Total value of the property seized (₹)", "ज़ब्त संपत्ति का कुल मूल्य (₹)")
    return inline_item(label, total, fs, bold=True)


def _certificate(
    values: Mapping[str, Any],
    seized_from: Mapping[str, Any] | None,
    items: str,
    witnesses: str,
    fs: FirStyles,
) -> Flowable:
    who_en = str(seized_from["name"]) if seized_from else "the occupant of the place"
    who_hi = str(seized_from["name"]) if seized_from else "स्थान के अधिभोगी"
    given = bool(values.get("copy_given"))
    copy_en = (
        f"a copy of this memo was given to {who_en}"
        if given
        else f"a copy of this memo was NOT given to {who_en}"
    )
    copy_hi = f"इस ज्ञापन की एक प्रति {who_hi} को दी गई" if given else f"इस ज्ञापन की प्रति {who_hi} को नहीं दी गई"
    av = str(values.get("av_recording") or DASH)
    english = (
        f"Certified that the property listed in item {items} was searched for and seized in the presence of "
        f"the two independent witnesses named in item {witnesses} (BNSS 103); that the search and seizure were "
        f"recorded by audio-video means, reference {av} (BNSS 105); that each article was packed and sealed "
        f"with the marking shown against it; and that {copy_en}."
    )
    hindi = (
        f"प्रमाणित किया जाता है कि मद {items} में सूचीबद्ध संपत्ति की तलाशी एवं ज़ब्ती मद {witnesses} में नामित दो स्वतंत्र "
        f"साक्षियों की उपस्थिति में की गई (बी.एन.एस.एस. धारा 103); तलाशी एवं ज़ब्ती की ऑडियो-वीडियो रिकॉर्डिंग की गई, "
        f"संदर्भ {av} (धारा 105); प्रत्येक वस्तु को उसके सामने दर्शाए अंकन सहित पैक एवं मुहरबंद किया गया; तथा {copy_hi}।"
    )
    title = bilingual("Certificate of search and seizure", "तलाशी एवं ज़ब्ती का प्रमाण-पत्र")
    return declaration(title, english, hindi, fs)


def _signatures(content: Mapping[str, Any], item: str, fs: FirStyles) -> list[Flowable]:
    values, officer = content.get("values") or {}, content.get("officer") or {}
    seized_from = content.get("seized_from") or {}
    heading = f"{item}. " + bilingual("Specimen seal and signatures", "नमूना मुहर एवं हस्ताक्षर")
    rows = signature_row(
        [
            (bilingual("Person seized from / occupant", "जिससे ज़ब्त किया गया / अधिभोगी"), SIGN_OR_LTI,
             [(NAME, str(seized_from.get("name") or ""))]),
            (bilingual("Investigating officer", "विवेचक अधिकारी"), SIGN,
             [(NAME, str(officer.get("name") or "")), (RANK, str(officer.get("rank") or "")),
              (NUMBER, str(officer.get("belt_number") or ""))]),
        ],
        fs,
    )  # fmt: skip
    witnesses = signature_row(
        [
            (bilingual(*label), SIGN,
             [(NAME, str(values.get(f"witness{n}_name") or "")), (ADDRESS, str(values.get(f"witness{n}_address") or ""))])
            for n, label in ((1, ("First witness", "प्रथम साक्षी")), (2, ("Second witness", "द्वितीय साक्षी")))
        ],
        fs,
    )  # fmt: skip
    seal = Table(
        [[paragraph(bilingual("Specimen seal impression", "नमूना मुहर की छाप"), fs.cell_label), ""]],
        colWidths=[40 * mm, 40 * mm],
        rowHeights=[28 * mm],
        hAlign="LEFT",
    )
    seal.setStyle(TableStyle([("BOX", (1, 0), (1, 0), 0.8, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
    return [item_table(heading, [], fs), Spacer(1, 2 * mm), seal, Spacer(1, 3 * mm), rows,
            Spacer(1, 4 * mm), witnesses]  # fmt: skip


def _annexure(
    items: Sequence[Mapping[str, Any]], custody: Sequence[Sequence[Mapping[str, Any]]], fs: FirStyles
) -> list[Flowable]:
    """The chain of custody: for each article, every hand-over from the place of seizure on."""
    out: list[Flowable] = [
        PageBreak(),
        paragraph(bilingual("Annexure: chain of custody", "अनुलग्नक: अभिरक्षा श्रृंखला"), fs.title),
        paragraph(
            bilingual(
                "Every movement of each article seized under this memo, in order, as recorded in the malkhana register.",
                "इस ज्ञापन में ज़ब्त प्रत्येक वस्तु का हर स्थानांतरण, क्रम से, मालखाना रजिस्टर के अनुसार।",
            ),
            fs.base.small_center,
        ),
        Spacer(1, 3 * mm),
    ]
    header = [
        bilingual("S.No.", "क्र.सं."), bilingual("Date and time", "दिनांक एवं समय"), bilingual("From", "से"),
        bilingual("To", "को"), bilingual("Purpose", "प्रयोजन"), bilingual("Handed over by", "सौंपने वाला"),
        bilingual("Received by", "प्राप्तकर्ता"), bilingual("Reference", "संदर्भ"),
    ]  # fmt: skip
    for item, moves in zip(items, custody, strict=True):
        status = STATUSES.get(str(item.get("status")), (str(item.get("status") or DASH), ""))
        title = (
            f"{item.get('malkhana_ref') or DASH} · {item.get('description') or DASH} · "
            f"{bilingual('Seal', 'मुहर')}: {item.get('seal') or DASH} · {bilingual('Now', 'वर्तमान')}: "
            f"{item.get('location') or DASH} ({bilingual(*status)})"
        )
        rows: list[list[Flowable | str]] = [
            [str(m.get("seq") or i), when(m.get("at")), str(m.get("from") or DASH), str(m.get("to") or DASH),
             str(m.get("purpose") or DASH), str(m.get("handed_over_by") or DASH), str(m.get("received_by") or DASH),
             str(m.get("reference") or DASH)]
            for i, m in enumerate(moves, start=1)
        ]  # fmt: skip
        out += [
            CondPageBreak(35 * mm),
            grid(title, None, header, rows, (0.6, 1.45, 1.7, 1.7, 1.9, 1.6, 1.6, 1.6), fs),
            gap(),
        ]
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
            (
                f"FIR {content['fir_no']} · {bilingual('Seizure memo', 'ज़ब्ती ज्ञापन')} · {station['station_code']}",
                fs.small,
            ),
            (f"SHA-256: {digest[:16]}…", fs.small),
        ],
    )
