#!/usr/bin/env bash
# The station app on a machine with nothing of ours installed: a plain Debian (debootstrap minbase,
# plus only python3, python3-venv and ca-certificates, as the README's Quick start assumes).
#
#   installer/check_plain_debian.sh [deb] [quickstart]     (both when none is named; root only)
#
# quickstart  copies this tree into a fresh chroot and runs the README's two commands there:
#             `python3 dev.py run` on an Xvfb display must open the first-run wizard (its window is
#             looked up by title, a screenshot is kept, Escape closes it and the app must exit 0),
#             then `python3 dev.py test` with a small selection of tests (see installer/README.md).
# deb         builds dist/station-app_<v>_amd64.deb (python3 dev.py package) and one from the same
#             tree with a higher version and one more migration, then in another fresh chroot:
#             install with apt, --version, set up a training station, print an FIR, upgrade (data and
#             key intact, migration run, backup taken first), remove, purge (data still there), and
#             reinstall the old version over the newer data (refused: the database is newer).
#
# The plain Debian is made once and cached in $STATION_APP_CI_CACHE (default
# /var/cache/station-app-ci); each check runs in a throw-away overlay of it. Where debootstrap or
# chroot cannot be had, the checks run on this machine instead, and say so.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
TREE="$(cd "$HERE/.." && pwd)"
CACHE="${STATION_APP_CI_CACHE:-/var/cache/station-app-ci}"
SUITE="${STATION_APP_CI_SUITE:-bookworm}"
BASE="$CACHE/$SUITE"
ARTIFACTS="${STATION_APP_CI_ARTIFACTS:-$TREE/build/plain-debian}"
DISPLAY_NUM=":${STATION_APP_CI_DISPLAY:-97}"  # the first free one from here
CHROOT_PG_PORT=5499  # the chroot shares this machine's network, whose 5432 may be taken
WORK="$(mktemp -d /var/tmp/station-app-plain.XXXXXX)"
MOUNTED=()
STARTED_PIDS=()
HOST_MODE=""       # set when no chroot can be made: the checks then run on this machine
HOMEDIR=/root      # the home folder of the user the checks run as (inside the chroot)
SECONDS=0

log() { printf '[plain-debian %4ss] %s\n' "$SECONDS" "$*"; }
fail() { log "FAILED: $*"; exit 1; }

cleanup() {
  local code=$?
  set +e
  for pid in "${STARTED_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for root in "$WORK"/*/merged; do
    [ -d "$root" ] || continue
    # A PostgreSQL started inside by dev.py, or anything else still running from the chroot.
    for proc in /proc/[0-9]*; do
      [ "$(readlink "$proc/root" 2>/dev/null)" = "$root" ] && kill "${proc#/proc/}" 2>/dev/null
    done
  done
  sleep 1
  for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do
    umount -R "${MOUNTED[$i]}" 2>/dev/null || umount -R -l "${MOUNTED[$i]}" 2>/dev/null
  done
  rm -rf --one-file-system "$WORK"
  exit "$code"
}
trap cleanup EXIT INT TERM

need_host_tools() {
  local missing=()
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v Xvfb >/dev/null || missing+=(xvfb)
  command -v xwininfo >/dev/null || missing+=(x11-utils)
  command -v xwd >/dev/null || missing+=(x11-apps)
  command -v xdotool >/dev/null || missing+=(xdotool)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing on this machine: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

mirror() {
  # The mirror apt on this machine uses, so the chroot reaches what this machine reaches.
  local uri
  uri=$(grep -rhoE '^(URIs:|deb)\s+\S+' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
    | awk '{print $2}' | grep -E '/debian/?$' | head -n1)
  echo "${uri:-http://deb.debian.org/debian}"
}

make_base() {
  [ -f "$BASE/.station-app-base-ready" ] && return 0
  log "making the plain Debian ($SUITE minbase) in $BASE (cached for later runs)"
  rm -rf --one-file-system "$BASE.partial"
  mkdir -p "$CACHE"
  debootstrap --variant=minbase "$SUITE" "$BASE.partial" "$(mirror)" >"$WORK/debootstrap.log" 2>&1 || {
    tail -n 20 "$WORK/debootstrap.log"
    return 1
  }
  # Like every chroot builder: package installs must not start daemons (the host's would clash).
  printf '#!/bin/sh\nexit 101\n' >"$BASE.partial/usr/sbin/policy-rc.d"
  chmod 755 "$BASE.partial/usr/sbin/policy-rc.d"
  cp /etc/resolv.conf "$BASE.partial/etc/resolv.conf"
  mount --bind /proc "$BASE.partial/proc"
  chroot "$BASE.partial" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends python3 python3-venv ca-certificates >/dev/null
  local rc=$?
  umount "$BASE.partial/proc"
  [ $rc -eq 0 ] || return 1
  chroot "$BASE.partial" apt-get clean
  touch "$BASE.partial/.station-app-base-ready"
  rm -rf --one-file-system "$BASE"
  mv "$BASE.partial" "$BASE"
}

# new_root NAME (sets R): a throw-away copy of the plain Debian (an overlay, or a plain copy where overlays
# cannot be mounted), with /proc, /dev, the X socket folder and the download caches bound in.
new_root() {
  local dir="$WORK/$1"
  R=""
  if [ -n "$HOST_MODE" ]; then
    mkdir -p "$HOMEDIR"
    return 0
  fi
  mkdir -p "$dir/upper" "$dir/work" "$dir/merged"
  if mount -t overlay overlay -o "lowerdir=$BASE,upperdir=$dir/upper,workdir=$dir/work" "$dir/merged" 2>/dev/null; then
    MOUNTED+=("$dir/merged")
  else
    cp -a "$BASE/." "$dir/merged/"
  fi
  local r="$dir/merged"
  cp /etc/resolv.conf "$r/etc/resolv.conf"
  mkdir -p "$CACHE/apt-archives/partial" "$CACHE/pip" "$r/root/.cache/pip" "$r/tmp/.X11-unix"
  mount --bind /proc "$r/proc" && MOUNTED+=("$r/proc")
  mount --rbind /dev "$r/dev" && mount --make-rslave "$r/dev" && MOUNTED+=("$r/dev")
  mount --bind /tmp/.X11-unix "$r/tmp/.X11-unix" && MOUNTED+=("$r/tmp/.X11-unix")
  mount --bind "$CACHE/apt-archives" "$r/var/cache/apt/archives" && MOUNTED+=("$r/var/cache/apt/archives")
  mount --bind "$CACHE/pip" "$r/root/.cache/pip" && MOUNTED+=("$r/root/.cache/pip")
  # pip inside uses this machine's CA bundle (it may carry a local proxy's CA).
  local ca="${PIP_CERT:-${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}}"
  [ -f "$ca" ] && cp "$ca" "$r/etc/ssl/host-ca-bundle.crt"
  R=$r
}

# in_root ROOT COMMAND...: run as root inside, with a clean environment like a fresh login.
in_root() {
  local r=$1 how=(chroot "$1") cert=/etc/ssl/host-ca-bundle.crt
  shift
  if [ -z "$r" ]; then
    how=()
    cert="${PIP_CERT:-/etc/ssl/certs/ca-certificates.crt}"
  fi
  "${how[@]}" env -i HOME="$HOMEDIR" PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 TERM=dumb PIP_CERT="$cert" PIP_DISABLE_PIP_VERSION_CHECK=1 \
    "${EXTRA_ENV[@]}" "$@"
}
EXTRA_ENV=()

start_xvfb() {
  # A display number nobody uses (another Xvfb, or a stale lock of a killed one, would fool the wait).
  local n=${DISPLAY_NUM#:}
  while [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ]; do n=$((n + 1)); done
  DISPLAY_NUM=":$n"
  Xvfb "$DISPLAY_NUM" -screen 0 1366x900x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
  STARTED_PIDS+=($!)
  for _ in $(seq 1 50); do
    [ -S "/tmp/.X11-unix/X${DISPLAY_NUM#:}" ] && return 0
    sleep 0.1
  done
  fail "Xvfb did not start (see $WORK/xvfb.log)"
}

# --- the README's Quick start ------------------------------------------------------------------

check_quickstart() {
  local r app_pid code=0 title="First-run setup"  # the wizard's title, then " — Station App"
  new_root quickstart
  r=$R
  mkdir -p "$r$HOMEDIR/app" "$ARTIFACTS"
  (cd "$TREE" && git ls-files -co --exclude-standard -z | tar --null -T - -cf -) | tar -xf - -C "$r$HOMEDIR/app"
  start_xvfb
  log "quickstart: python3 dev.py run (no key store on a bare machine: the README's trial variables)"
  EXTRA_ENV=(DISPLAY="$DISPLAY_NUM" STATION_APP_ALLOW_INSECURE_KEYRING=1
    STATION_APP_INSECURE_KEYRING_FILE="$HOMEDIR/station-test-keys.json")
  (cd / && in_root "$r" sh -c "cd $HOMEDIR/app && exec python3 dev.py run" >"$ARTIFACTS/quickstart-run.log" 2>&1) &
  app_pid=$!
  STARTED_PIDS+=("$app_pid")
  local found=""
  for _ in $(seq 1 900); do  # the first run makes .venv and installs Qt's libraries: minutes, not hours
    if xwininfo -display "$DISPLAY_NUM" -root -tree 2>/dev/null | grep -q "\"$title"; then
      found=yes
      break
    fi
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 1
  done
  if [ -z "$found" ]; then
    tail -n 30 "$ARTIFACTS/quickstart-run.log"
    fail "quickstart: the first-run wizard did not open"
  fi
  sleep 2  # let it paint before the picture
  xwininfo -display "$DISPLAY_NUM" -root -tree | grep "\"$title" | head -n1 >"$ARTIFACTS/quickstart-window.txt"
  xwd -display "$DISPLAY_NUM" -root -silent >"$WORK/screen.xwd"
  if [ -x "$TREE/.venv/bin/python" ]; then
    "$TREE/.venv/bin/python" "$HERE/xwd_to_png.py" "$WORK/screen.xwd" "$ARTIFACTS/quickstart-wizard.png" || true
  fi
  log "quickstart: the wizard opened ($(cat "$ARTIFACTS/quickstart-window.txt" | sed 's/^ *//'))"
  # No window manager on Xvfb: give the wizard the keyboard focus, then press Escape (= Cancel).
  local wid
  wid=$(awk '{print $1}' "$ARTIFACTS/quickstart-window.txt")
  DISPLAY="$DISPLAY_NUM" xdotool windowfocus --sync "$wid" || DISPLAY="$DISPLAY_NUM" xdotool windowfocus "$wid" || true
  DISPLAY="$DISPLAY_NUM" xdotool key Escape
  for _ in $(seq 1 30); do kill -0 "$app_pid" 2>/dev/null || break; sleep 1; done
  if kill -0 "$app_pid" 2>/dev/null; then
    fail "quickstart: the app did not close within 30 s of Escape"
  fi
  wait "$app_pid" || code=$?
  [ "$code" -eq 0 ] || { tail -n 30 "$ARTIFACTS/quickstart-run.log"; fail "quickstart: the app exited with $code"; }
  grep -q "Something unexpected" "$ARTIFACTS/quickstart-run.log" && fail "quickstart: 'Something unexpected' in the output"
  log "quickstart: closed cleanly (exit 0)"

  log "quickstart: python3 dev.py test (selection: ${QUICKSTART_TESTS[*]})"
  EXTRA_ENV=()
  [ -n "$HOST_MODE" ] || EXTRA_ENV=(STATION_TEST_PG_PORT="$CHROOT_PG_PORT")
  if ! (cd / && in_root "$r" sh -c "cd $HOMEDIR/app && exec python3 dev.py test -q -p no:cacheprovider ${QUICKSTART_TESTS[*]}") \
    >"$ARTIFACTS/quickstart-test.log" 2>&1; then
    tail -n 40 "$ARTIFACTS/quickstart-test.log"
    fail "quickstart: python3 dev.py test failed in the plain Debian"
  fi
  tail -n 1 "$ARTIFACTS/quickstart-test.log"
  [ -n "$HOST_MODE" ] || in_root "$r" sh -c 'pg_ctlcluster --skip-systemctl-redirect $(ls /usr/lib/postgresql) main stop' >/dev/null 2>&1 || true
  log "quickstart: passed"
}
# Tests for each thing the machine must provide, not a second run of the suite: Qt (offscreen)
# with the wizard making a station and its recovery-sheet PDF, SQLCipher, the key store and a PDF read
# back through the CLI, the server's storage and HTTP on PostgreSQL, Qt's system libraries found, the
# layering rule. (The wizard's training-station test is left out: under CI load its 10 s wait for
# seeding a whole training station is about timing, not about the machine.)
QUICKSTART_TESTS=(
  tests/ui/test_setup_wizard.py::test_wizard_end_to_end
  tests/ui/test_setup_wizard.py::test_save_as_pdf_uses_the_core_renderer
  tests/e2e/test_fir_print_cli.py
  tests/server/test_server_migrations.py
  tests/server/test_health.py
  tests/test_system_libs.py
  tests/test_layers.py
)

# --- the Debian package --------------------------------------------------------------------------

build_packages() {
  log "deb: python3 dev.py package"
  (cd "$TREE" && python3 dev.py package) >"$ARTIFACTS/package.log" 2>&1 || { tail -n 30 "$ARTIFACTS/package.log"; fail "dev.py package"; }
  OLD_VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$TREE/station_app/__init__.py")
  NEW_VERSION="$OLD_VERSION+upgradetest1"
  OLD_DEB="$TREE/dist/station-app_${OLD_VERSION}_amd64.deb"
  [ -f "$OLD_DEB" ] || fail "dev.py package made no $OLD_DEB"
  # The newer package: this tree with a higher version and one more migration, so that the upgrade
  # must migrate (and so back up) the station database, and the old version must then refuse it.
  local newer="$WORK/newer-tree"
  mkdir -p "$newer"
  (cd "$TREE" && git ls-files -co --exclude-standard -z | tar --null -T - -cf -) | tar -xf - -C "$newer"
  sed -i "s/^__version__ = .*/__version__ = \"$NEW_VERSION\"/" "$newer/station_app/__init__.py"
  local head
  head=$(cd "$TREE" && .venv/bin/python -c 'from station_app.core.schema_version import shipped_head; print(shipped_head())')
  cat >"$newer/station_app/migrations/versions/9999_upgrade_test_probe.py" <<EOF
"""Only in the package that installer/check_plain_debian.sh builds to test an upgrade."""

import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "$head"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("upgrade_test_probe", sa.Column("id", sa.Integer, primary_key=True))


def downgrade() -> None:
    op.drop_table("upgrade_test_probe")
EOF
  log "deb: PyInstaller build of $NEW_VERSION (migration 9999 on top of $head)"
  (cd "$newer" && PYTHONPATH="$newer" "$TREE/.venv/bin/python" -m PyInstaller installer/station-app.spec --noconfirm \
    --log-level WARN --distpath "$newer/dist" --workpath "$CACHE/pyinstaller-upgrade-work") \
    >"$ARTIFACTS/package-newer.log" 2>&1 || { tail -n 30 "$ARTIFACTS/package-newer.log"; fail "newer build"; }
  "$newer/dist/station-app/station-app" --version | grep -qF "$NEW_VERSION" || fail "the newer build does not say $NEW_VERSION"
  "$TREE/.venv/bin/python" "$HERE/debian/build_deb.py" --onedir "$newer/dist/station-app" --version "$NEW_VERSION" \
    --out "$WORK/debs" >>"$ARTIFACTS/package-newer.log" 2>&1 || fail "newer .deb"
  NEW_DEB="$WORK/debs/station-app_${NEW_VERSION}_amd64.deb"
}

check_deb() {
  local r out
  build_packages
  new_root deb
  r=$R
  mkdir -p "$r$HOMEDIR/debs"
  cp "$OLD_DEB" "$NEW_DEB" "$r$HOMEDIR/debs/"
  local old="$HOMEDIR/debs/$(basename "$OLD_DEB")" new="$HOMEDIR/debs/$(basename "$NEW_DEB")"
  local data=$HOMEDIR/.local/share/station-app
  EXTRA_ENV=(STATION_APP_ALLOW_INSECURE_KEYRING=1 STATION_APP_INSECURE_KEYRING_FILE="$HOMEDIR/station-keys.json"
    DEBIAN_FRONTEND=noninteractive QT_QPA_PLATFORM=offscreen)
  log "deb: apt-get install $(basename "$OLD_DEB") (apt resolves the declared libraries)"
  in_root "$r" apt-get update -qq
  in_root "$r" apt-get install -y -qq "$old" >"$ARTIFACTS/deb-install.log" 2>&1 || { tail -n 20 "$ARTIFACTS/deb-install.log"; fail "install"; }
  out=$(in_root "$r" station-app --version)
  [ "$out" = "station-app $OLD_VERSION" ] || fail "--version said '$out'"
  [ -f "$r/usr/share/applications/station-app.desktop" ] && [ -f "$r/usr/share/icons/hicolor/256x256/apps/station-app.png" ] \
    || fail "desktop entry or icon missing"
  log "deb: $out; setting up a training station"
  EXTRA_ENV+=(STATION_APP_ADMIN_PASSWORD=thana-sho-2026 STATION_APP_PASSWORD=thana-sho-2026)  # setup; fir print --user sho
  in_root "$r" station-app setup --training --state "Uttar Pradesh" --district Lucknow --station-name Hazratganj \
    --station-name-hi "हज़रतगंज" --station-code UP-LKO-0042 --admin-user sho --admin-name "Training SHO" \
    </dev/null >"$ARTIFACTS/deb-setup.log" 2>&1 || { cat "$ARTIFACTS/deb-setup.log"; fail "setup --training"; }
  print_an_fir "$r" "$HOMEDIR/fir-old.pdf"
  local counts_before key_before
  counts_before=$(in_root "$r" station-app status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["counts"])')
  key_before=$(sha256sum "$r$HOMEDIR/station-keys.json" "$r$data/station-key.json" | awk '{print $1}' | tr '\n' ' ')

  log "deb: upgrade to $NEW_VERSION"
  in_root "$r" apt-get install -y -qq "$new" >"$ARTIFACTS/deb-upgrade.log" 2>&1 || { tail -n 20 "$ARTIFACTS/deb-upgrade.log"; fail "upgrade"; }
  out=$(in_root "$r" station-app --version)
  [ "$out" = "station-app $NEW_VERSION" ] || fail "after the upgrade --version said '$out'"
  local counts_after key_after
  counts_after=$(in_root "$r" station-app status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["counts"])')
  [ "$counts_before" = "$counts_after" ] || fail "record counts changed in the upgrade: $counts_before -> $counts_after"
  key_after=$(sha256sum "$r$HOMEDIR/station-keys.json" "$r$data/station-key.json" | awk '{print $1}' | tr '\n' ' ')
  [ "$key_before" = "$key_after" ] || fail "the key store or the wrapped key changed in the upgrade"
  ls "$r$data/backups/" | grep -q '^before-upgrade-' || fail "no backup was taken before the migration"
  grep -q "database schema now at 9999" "$r$data/logs/station-app.log" || fail "the migration to 9999 did not run"
  in_root "$r" station-app verify >"$ARTIFACTS/deb-verify.log" 2>&1 || { cat "$ARTIFACTS/deb-verify.log"; fail "verify after the upgrade"; }
  print_an_fir "$r" "$HOMEDIR/fir-new.pdf"
  log "deb: upgraded; counts, key and records intact; backup $(ls "$r$data/backups/" | grep before-upgrade- | head -n1); verify ok"

  in_root "$r" apt-get remove -y -qq station-app >"$ARTIFACTS/deb-remove.log" 2>&1 || fail "remove"
  [ ! -e "$r/opt/station-app" ] && [ ! -e "$r/usr/bin/station-app" ] || fail "remove left the program behind"
  [ -f "$r$data/station.db" ] || fail "remove deleted station data"
  in_root "$r" apt-get purge -y -qq station-app >"$ARTIFACTS/deb-purge.log" 2>&1 || fail "purge"
  in_root "$r" dpkg -s station-app >/dev/null 2>&1 && fail "purge left the package registered"
  [ -f "$r$data/station.db" ] && [ -f "$r$data/station-key.json" ] && [ -f "$r$HOMEDIR/station-keys.json" ] \
    || fail "purge deleted station data"
  log "deb: removed and purged; the station data is still there"

  in_root "$r" apt-get install -y -qq --allow-downgrades "$old" >"$ARTIFACTS/deb-downgrade.log" 2>&1 || fail "reinstall $OLD_VERSION"
  local code=0
  in_root "$r" station-app status >"$ARTIFACTS/deb-downgrade-status.log" 2>&1 || code=$?
  cat "$ARTIFACTS/deb-downgrade-status.log"
  [ "$code" -eq 12 ] || fail "the old version over newer data exited $code, not 12"
  grep -q "newer version of the station app" "$ARTIFACTS/deb-downgrade-status.log" || fail "no clear refusal"
  [ -f "$r$data/station.db" ] || fail "station data lost"
  log "deb: $OLD_VERSION over newer data refused with exit 12; round trip passed"
  [ -z "$HOST_MODE" ] || in_root "$r" apt-get purge -y -qq station-app >/dev/null 2>&1 || true
}

print_an_fir() {  # the training station's FIRs are dated relative to today: take the first that prints
  local r=$1 target=$2 year
  for year in $(date +%Y) $(($(date +%Y) - 1)); do
    for number in 1 2 3; do
      if in_root "$r" station-app fir print --year "$year" --number "$number" -o "$target" --force --user sho >/dev/null 2>&1; then
        head -c 5 "$r$target" | grep -q '%PDF-' || fail "$target is not a PDF"
        log "deb: printed FIR $number/$year ($(stat -c %s "$r$target") bytes)"
        return 0
      fi
    done
  done
  fail "no training FIR could be printed"
}

# --- main ----------------------------------------------------------------------------------------

main() {
  local checks=("$@")
  [ ${#checks[@]} -gt 0 ] || checks=(deb quickstart)  # deb first: its build makes .venv, used for the screenshot
  [ "$(id -u)" -eq 0 ] || fail "run as root (debootstrap, chroot and apt-get need it)"
  mkdir -p "$ARTIFACTS"
  need_host_tools
  if [ -n "${STATION_APP_CI_ON_HOST:-}" ]; then
    log "STATION_APP_CI_ON_HOST is set: checking on this machine, not in a plain Debian"
    HOST_MODE=yes
    HOMEDIR="$WORK/home"
  elif ! make_base; then
    log "no plain Debian could be made here: checking on this machine instead (less telling: it has more installed)"
    HOST_MODE=yes
    HOMEDIR="$WORK/home"
  fi
  for check in "${checks[@]}"; do
    case "$check" in
      quickstart) check_quickstart ;;
      deb) check_deb ;;
      *) fail "unknown check $check" ;;
    esac
  done
  log "all checks passed in ${SECONDS}s"
}

main "$@"
