#!/usr/bin/env python3
"""Judges a run through fault_proxy.py MODE (fault_run.sh) against a run of
the same selection on the plain broker behind it.

usage: fault_check.py MODE --select          prints the selection (globs)
       fault_check.py MODE REF.json RUN.json [RUN.json ...]

For every mode:
  - the cases whose statement under test is the broken behaviour ("own") FAIL;
  - no other case gets a finding (FAIL, NON-STRICT, INFORMATIONAL, TIMEOUT)
    it does not get on the plain broker: a fault never fails a statement the
    broker keeps;
  - every ERROR names the precondition that blocked it, and those that the
    fault blocks are one finding: at least `blocked` cases under the mode's
    precondition and statement (printed as "<what> (<stmt>): blocks N cases");
  - with several runs, every case has the same verdict in each.
"""
import collections, fnmatch, json, sys

MODES = {
    # PINGRESP 3 s late: barriers block; the PINGREQ cases themselves fail
    "ping-late": dict(
        # retained cases wait on a witness subscriber, not on a PINGRESP: they
        # keep their verdicts; the ones that ping to see a connection alive block
        select=["3.3/retain/*", "4.1/session/offline-qos0", "4.1/session/error-puback-not-resent",
                "3.1/will/none-when-not-set",
                "3.1/keepalive/pingreq-pingresp", "3.1/keepalive/zero-disables",
                "3.1/connect/takeover", "3.1/connect/client-id-empty-*", "4.3/qos/qos2-delivery",
                "3.8/subscribe/no-local", "3.10/unsubscribe/multi", "3.2/connack/no-auth-without-method"],
        pre=("PINGRESP within 2 s", "MQTT-3.12.4-1"), blocked=8,
        own=["3.1/keepalive/pingreq-pingresp"]),
    # every subscription granted QoS 0 (allowed, §3.8.4): cases that need more are blocked
    "suback-qos0": dict(
        select=["3.1/will/qos", "3.8/subscribe/resubscribe-replaces", "4.3/qos/qos1-delivery",
                "4.3/qos/downgrade-*", "3.3/retain/qos-downgrade", "3.3/retain/stored-delivered"],
        pre=("SUBACK granting the QoS asked for", "§3.8.4"), blocked=2, own=[]),
    # the second connection of each case refused
    "refuse-second": dict(
        select=["3.3/retain/stored-delivered", "3.3/retain/replace", "3.1/will/abrupt-close",
                "3.1/will/retain-0", "4.3/qos/qos1-delivery", "3.8/subscribe/no-local"],
        pre=("CONNACK accepting the connection", None), blocked=10, own=[]),
    # retained messages never stored: only the retained-message statements fail
    "no-retain": dict(
        select=["3.3/retain/stored-delivered", "3.3/retain/replace", "3.3/retain/clear-empty",
                "3.3/publish/qos0-delivery", "4.3/qos/qos1-delivery"],
        pre=None, blocked=0, own=["3.3/retain/stored-delivered", "3.3/retain/replace"]),
    # keep-alive closes only on a whole-second sweep every 3 s: same verdicts every run
    "keepalive-coarse": dict(
        select=["3.1/keepalive/timeout-closes", "3.1/will/keepalive-expiry",
                "3.1/keepalive/any-packet-resets", "3.1/keepalive/partial-packet-not-activity"],
        pre=None, blocked=0,
        own=["3.1/keepalive/timeout-closes", "3.1/will/keepalive-expiry",
             "3.1/keepalive/partial-packet-not-activity"]),
    # subscriptions downgraded to QoS 1, QoS 2 PUBLISH answered with PUBACK
    "qos2-puback": dict(
        select=["4.3/qos/qos2-flow", "4.3/qos/qos1-delivery"],
        pre=None, blocked=0, own=["4.3/qos/qos2-flow"]),
    # '.' taken for a level separator
    "dot-level": dict(
        select=["4.7/topics/separators-distinct", "3.3/retain/separators-distinct",
                "3.3/publish/qos0-delivery"],
        pre=None, blocked=0,
        own=["4.7/topics/separators-distinct", "3.3/retain/separators-distinct"]),
}

FINDINGS = {"FAIL", "NON-STRICT", "INFORMATIONAL", "TIMEOUT"}


def cases(path):
    doc = json.load(open(path))
    return {(c["id"], c["version"]): c for run in doc["runs"] for c in run["cases"]}


def main():
    mode = MODES[sys.argv[1]]
    if sys.argv[2:] == ["--select"]:
        print(" ".join(mode["select"]))
        return 0
    ref = cases(sys.argv[2])
    runs = [cases(p) for p in sys.argv[3:]]
    bad = []
    for i, got in enumerate(runs):
        assert got, "no case in run %d" % (i + 1)
        groups, stmts = collections.Counter(), {}
        for key, c in sorted(got.items()):
            v = c["verdict"]
            own = any(fnmatch.fnmatch(key[0], g) for g in mode["own"])
            was = ref.get(key, {}).get("verdict")
            pre = c.get("precondition")
            if pre:
                groups[pre["what"]] += 1
                stmts.setdefault(pre["what"], set()).add(pre.get("statement") or "no statement")
            if own and v == "FAIL" and i == 0:
                print("%s [%s] FAIL: %s" % (key[0], key[1], c.get("observed", "")[:160]))
            if own and v != "FAIL":
                bad.append("%s [%s]: %s, the statement under test is broken: FAIL expected (%s)"
                           % (key[0], key[1], v, c.get("observed", "")[:200]))
            elif not own and v in FINDINGS and v != was:
                bad.append("%s [%s]: %s (plain broker: %s) although the fault is elsewhere: %s"
                           % (key[0], key[1], v, was, c.get("observed", "")[:200]))
            if v == "ERROR" and not pre:
                bad.append("%s [%s]: ERROR without a precondition: %s" % (key[0], key[1], c.get("observed", "")[:200]))
        for what, n in groups.most_common():
            print("run %d: %s (%s): blocks %d cases" % (i + 1, what, ", ".join(sorted(stmts[what])), n))
        if mode["pre"]:
            n = groups.get(mode["pre"][0], 0)
            if n and mode["pre"][1] and stmts[mode["pre"][0]] != {mode["pre"][1]}:
                bad.append("run %d: %s cites %s, %s expected" % (i + 1, mode["pre"][0], stmts[mode["pre"][0]], mode["pre"][1]))
            if n < mode["blocked"]:
                bad.append("run %d: %d case(s) blocked by %s, at least %d expected"
                           % (i + 1, n, mode["pre"], mode["blocked"]))
        print("run %d: %s" % (i + 1, dict(collections.Counter(c["verdict"] for c in got.values()))))
    for key in sorted(runs[0]):
        seen = [r.get(key, {}).get("verdict") for r in runs]
        if len(set(seen)) > 1:
            bad.append("%s [%s]: verdict changed between runs: %s" % (key[0], key[1], seen))
    for b in bad:
        print("FAIL:", b)
    return 1 if bad else 0


sys.exit(main())
