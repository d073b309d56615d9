"""Reading our PDFs back: English text with pypdf, Hindi with pdfium (/ActualText), QR codes with zxing."""

from __future__ import annotations

import io
import unicodedata
from typing import Any

import pypdf
import pypdfium2 as pdfium
import zxingcpp


def english(pdf: bytes) -> list[str]:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return [" ".join(unicodedata.normalize("NFKC", page.extract_text()).split()) for page in pages]


def hindi(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [" ".join(doc[i].get_textpage().get_text_range().split()) for i in range(len(doc))]
    finally:
        doc.close()


def qr_codes(pdf: bytes, page: int) -> list[Any]:
    doc = pdfium.PdfDocument(pdf)
    try:
        image = doc[page].render(scale=200 / 72).to_pil()
    finally:
        doc.close()
    return list(zxingcpp.read_barcodes(image))
