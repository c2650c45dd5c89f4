#!/bin/sh
# validate.sh - check the MQTT normative-statement manifests for well-formedness.
#
# Usage: conformance/spec/validate.sh [FILE.tsv ...]
# With no argument it checks mqtt-3.1.1.tsv and mqtt-5.0.tsv next to this script.
# Exits 0 when every file passes, 1 when any check fails, 2 on usage errors.
# POSIX sh + awk only.

set -u

dir=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd) || exit 2

if [ "$#" -eq 0 ]; then
    set -- "$dir/mqtt-3.1.1.tsv" "$dir/mqtt-5.0.tsv"
fi

status=0
for f in "$@"; do
    if [ ! -r "$f" ]; then
        echo "validate: $f: cannot read file" >&2
        status=1
        continue
    fi
    awk -F '\t' -v file="$f" '
    function fail(msg) {
        printf "validate: %s:%d: %s\n", file, NR, msg > "/dev/stderr"
        errors++
    }
    # Natural-order sort key for MQTT-a.b.c-n: zero-padded numbers.
    function key(id,    p) {
        split(substr(id, 6), p, /[.-]/)
        return sprintf("%05d.%05d.%05d.%05d", p[1], p[2], p[3], p[4])
    }
    BEGIN {
        header = "id\tsection\tlevel\tbinds\tsummary"
        roles = "\tbroker_role\tbroker\tbroker_reason\tclient_role\tclient\tclient_reason"
        ok_role["obliged"] = 1; ok_role["enforces"] = 1; ok_role["obliged+enforces"] = 1; ok_role["none"] = 1
        ok_class["testable"] = 1; ok_class["needs-broker-config"] = 1; ok_class["needs-client-feature"] = 1
        ok_class["needs-websocket"] = 1; ok_class["not-falsifiable"] = 1
        full = 0
        ok_level["MUST"] = 1; ok_level["SHOULD"] = 1; ok_level["MAY"] = 1
        ok_binds["server"] = 1; ok_binds["client"] = 1; ok_binds["both"] = 1
        ok_binds["sender"] = 1; ok_binds["receiver"] = 1
        errors = 0; rows = 0; prev = ""
    }
    /\r$/ { fail("carriage return found (file must use LF line endings)") }
    NR == 1 {
        if ($0 == header "\tnote" roles)
            full = 1
        else if ($0 != header && $0 != header "\tnote")
            fail("bad header: expected \"id, section, level, binds, summary[, note[, broker_role ... client_reason]]\" separated by tabs")
        next
    }
    {
        rows++
        if (full && NF != 12) { fail("expected 12 tab-separated columns, found " NF); next }
        if (!full && NF != 5 && NF != 6) { fail("expected 5 or 6 tab-separated columns, found " NF); next }
        if (full) {
            if (!($7 in ok_role)) fail("broker_role \"" $7 "\" is not one of obliged, enforces, obliged+enforces, none")
            if (!($10 in ok_role)) fail("client_role \"" $10 "\" is not one of obliged, enforces, obliged+enforces, none")
            if (!($8 in ok_class) || $8 == "needs-client-feature") fail("broker class \"" $8 "\" is not valid for the broker role")
            if (!($11 in ok_class) || $11 == "needs-broker-config") fail("client class \"" $11 "\" is not valid for the client role")
            if ($8 != "testable" && $9 == "") fail("broker class " $8 " without a reason")
            if ($11 != "testable" && $12 == "") fail("client class " $11 " without a reason")
            if (($7 == "none") && $8 != "not-falsifiable") fail("broker_role none needs class not-falsifiable")
            if (($10 == "none") && $11 != "not-falsifiable") fail("client_role none needs class not-falsifiable")
        }
        id = $1; sec = $2; lvl = $3; who = $4; sum = $5
        if (id !~ /^MQTT-[0-9]+\.[0-9]+\.[0-9]+-[0-9]+$/)
            fail("id \"" id "\" does not match ^MQTT-[0-9]+.[0-9]+.[0-9]+-[0-9]+$")
        else {
            if (id in seen) fail("duplicate id " id " (first seen on line " seen[id] ")")
            else seen[id] = NR
            k = key(id)
            if (prev != "" && k < prev) fail("id " id " is out of natural order")
            prev = k
        }
        if (sec !~ /^[0-9]+(\.[0-9]+)*$/)
            fail("section \"" sec "\" is not a dotted section number")
        if (!(lvl in ok_level))
            fail("level \"" lvl "\" is not one of MUST, SHOULD, MAY")
        if (!(who in ok_binds))
            fail("binds \"" who "\" is not one of server, client, both, sender, receiver")
        if (sum == "")
            fail("empty summary")
        else if (length(sum) > 100)
            fail("summary longer than 100 characters (" length(sum) ")")
    }
    END {
        if (NR == 0) { printf "validate: %s: empty file\n", file > "/dev/stderr"; errors++ }
        else if (rows == 0) { printf "validate: %s: no statements\n", file > "/dev/stderr"; errors++ }
        if (errors > 0) {
            printf "validate: %s: FAILED with %d error(s)\n", file, errors > "/dev/stderr"
            exit 1
        }
        printf "validate: %s: OK, %d statements\n", file, rows
    }
    ' "$f" || status=1
done
exit $status
