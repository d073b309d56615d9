"""Small look-ups several services share."""

from __future__ import annotations

from sqlalchemy.orm import Session

from station_app.core.errors import NotFoundError
from station_app.core.models import Officer


def officer_card(session: Session, officer_id: str | None) -> dict[str, str] | None:
    """Name, rank and number as printed on legal documents, frozen at the time of the act."""
    officer = session.get(Officer, officer_id) if officer_id else None
    if officer is None:
        return None
    return {"name": officer.full_name, "rank": officer.rank, "belt_number": officer.belt_number}


def officer_signature(session: Session, officer_id: str) -> str:
    card = officer_card(session, officer_id)
    if card is None:
        raise NotFoundError("That officer's account does not exist.")
    number = f", No. {card['belt_number']}" if card["belt_number"] else ""
    return f"{card['name']} ({card['rank']}{number})"
