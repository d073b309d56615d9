"""Match quality on synthetic spelling and script variants: precision and recall at the thresholds.

Run with ``-s`` to see the figures. The fixture's seed differs from the seeds used while choosing
the weights (7, 11, 13, 17), so this is a held-out measurement, not the tuning set.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from station_app.core.clock import SystemClock
from station_app.core.keys import open_keystore
from station_app.core.names import LIKELY, POSSIBLE
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices, set_up_station
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.fixtures.name_variants import build_cases

TEST_SEED = 2026


@dataclass
class Tally:
    hits: int = 0
    wrong: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return self.hits / (self.hits + self.wrong) if self.hits + self.wrong else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.expected if self.expected else 1.0


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Tally]:
    """Store every person once, enter every variant and look-alike, and count what is offered."""
    mp = pytest.MonkeyPatch()
    root = tmp_path_factory.mktemp("matching")
    mp.setenv("STATION_APP_ALLOW_INSECURE_KEYRING", "1")
    mp.setenv("STATION_APP_INSECURE_KEYRING_FILE", str(root / "keyring.json"))
    services = set_up_station(
        DataDir(root / "station"), open_keystore(), SystemClock(), IDENTITY, SHO, SHO_PASSWORD
    ).services
    try:
        sho = services.accounts.login(SHO.username, SHO_PASSWORD)
        return _measure(services, sho)
    finally:
        services.close()
        mp.undo()


def _measure(services: StationServices, sho: Actor) -> dict[str, Tally]:
    cases = build_cases(TEST_SEED)
    ids = {index: services.persons.create(sho, data).id for index, data in cases.stored}
    tallies = {"likely": Tally(), "possible": Tally(), "look-alikes": Tally()}
    for query in cases.queries:
        offered = services.persons.find_matches(sho, query.data, limit=20)
        want = ids[query.truth] if query.truth is not None else None
        for level, floor in (("likely", LIKELY), ("possible", POSSIBLE)):
            tally = tallies[level]
            shown = [m for m in offered if m.score >= floor]
            tally.expected += want is not None
            tally.hits += any(m.person.id == want for m in shown)
            tally.wrong += sum(1 for m in shown if m.person.id != want)
        if query.kind != "variant":  # a different person being entered: any "likely" is a false alarm
            look = tallies["look-alikes"]
            look.expected += 1
            look.wrong += any(m.level == "likely" for m in offered)
    lines = [
        f"  {name:<9} precision {t.precision:.3f}  recall {t.recall:.3f}  (found {t.hits} of {t.expected}, {t.wrong} wrong)"
        for name, t in tallies.items()
        if name != "look-alikes"
    ]
    look = tallies["look-alikes"]
    print(
        f"\nPerson matching on {len(cases.stored)} stored records, {len(cases.queries)} entries (seed {TEST_SEED}):\n"
        + "\n".join(lines)
        + f"\n  look-alikes entered as new people: {look.wrong} of {look.expected} wrongly offered as 'likely'"
    )
    return tallies


def test_likely_matches_are_precise_and_find_most_duplicates(outcome: dict[str, Tally]) -> None:
    likely = outcome["likely"]
    assert likely.precision >= 0.95
    assert likely.recall >= 0.90


def test_possible_matches_find_nearly_every_duplicate(outcome: dict[str, Tally]) -> None:
    assert outcome["possible"].recall >= 0.97


def test_look_alikes_are_not_offered_as_likely(outcome: dict[str, Tally]) -> None:
    look = outcome["look-alikes"]
    assert look.wrong <= max(1, look.expected // 20)
