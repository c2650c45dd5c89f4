#!/bin/sh
# Checks `mqttcheck statement`, `--version` and the data-dir lookup (--data-dir,
# MQTTCHECK_DATA_DIR, and the refusal of a folder without the data).
set -u
B="$1" SRC="$2"
fail=0
check() { # name expected-rc expected-substring command...
    name=$1 want_rc=$2 want=$3
    shift 3
    out=$("$@" 2>&1)
    rc=$?
    if [ "$rc" != "$want_rc" ]; then
        echo "FAIL $name: exit $rc, expected $want_rc"; echo "$out"; fail=1; return
    fi
    case "$out" in
    *"$want"*) echo "ok   $name" ;;
    *) echo "FAIL $name: output lacks '$want'"; echo "$out"; fail=1 ;;
    esac
}
# both versions number a statement MQTT-3.3.1-4, each with its own text and binding
check stmt-sections 0 "section 3.3.1.2  MUST  binds: both" "$B" statement MQTT-3.3.1-4
check stmt-v5 0 "binds: sender" "$B" statement MQTT-3.3.1-4
check stmt-broker-case 0 "3.3/publish/qos3" "$B" statement MQTT-3.3.1-4
check stmt-client-case 0 "malformed/publish-qos3" "$B" statement MQTT-3.3.1-4
check stmt-testable 0 "testable: yes" "$B" statement MQTT-3.3.1-4
check stmt-json 0 '"role": "client"' "$B" statement --json MQTT-3.3.1-4
check stmt-unknown 2 "not a numbered statement" "$B" statement MQTT-9.9.9-9
check stmt-missing-arg 2 "usage" "$B" statement
check stmt-bad-spec 2 "cannot read the statement manifests" "$B" statement --spec /nonexistent MQTT-3.3.1-4
check version 0 "(commit " "$B" --version
check version-datadir 0 "data dir: " "$B" --version
check datadir-flag 0 "--data-dir" "$B" --data-dir "$SRC" --version
check datadir-env 0 "MQTTCHECK_DATA_DIR" env MQTTCHECK_DATA_DIR="$SRC" "$B" --version
check datadir-after-cmd 0 "3.3/publish/qos3" "$B" list --data-dir "$SRC" --select 3.3/publish/qos3
check datadir-bad 2 "holds no mqttcheck data" "$B" --data-dir /nonexistent list
check datadir-env-bad 2 "MQTTCHECK_DATA_DIR /nonexistent holds no" env MQTTCHECK_DATA_DIR=/nonexistent "$B" list
exit $fail
