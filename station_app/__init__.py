"""The station app.

The folders sync/, forms/ and resources/ sit at the top of the checkout, but their import names are
``station_app.sync``, ``station_app.forms`` and ``station_app.resources`` (issue 13: no generic
top-level names in site-packages). An installed wheel holds them under station_app/
([tool.setuptools.package-dir] in pyproject.toml). In a source checkout the finder below maps those
three names, and only those, onto the folders: no symlinks, the same on Windows, nothing else of the
checkout becomes importable under station_app.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

__version__ = "0.1.0"

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent
_MAPPED = ("sync", "forms", "resources")


class _CheckoutFolders(importlib.abc.MetaPathFinder):
    """``station_app.sync`` -> <checkout>/sync/ (and forms, resources); submodules then follow the
    package's ``__path__`` as usual."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        parent, _, name = fullname.rpartition(".")
        if parent != __name__ or name not in _MAPPED:
            return None
        folder = _CHECKOUT / name
        return importlib.util.spec_from_file_location(
            fullname, folder / "__init__.py", submodule_search_locations=[str(folder)]
        )


def _in_source_checkout() -> bool:
    # Installed or frozen, the packages are really under station_app/ and nothing is mapped.
    return (_CHECKOUT / "pyproject.toml").is_file() and all(
        not (_PACKAGE / name).exists() and (_CHECKOUT / name / "__init__.py").is_file() for name in _MAPPED
    )


if _in_source_checkout() and not any(type(f).__name__ == "_CheckoutFolders" for f in sys.meta_path):
    sys.meta_path.append(_CheckoutFolders())
