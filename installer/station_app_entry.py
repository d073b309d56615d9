"""The frozen program's entry point (PyInstaller runs this file): the same as `station-app`."""

import sys

from station_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
