"""The Python heap of a running desk: what lives as long as the app is kept out of the collector's way.

The cyclic garbage collector's full collections walk every object the process holds; with the law
master, forms and the Qt wrappers of a desk that is enough to stop every thread for about 100 ms,
and during a bulk import (which makes garbage fast) that happened every few seconds: the GUI thread
stalled. ``gc.freeze`` moves the objects alive now into a generation the collector never walks;
what an import or a view creates afterwards is collected as usual.
"""

from __future__ import annotations

import gc


def freeze_long_lived() -> None:
    """Call once the station is open (its long-lived objects exist); cheap to call again."""
    gc.collect()
    gc.freeze()


def unfreeze() -> None:
    """Return the frozen objects to the collector (tests, which build and drop many desks)."""
    gc.unfreeze()
