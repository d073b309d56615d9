"""Signing an officer in on the command line: every command that reads or writes records acts as a
named officer (``--user``), checked like a sign-in at the desk and audited as that officer's work.

The password comes from STATION_APP_PASSWORD (scripts) or a prompt at a terminal, never from the
command line, where other users of the machine could read it in the process list.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING

from station_app.core.errors import UsageError, ValidationError
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices

if TYPE_CHECKING:
    from station_app.cli_context import CliContext

PASSWORD_ENV = "STATION_APP_PASSWORD"


def password_for(ctx: CliContext, user: str) -> str:
    password = os.environ.get(PASSWORD_ENV)
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise ValidationError(
            {"password": f"Give {user}'s password in {PASSWORD_ENV} when not run at a terminal."}
        )
    return getpass.getpass(f"Password for {user}: ")


def sign_in(ctx: CliContext, services: StationServices, user: str | None) -> Actor:
    """The officer the command acts for. Wrong passwords count towards the lockout as at the desk; a
    password the SHO set must be changed in the app first (the services refuse everything else)."""
    if not user:
        raise UsageError("say which officer runs this command: --user USERNAME")
    return services.accounts.login(user, password_for(ctx, user))


def add_user_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--user",
        metavar="USERNAME",
        help=f"the officer {what} (password: ${PASSWORD_ENV} or a prompt)",
    )
