"""Legacy (paper) records: digitising them one at a time, their scanned pages, and their sources.

Bulk import of whole registers is in ``station_app.core.importers``; it writes through the same
``writer`` so a record typed in and a record imported are stored the same way.
"""

from station_app.core.services.legacy.attachments import (
    MAX_ATTACHMENT_BYTES,
    AttachmentInfo,
    AttachmentService,
)
from station_app.core.services.legacy.service import (
    DigitisedRecord,
    LegacyArrestInfo,
    LegacyService,
    SourceInfo,
)
from station_app.core.services.legacy.writer import RowConflict

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "AttachmentInfo",
    "AttachmentService",
    "DigitisedRecord",
    "LegacyArrestInfo",
    "LegacyService",
    "RowConflict",
    "SourceInfo",
]
