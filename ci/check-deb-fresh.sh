#!/usr/bin/env bash
# check-deb-fresh.sh BUILD_DIR WORK_DIR [MIRROR]
# The issue's "done when": the .deb installs on a fresh Debian 12 and runs against mosquitto
# from /. Builds the .deb from BUILD_DIR (cpack), makes a fresh Debian 12 root with
# debootstrap (minbase, bookworm, from MIRROR, default http://deb.debian.org/debian), chroots
# into it, `apt-get install ./mqttcheck_*.deb mosquitto` (so apt resolves the Depends from the
# Debian archive, not from this machine), then `cd / && mqttcheck run --spawn 'mosquitto -p
# {port}' --select '3.1/*'` inside, as root and as an unprivileged user.
#
# Needs root (debootstrap, chroot, mount), debootstrap and the network to MIRROR; takes
# several minutes (the root is ~200 MB), so it is not in the default test command.
# Exit 0 ok, 1 a check failed, 77 skipped (not root, no debootstrap, mirror unreachable).
set -euo pipefail
build=$(cd "$1" && pwd) work=$2 mirror=${3:-http://deb.debian.org/debian}
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root (debootstrap, chroot)"; exit 77; }
command -v debootstrap >/dev/null || { echo "SKIP: debootstrap not installed (apt-get install debootstrap)"; exit 77; }
command -v dpkg-deb >/dev/null || { echo "SKIP: dpkg-deb not installed"; exit 77; }
if ! curl -fsI --max-time 20 "$mirror/dists/bookworm/Release" >/dev/null 2>&1; then
  echo "SKIP: mirror $mirror not reachable"; exit 77
fi
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
root=$work/root log=$work/log.txt
step() { echo "== $*"; }
fail() { echo "FAIL: $*"; [ -s "$log" ] && tail -30 "$log"; exit 1; }
# The root's mounts go when the script ends, however it ends (a mount left behind would
# keep the next rm -rf from the host's /proc).
cleanup() {
  for m in "$root/dev/pts" "$root/dev" "$root/proc"; do
    mountpoint -q "$m" 2>/dev/null && umount -l "$m"
  done
  return 0
}
trap cleanup EXIT

step "cpack -G DEB ($build)"
(cd "$work" && cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/pkg") >>"$log" 2>&1 || fail "cpack"
deb=$(ls "$work"/pkg/mqttcheck_*_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "cpack wrote no mqttcheck_<version>_<arch>.deb"
echo "$(basename "$deb"): Depends: $(dpkg-deb -f "$deb" Depends)"

step "debootstrap --variant=minbase bookworm $root $mirror"
debootstrap --variant=minbase bookworm "$root" "$mirror" >>"$log" 2>&1 || fail "debootstrap"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
in_root test ! -e /usr/bin/mqttcheck || fail "the fresh root already has mqttcheck"

step "chroot: apt-get install ./$(basename "$deb") mosquitto"
in_root sh -c "apt-get update && cd /tmp && DEBIAN_FRONTEND=noninteractive apt-get install -y ./$(basename "$deb") mosquitto" \
  >>"$log" 2>&1 || fail "apt-get install in the fresh root"
in_root dpkg -s mqttcheck | grep -q '^Status: install ok installed' || fail "dpkg does not list mqttcheck as installed"
in_root test ! -e /usr/sbin/policy-rc.d || fail "something left /usr/sbin/policy-rc.d in the root"
in_root mqttcheck --version | tee -a "$log"
in_root mqttcheck --version | grep -q 'data dir: /usr/share/mqttcheck' || fail "--version does not name /usr/share/mqttcheck"

# The run as the issue puts it. Exit 0 all pass, 1 a case failed: both mean the tool ran;
# anything else (no scenarios, no broker, a crash) is a failure of the package.
run_in_root() {
  local who=$1 out=$2
  shift 2
  set +e
  if [ "$who" = root ]; then
    in_root sh -c "cd / && mqttcheck run --spawn 'mosquitto -p {port}' --select '3.1/*' --plain --out $out"
  else
    in_root su -s /bin/sh "$who" -c "cd / && mqttcheck run --spawn 'mosquitto -p {port}' --select '3.1/*' --plain --out $out"
  fi
  local rc=$?
  set -e
  echo "exit $rc"
  [ "$rc" -le 1 ] || fail "mqttcheck run as $who exited $rc"
  in_root test -s "$out/results.json" || fail "run as $who wrote no $out/results.json"
  in_root test -s "$out/report.html" || fail "run as $who wrote no $out/report.html"
}
step "chroot: cd / && mqttcheck run --spawn 'mosquitto -p {port}' --select '3.1/*' (root)"
run_in_root root /out | tee "$work/run-root.txt"
step "chroot: the same as an unprivileged user"
in_root useradd --create-home tester
run_in_root tester /home/tester/out | tee "$work/run-user.txt"
echo "OK (${SECONDS}s): $(basename "$deb") installs on a fresh Debian 12 root and runs against mosquitto from /"
