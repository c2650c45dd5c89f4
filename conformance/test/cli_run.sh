#!/usr/bin/env bash
# ctest conformance_cli: `mqttcheck run` / `list` flags and exit codes.
# usage: cli_run.sh MQTTCHECK_BINARY
set -uo pipefail
cli=$1
if [ ! -x "$cli" ]; then
  echo "SKIP: $cli not built"
  exit 77
fi
fails=0
expect_rc() { # WANT DESCRIPTION CMD...
  local want=$1 what=$2
  shift 2
  "$@" >/tmp/mqc-cli-test.$$ 2>&1
  local rc=$?
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL: $what: exit $rc, expected $want"
    cat /tmp/mqc-cli-test.$$
    fails=$((fails + 1))
  else
    echo "ok: $what"
  fi
  rm -f /tmp/mqc-cli-test.$$
}
out=$(mktemp -d /tmp/mqc-cli-out.XXXXXX)
trap 'rm -rf "$out"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')

expect_rc 0 "run --help" "$cli" run --help
expect_rc 0 "list --help" "$cli" list --help
expect_rc 2 "run without --target" "$cli" run
expect_rc 2 "unknown flag" "$cli" run --target 127.0.0.1:1 --frobnicate
expect_rc 2 "flag without value" "$cli" run --target
expect_rc 2 "bad -j" "$cli" run --target 127.0.0.1:1 -j zero
expect_rc 2 "bad --time-scale" "$cli" run --target 127.0.0.1:1 --time-scale -1
expect_rc 2 "bad --versions" "$cli" run --target 127.0.0.1:1 --versions 4.0
expect_rc 2 "bad target" "$cli" run --target localhost
expect_rc 2 "unreachable target" "$cli" run --target "127.0.0.1:$port" --out "$out/a"
expect_rc 2 "unreachable IPv6 target" "$cli" run --target "[::1]:$port" --out "$out/b"
expect_rc 2 "missing scenario folder" "$cli" list --scenarios /nonexistent
expect_rc 0 "list" "$cli" list
if "$cli" list --json | python3 -c 'import json,sys; a=json.load(sys.stdin); assert isinstance(a, list) and all("id" in s and "statements" in s for s in a)'; then
  echo "ok: list --json parses"
else
  echo "FAIL: list --json"
  fails=$((fails + 1))
fi
[ "$fails" -eq 0 ]
