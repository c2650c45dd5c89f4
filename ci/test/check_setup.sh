#!/usr/bin/env bash
# ci/setup.sh's profiles hold what their jobs need and no more (nothing is installed:
# --list only prints), and nothing in ci/ writes /usr/sbin/policy-rc.d any more.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
fail=0
bad() { echo "FAIL: $*"; fail=1; }
list() { bash "$root/ci/setup.sh" "$1" --list; }
has() { grep -qx "$2" <<<"$1"; }
main=$(list main) test=$(list test) matrix=$(list matrix) build=$(list build)
for p in cmake liblua5.4-dev libjansson-dev libpcap-dev; do has "$build" "$p" || bad "build lacks $p"; done
for p in mosquitto libpaho-mqtt-dev libmosquitto-dev; do
  has "$main" "$p" || bad "main lacks $p"; has "$build" "$p" && bad "build has $p"
done
# the main job uses none of these (more than 1 GB)
for p in chromium clang llvm afl++ tshark activemq rabbitmq-server ejabberd nodejs npm; do
  has "$main" "$p" && bad "main installs $p"
done
for p in chromium clang afl++ tshark libcmocka-dev python3-yaml rabbitmq-server; do has "$test" "$p" || bad "test lacks $p"; done
for p in rabbitmq-server activemq ejabberd nodejs mosquitto; do has "$matrix" "$p" || bad "matrix lacks $p"; done
has "$matrix" chromium && bad "matrix installs chromium"
grep -n "policy-rc.d" "$root"/ci/*.sh "$root"/ci/action/*.sh | grep -v '^\S*:[0-9]*:#' |
  grep -E 'tee|>|cp |install ' && bad "something in ci/ writes policy-rc.d"
grep -q "setup.sh main" "$root/ci/main.sh" || bad "ci/main.sh does not install the main profile"
[ $fail = 0 ] && echo "ci/setup.sh profiles: ok"
exit $fail
