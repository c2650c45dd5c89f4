#!/usr/bin/env bash
# End-to-end checks of `mqttcheck decode/corpus/replay` on the committed real
# capture (mosquitto_pub/sub taken with tshark). Usage: cli_pcap_test.sh MQTTCHECK DATA_DIR
# Needs mosquitto for the replay part (skipped, exit 77, when missing).
set -u
MQ=$1
DATA=$2
CAP=$DATA/mosquitto-clients.pcapng
T=$(mktemp -d)
BROKER_PID=
cleanup() {
  if [ -n "$BROKER_PID" ]; then kill "$BROKER_PID" 2>/dev/null; wait "$BROKER_PID" 2>/dev/null; fi
  rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

# decode: text transcript
"$MQ" decode "$CAP" > "$T/decode.txt" || fail "decode exit $?"
grep -q 'C>S CONNECT level=4 .*client_id="pub311"' "$T/decode.txt" || fail "no 3.1.1 CONNECT"
grep -q 'C>S SUBSCRIBE id=1 \["test/#" qos=2' "$T/decode.txt" || fail "no SUBSCRIBE"
grep -q 'S>C PUBLISH qos=1 .*topic="test/a" payload="hello"' "$T/decode.txt" || fail "no PUBLISH to subscriber"
[ "$(grep -c '^# connection' "$T/decode.txt")" = 4 ] || fail "expected 4 connections"
# decode --json: one object per line, every line valid JSON
"$MQ" decode --json "$CAP" > "$T/decode.jsonl" || fail "decode --json exit $?"
python3 -c '
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
pk = [r for r in recs if r["record"] == "packet"]
assert len([r for r in recs if r["record"] == "connection"]) == 4
assert any(r["summary"].startswith("PUBCOMP") for r in pk)
assert all("summary" in r and r["dir"] in ("c2s", "s2c") for r in pk)
assert all(r["packet"]["type"] == r["summary"].split()[0] for r in pk)
' "$T/decode.jsonl" || fail "bad JSON transcript"
# bad inputs: clear error, exit 2
printf 'garbage' > "$T/bad.pcap"
"$MQ" decode "$T/bad.pcap" > /dev/null 2> "$T/err"; rc=$?
[ $rc = 2 ] || fail "garbage pcap: exit $rc"
grep -qi 'capture\|pcap\|format' "$T/err" || fail "garbage pcap: no clear error"

# corpus: seeds = client streams
"$MQ" corpus "$CAP" -o "$T/seeds" > /dev/null || fail "corpus exit $?"
[ "$(ls "$T/seeds" | wc -l)" = 4 ] || fail "expected 4 seeds"
head -c 2 "$T/seeds/mosquitto-clients-c1.bin" | od -An -tx1 | grep -q '10' || fail "seed does not start with CONNECT"
# ... and back: a seed as a capture decodes to the same client packets
"$MQ" corpus --to-pcap "$T/seeds/mosquitto-clients-c3.bin" -o "$T/seed.pcap" --port 1883 > /dev/null \
  || fail "to-pcap exit $?"
"$MQ" decode "$T/seed.pcap" > "$T/seed.txt" || fail "decode of seed pcap"
grep -q 'C>S PUBLISH qos=2 .*topic="test/b"' "$T/seed.txt" || fail "seed pcap lost the PUBLISH"
"$MQ" corpus "$CAP" -o "$T/pseeds" --prefix-header 0501 > /dev/null || fail "prefix"
head -c 3 "$T/pseeds/mosquitto-clients-c1.bin" | od -An -tx1 | grep -q '05 01 10' || fail "prefix not written"

# harness header: version + direction from the connection (3.1.1 -> 01 00, 5.0 -> 02 00)
"$MQ" corpus "$CAP" -o "$T/hseeds" --harness-header > /dev/null || fail "harness header"
head -c 3 "$T/hseeds/mosquitto-clients-c1.bin" | od -An -tx1 | grep -q '01 00 10' || fail "3.1.1 header"
head -c 3 "$T/hseeds/mosquitto-clients-c2.bin" | od -An -tx1 | grep -q '02 00 10' || fail "5.0 header"
"$MQ" corpus --to-pcap "$T/hseeds/mosquitto-clients-c2.bin" --harness-header -o "$T/h.pcap" > /dev/null \
  || fail "to-pcap with harness header"
"$MQ" decode "$T/h.pcap" | grep -q 'C>S SUBSCRIBE' || fail "harness seed pcap lost SUBSCRIBE"
# ... and without being told: the header is detected, the seed's own CONNECT kept
"$MQ" corpus --to-pcap "$T/hseeds/mosquitto-clients-c2.bin" -o "$T/h2.pcap" > "$T/h2.txt" || fail "to-pcap, header detected"
grep -q "harness header removed, starts with its own CONNECT" "$T/h2.txt" || fail "header not detected: $(cat "$T/h2.txt")"
cmp -s "$T/h.pcap" "$T/h2.pcap" || fail "detected header gives another capture than --harness-header"
printf '\x06\x00\x20\x02\x00\x00' > "$T/s2c.bin"
"$MQ" corpus --to-pcap "$T/s2c.bin" --harness-header -o "$T/x.pcap" > /dev/null 2>&1; rc=$?
[ $rc = 2 ] || fail "server->client harness input accepted: exit $rc"

# replay against a fresh mosquitto: "same", exit 0
command -v mosquitto > /dev/null || { echo "mosquitto missing: replay skipped"; exit 77; }
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$PORT" > "$T/m.conf"
[ "$(id -u)" = 0 ] && echo "user root" >> "$T/m.conf"
mosquitto -c "$T/m.conf" > "$T/m.log" 2>&1 &
BROKER_PID=$!
for _ in $(seq 200); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  sleep 0.05
done
"$MQ" replay "$CAP" --target "127.0.0.1:$PORT" --out "$T/out" > "$T/replay.txt"; rc=$?
cat "$T/replay.txt"
[ $rc = 0 ] || fail "replay exit $rc"
grep -q '^verdict: same' "$T/replay.txt" || fail "replay verdict"
[ "$(tail -1 "$T/replay.txt")" = "reproduces: the broker answers as recorded" ] || fail "replay's last line"
# a host name that resolves to loopback
"$MQ" replay "$CAP" --target "localhost:$PORT" > "$T/replay-lh.txt" || fail "replay to localhost: $(cat "$T/replay-lh.txt")"
# a harmless input wrapped as a crash capture: the broker survives it
printf '\x30\x03\x00\x01a' > "$T/harmless.bin"
"$MQ" corpus --to-pcap "$T/harmless.bin" -o "$T/harmless.pcap" > "$T/to.txt" || fail "to-pcap of a raw PUBLISH"
grep -q "behind a 3.1.1 CONNECT" "$T/to.txt" || fail "no CONNECT put in front: $(cat "$T/to.txt")"
"$MQ" replay "$T/harmless.pcap" --target "127.0.0.1:$PORT" > "$T/harmless.txt"; rc=$?
[ $rc = 0 ] || fail "replay of a harmless crash capture: exit $rc"
tail -1 "$T/harmless.txt" | grep -q '^no longer reproduces' || fail "harmless input: $(tail -1 "$T/harmless.txt")"
[ -s "$T/out/mosquitto-clients-replay.pcap" ] || fail "no recording"
# the recording replays the same again, with rewritten client ids
"$MQ" replay "$T/out/mosquitto-clients-replay.pcap" --target "127.0.0.1:$PORT" --rewrite-ids \
  > "$T/replay2.txt" || fail "replay of the recording: $(cat "$T/replay2.txt")"
# topics moved under a prefix: the broker's answers still compare "same"
"$MQ" replay "$CAP" --target "127.0.0.1:$PORT" --topic-prefix "rp1/" --record "$T/pfx.pcap" \
  > "$T/replay3.txt" || fail "replay with topic prefix: $(cat "$T/replay3.txt")"
"$MQ" decode "$T/pfx.pcap" | grep -q 'SUBSCRIBE id=1 \["rp1/test/#"' || fail "prefix not applied"
"$MQ" replay "$CAP" --target "127.0.0.1:$PORT" --topic-prefix 'a/#' > /dev/null 2>&1; rc=$?
[ $rc = 2 ] || fail "wildcard prefix accepted"
# no broker there: could not run, exit 2
kill "$BROKER_PID"; wait "$BROKER_PID" 2>/dev/null; BROKER_PID=
"$MQ" replay "$CAP" --target "127.0.0.1:$PORT" --wait-ms 500 > /dev/null 2>&1; rc=$?
[ $rc = 2 ] || fail "replay without broker: exit $rc"
"$MQ" replay "$CAP" --target 10.1.2.3:1883 > /dev/null 2>&1; rc=$?
[ $rc = 2 ] || fail "non-loopback target accepted"
echo "cli pcap: all checks passed"
