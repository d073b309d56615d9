"""Law masters: IPC/BNS, CrPC/BNSS, Evidence Act/BSA and the special laws, with effective dates.

Qt-free and stdlib-only. Build one ``LawMaster.load()`` at start-up and pass it around::

    laws = LawMaster.load()
    laws.search("302", on=date(2025, 1, 3))     # BNS 302 ..., BNS 103(1) as IPC 302's equivalent, IPC 302
    laws.check(SectionRef("IPC", "302"), date(2024, 7, 5))  # LawError: ... use BNS 103(1) (Murder).
"""

from forms.law_master.master import LawMaster
from forms.law_master.model import (
    Act,
    ActKind,
    LawError,
    MatchKind,
    Section,
    SectionMatch,
    SectionRef,
)

__all__ = ["Act", "ActKind", "LawError", "LawMaster", "MatchKind", "Section", "SectionMatch", "SectionRef"]
