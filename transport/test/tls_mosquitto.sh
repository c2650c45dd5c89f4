#!/usr/bin/env bash
# ctest transport_tls_mosquitto: mqttcheck run over TLS against a private mosquitto
# (ci/brokers/mosquitto.sh, certificates made at start by ci/mkcerts.sh).
#   good certificate: a small selection runs and results.json records transport "tls"
#   wrong name, expired certificate, unknown CA, plain port: exit 2 before any case, the reason named
#   client certificate required (second broker): missing -> exit 2 naming it; given -> runs
# usage: tls_mosquitto.sh MQTTCHECK ci/brokers/mosquitto.sh
set -uo pipefail
cli=$1 broker=$2
[ -x "$cli" ] || { echo "SKIP: $cli not built"; exit 77; }
command -v mosquitto >/dev/null || { echo "SKIP: mosquitto not installed"; exit 77; }
command -v openssl >/dev/null || { echo "SKIP: openssl not installed"; exit 77; }
st=$(mktemp -d /tmp/mqc-tls-test.XXXXXX)
cleanup() {
  bash "$broker" stop "$st/a" >/dev/null 2>&1
  bash "$broker" stop "$st/b" >/dev/null 2>&1
  rm -rf "$st"
}
trap cleanup EXIT
plain=$(MOSQUITTO_LISTENERS="tls tls-expired" bash "$broker" start "$st/a") || { echo "FAIL: mosquitto (TLS) did not start"; exit 1; }
tls=$(cat "$st/a/tls_port")
MOSQUITTO_LISTENERS=tls MOSQUITTO_REQUIRE_CERT=1 bash "$broker" start "$st/b" >/dev/null ||
  { echo "FAIL: mosquitto (client certificates) did not start"; exit 1; }
ctls=$(cat "$st/b/tls_port")
ca=$st/a/certs/ca.pem
cb=$st/b/certs # each broker made its own CA
fail=0
sel=(--select '3.1/connect/client-id-23-alnum' --select '3.3/publish/qos0-*' --plain)

# expect_error NAME REGEX ARGS...: exit 2, stderr names the reason, no case ran
expect_error() {
  local name=$1 re=$2
  shift 2
  local out=$st/out-$name
  "$cli" run "${sel[@]}" --out "$out" "$@" >"$st/$name.stdout" 2>"$st/$name.stderr"
  local rc=$?
  if [ $rc -ne 2 ]; then
    echo "FAIL $name: exit $rc, 2 expected"; cat "$st/$name.stderr"; fail=1; return
  fi
  if ! grep -Eq "$re" "$st/$name.stderr"; then
    echo "FAIL $name: stderr does not match /$re/:"; cat "$st/$name.stderr"; fail=1; return
  fi
  if [ -s "$out/results.jsonl" ] && grep -q '"verdict"' "$out/results.jsonl"; then
    echo "FAIL $name: cases ran after a failed handshake"; fail=1; return
  fi
  echo "ok $name: $(head -1 "$st/$name.stderr")"
}

# expect_run NAME TRANSPORT ARGS...: exit 0/1, cases ran, header records the transport
expect_run() {
  local name=$1 want=$2
  shift 2
  local out=$st/out-$name
  "$cli" run "${sel[@]}" --out "$out" "$@" >"$st/$name.stdout" 2>"$st/$name.stderr"
  local rc=$?
  if [ $rc -gt 1 ]; then
    echo "FAIL $name: exit $rc"; cat "$st/$name.stderr"; fail=1; return
  fi
  if ! python3 - "$out/results.json" "$want" <<'PY'; then
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
t = run["target"]
assert t.get("transport") == sys.argv[2], t
cases = run["cases"]
assert len(cases) >= 3, len(cases)
bad = [c["id"] for c in cases if c["verdict"] in ("ERROR", "TIMEOUT")]
import os
meta = json.load(open(os.path.join(os.path.dirname(sys.argv[1]), "pcap", "capture.json")))
assert meta["transport"] == sys.argv[2], meta
assert not bad, bad
print("   %d cases, transport %s (%s)" % (len(cases), t["transport"], t.get("transport_detail")))
PY
    echo "FAIL $name: results"; fail=1; return
  fi
  echo "ok $name"
}

expect_run good tls --target "127.0.0.1:$tls" --tls --cafile "$ca"
expect_run good-tls12 tls --target "localhost:$tls" --tls --cafile "$ca" --tls-version 1.2
expect_error wrong-name 'name mismatch' --target "127.0.0.1:$tls" --tls --cafile "$ca" --sni not-the-broker.example
expect_error expired 'certificate expired' --target "127.0.0.1:$(cat "$st/a/tls-expired_port")" --tls --cafile "$ca"
expect_error unknown-ca 'unknown CA' --target "127.0.0.1:$tls" --tls --cafile "$st/a/certs/other-ca.pem"
expect_error plain-port 'TLS handshake failed.*not a TLS port' --target "127.0.0.1:$plain" --tls --cafile "$ca"
expect_error no-cafile 'cannot load the CA' --target "127.0.0.1:$tls" --tls --cafile "$st/none.pem"
expect_error cert-required-13 'client certificate required' --target "127.0.0.1:$ctls" --tls --cafile "$cb/ca.pem" --tls-version 1.3
expect_error cert-required-12 'client certificate required' --target "127.0.0.1:$ctls" --tls --cafile "$cb/ca.pem" --tls-version 1.2
expect_run cert-given tls --target "127.0.0.1:$ctls" --tls --cafile "$cb/ca.pem" \
  --cert "$cb/client.pem" --key "$cb/client.key"
# --insecure: runs against the unknown CA, and says so loudly
expect_run insecure tls --target "127.0.0.1:$tls" --tls --insecure
grep -q 'WARNING: --insecure' "$st/insecure.stderr" || { echo "FAIL insecure: no warning"; fail=1; }
# replay over TLS: a capture of the good run reproduces; an unknown CA cannot run (2)
pc=$(ls "$st/out-good/pcap/"*client-id-23-alnum@3.1.1.pcap 2>/dev/null | head -1)
if [ -z "$pc" ]; then
  echo "FAIL replay: no capture from the good run"; fail=1
else
  "$cli" replay "$pc" --target "127.0.0.1:$tls" --tls --cafile "$ca" --rewrite-ids >"$st/replay.out" 2>&1
  rc=$?
  if [ $rc -eq 0 ] && grep -q '^reproduces' "$st/replay.out"; then echo "ok replay-tls"; else
    echo "FAIL replay-tls: exit $rc"; cat "$st/replay.out"; fail=1; fi
  "$cli" replay "$pc" --target "127.0.0.1:$tls" --tls --cafile "$st/a/certs/other-ca.pem" >"$st/replay2.out" 2>&1
  rc=$?
  if [ $rc -eq 2 ] && grep -q 'unknown CA' "$st/replay2.out"; then echo "ok replay-unknown-ca"; else
    echo "FAIL replay-unknown-ca: exit $rc"; cat "$st/replay2.out"; fail=1; fi
fi
[ $fail -eq 0 ] && echo "PASS" || echo "FAIL"
exit $fail
