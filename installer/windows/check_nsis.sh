#!/usr/bin/env bash
# Compile installer/windows/station-app.nsi with Debian's makensis against a stand-in payload (a
# folder shaped like the PyInstaller onedir build, with placeholder files), so that CI catches
# script errors without Windows. Warnings count as errors (-WX).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
TREE="$(cd "$HERE/../.." && pwd)"
if ! command -v makensis >/dev/null; then
  [ "$(id -u)" -eq 0 ] || { echo "makensis is missing: sudo apt-get install -y nsis"; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nsis >/dev/null
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
payload="$WORK/station-app"
mkdir -p "$payload/_internal/forms/laws" "$payload/_internal/resources/fonts"
printf 'MZ stand-in for the windowed program\n' >"$payload/station-app.exe"
printf 'MZ stand-in for the console program\n' >"$payload/station-app-cli.exe"
printf '{}\n' >"$payload/_internal/forms/laws/BNS.json"
cp "$TREE/resources/fonts/NotoSans-Regular.ttf" "$payload/_internal/resources/fonts/"
version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$TREE/station_app/__init__.py")
out="$WORK/station-app-setup-$version.exe"
makensis -V2 -WX -DVERSION="$version" -DPAYLOAD="$payload" -DOUTFILE="$out" "$HERE/station-app.nsi"
[ "$(head -c 2 "$out")" = "MZ" ] || { echo "makensis wrote no Windows program"; exit 1; }
echo "NSIS script compiled: $(basename "$out"), $(stat -c %s "$out") bytes (stand-in payload)"
