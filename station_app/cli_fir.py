"""`station-app fir list|show|print`: registered FIRs from the command line, as a signed-in officer.

    station-app fir list [--year Y] [--json] --user USER
    station-app fir show --year Y --number N [--zero] [--json] --user USER
    station-app fir print --year Y --number N [--zero] [--copy informant|court|sp|public] -o out.pdf --user USER

The officer's password comes from STATION_APP_PASSWORD or a prompt, as for `import`. What is shown
is what that officer may see: in a sensitive case the victim's identity only for the SHO and the
investigating officer; the informant's and the court's copy of a sensitive FIR only for them too.
Every print is an audited event.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from station_app.cli_signin import PASSWORD_ENV, sign_in
from station_app.core.keys import open_keystore
from station_app.core.localtime import to_ist
from station_app.core.numbering import FIR_SERIES, ZERO_FIR_SERIES
from station_app.core.outputs import OutputFiles
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices, open_services
from station_app.core.services.fir_register import RegisterQuery
from station_app.core.victim_mask import may_see_identity

if TYPE_CHECKING:
    from station_app.cli_context import CliContext
    from station_app.core.printing.fir_copy import CopyKind

COPIES = ("informant", "court", "sp", "public")
PAGE = 500


def _signed_in(ctx: CliContext, services: StationServices) -> Actor:
    return sign_in(ctx, services, ctx.args.user)


def cmd_fir_list(ctx: CliContext) -> int:
    a = ctx.args
    services = open_services(ctx.data_dir, open_keystore(), ctx.clock)
    try:
        actor = _signed_in(ctx, services)
        query = RegisterQuery(year=a.year, descending=False)
        rows: list[dict[str, Any]] = []
        offset = 0
        while True:
            page = services.fir_register.page(actor, query, offset, PAGE)
            for s in page:
                rows.append(
                    {
                        "fir_no": s.fir_no,
                        "series": s.series,
                        "number": s.number,
                        "year": s.year,
                        "date": to_ist(s.registered_at).date().isoformat() if s.registered_at else None,
                        "sections": s.sections_text,
                        "sensitive": s.sensitive,
                        "status": s.status,
                        "complainant": s.complainant_name,
                    }
                )
            offset += len(page)
            if len(page) < PAGE:
                break
    finally:
        services.close()
    if a.json:
        ctx.print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for r in rows:
        mark = "  sensitive" if r["sensitive"] else ""
        ctx.print(f"{r['fir_no']:<12} {r['date'] or '':<10}  {r['status']:<11} {r['sections']}{mark}")
    ctx.print(f"{len(rows)} FIR{'s' if len(rows) != 1 else ''}")
    return 0


def cmd_fir_show(ctx: CliContext) -> int:
    a = ctx.args
    services = open_services(ctx.data_dir, open_keystore(), ctx.clock)
    try:
        actor = _signed_in(ctx, services)
        record = services.firs.visible(actor, a.year, a.number, ZERO_FIR_SERIES if a.zero else FIR_SERIES)
    finally:
        services.close()
    content = record.content or {}
    shown = {
        "fir_no": record.summary.fir_no,
        "year": record.summary.year,
        "number": record.summary.number,
        "status": record.summary.status,
        "sensitive": record.summary.sensitive,
        "identity_withheld": bool(content.get("identity_withheld")),
        "digest": record.digest,
        "content": content,
    }
    if a.json:
        ctx.print(json.dumps(shown, ensure_ascii=False, indent=1))
        return 0
    values = record.values
    ctx.print(
        f"FIR {record.summary.fir_no} ({record.summary.status}), registered {content.get('registered_at')}"
    )
    ctx.print(f"Sections: {record.summary.sections_text}")
    ctx.print(f"Complainant: {values.get('complainant_name', '')}")
    if values.get("victim_name"):
        ctx.print(f"Victim: {values['victim_name']}")
    if shown["identity_withheld"]:
        ctx.print("The victim's identity is withheld: your role may not see it.")
    ctx.print("")
    ctx.print(str(values.get("narrative") or ""))
    return 0


def cmd_fir_print(ctx: CliContext) -> int:
    a = ctx.args
    output, outputs = Path(a.output), OutputFiles(ctx.data_dir.root)
    outputs.check(output, what="The FIR copy", replace=a.force)  # before the password is asked
    services = open_services(ctx.data_dir, open_keystore(), ctx.clock)
    try:
        actor = _signed_in(ctx, services)
        record = services.firs.find(actor, a.year, a.number, ZERO_FIR_SERIES if a.zero else FIR_SERIES)
        pdf = services.fir_print.copy_pdf(actor, record.id, cast("CopyKind", a.copy))
    finally:
        services.close()
    outputs.write_bytes(output, pdf, what="The FIR copy", replace=a.force)
    ctx.print(f"FIR {record.summary.fir_no} ({a.copy} copy) written to {output}")
    if record.summary.sensitive and not may_see_identity(actor):
        ctx.print("The victim's identity is withheld on this copy.")
    return 0


def add_fir_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("fir", help="FIR commands (fir list, fir show, fir print)")
    fir_sub = p.add_subparsers(dest="fir_command", metavar="FIR_COMMAND", required=True)
    user_help = f"the officer asking (password: ${PASSWORD_ENV} or prompt)"

    pl = fir_sub.add_parser("list", help="list the registered FIRs (of one year)")
    pl.add_argument("--year", type=int, help="only this year of registration")
    pl.add_argument("--json", action="store_true", help="machine-readable output")
    pl.add_argument("--user", metavar="USERNAME", help=user_help)
    pl.set_defaults(func=cmd_fir_list)

    ps = fir_sub.add_parser("show", help="show a registered FIR as the officer may see it")
    ps.add_argument("--year", type=int, required=True, help="year of registration")
    ps.add_argument("--number", type=int, required=True, help="FIR number within the year")
    ps.add_argument("--zero", action="store_true", help="the number is a Zero FIR's (Z-0003/2026)")
    ps.add_argument("--json", action="store_true", help="machine-readable output (the registered content)")
    ps.add_argument("--user", metavar="USERNAME", help=user_help)
    ps.set_defaults(func=cmd_fir_show)

    pp = fir_sub.add_parser("print", help="write a copy of a registered FIR as a PDF")
    pp.add_argument("--year", type=int, required=True, help="year of registration")
    pp.add_argument("--number", type=int, required=True, help="FIR number within the year")
    pp.add_argument("--zero", action="store_true", help="the number is a Zero FIR's (Z-0003/2026)")
    pp.add_argument(
        "--copy",
        choices=COPIES,
        default="informant",
        help="which copy (default: informant); sp and public withhold a victim's identity",
    )
    pp.add_argument("-o", "--output", required=True, metavar="PDF", help="where to write the PDF")
    pp.add_argument("--force", action="store_true", help="replace the PDF if it exists")
    pp.add_argument("--user", metavar="USERNAME", help=user_help)
    pp.set_defaults(func=cmd_fir_print)
