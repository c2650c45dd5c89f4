#!/bin/sh
# Checks `mqttcheck decode`: verdicts, statement ids and exit codes.
set -u
B="$1"
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
check v5-connect 0 "CONNECT v5.0" "$B" decode "10 10 00 04 4d 51 54 54 05 02 00 3c 03 21 00 14 00 00"
check v311-qos3 1 "E_QOS3 [MQTT-3.3.1-4]" "$B" decode --version 3.1.1 "36 05 00 01 61 00 00"
check v311-utf8 1 "[MQTT-1.5.3-1]" "$B" decode --version 3.1.1 "30 04 00 02 c0 80"
check v5-utf8 1 "[MQTT-1.5.4-1]" "$B" decode --version 5.0 "30 05 00 02 c0 80 00"
check v5-suback-empty 1 "E_NO_CODES [MQTT-3.8.4-6]" "$B" decode --version 5 --direction s2c "90 03 00 01 00"
check v311-connack-from-client 1 "E_WRONG_DIRECTION" "$B" decode --version 3.1.1 "20 02 00 00"
check two-packets 0 "#2 @5 PINGREQ" "$B" decode --version 3.1.1 "30 03 00 01 61" "c0 00"
check incomplete 1 "INCOMPLETE" "$B" decode --version 3.1.1 "30 05 00 01"
check five-byte-rl 1 "E_VBI_TOO_LONG" "$B" decode --version 5 "30 ff ff ff ff 7f"
check json 1 '"stmt":"MQTT-3.3.1-4"' "$B" decode --json --version 5 "36 06 00 01 61 00 01 00"
check bad-hex 2 "not hex" "$B" decode "zz"
check bad-version 2 "unknown version" "$B" decode --version 9 "c0 00"
check bad-flag 2 "usage" "$B" decode --nope
check missing-file 2 "No such file" "$B" decode --file /nonexistent/x.bin
check help 0 "usage: mqttcheck decode" "$B" decode --help
exit $fail
