#!/usr/bin/env bash
# Bad flags exit 2 with a message; --help exits 0. No broker is started.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
n=0
bad=0
expect() {
  local want=$1
  shift
  local rc=0
  "$@" >/dev/null 2>&1 || rc=$?
  n=$((n + 1))
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL: '$*' exited $rc, expected $want" >&2
    bad=$((bad + 1))
  fi
}
fake=$(mktemp)
trap 'rm -f "$fake"' EXIT
printf '#!/bin/sh\nexit 0\n' >"$fake"
chmod +x "$fake"
expect 0 bash "$root/ci/matrix" --help
expect 2 bash "$root/ci/matrix" --bogus
expect 2 bash "$root/ci/matrix" --mqttcheck "$fake" --brokers nosuchbroker
expect 2 bash "$root/ci/matrix" --mqttcheck "$fake" -j zero
expect 2 bash "$root/ci/matrix" --mqttcheck "$fake" --out
expect 2 bash "$root/ci/matrix" --mqttcheck "$fake" --baseline /nonexistent/baseline.txt
expect 2 bash "$root/ci/matrix" --mqttcheck /nonexistent/mqttcheck
for b in mosquitto rabbitmq activemq ejabberd aedes; do
  expect 2 bash "$root/ci/brokers/$b.sh"
  expect 2 bash "$root/ci/brokers/$b.sh" restart /tmp/x
  # stop on a folder that holds no pid is a no-op
  d=$(mktemp -d)
  expect 0 bash "$root/ci/brokers/$b.sh" stop "$d"
  rmdir "$d"
done
expect 2 bash "$root/ci/setup.sh" --bogus
echo "$((n - bad)) passed, $bad failed"
[ "$bad" -eq 0 ]
