#!/usr/bin/python3
"""coverage.py - honestly-tested share of the testable MQTT statements, per version x role.

Reads the classification columns of mqtt-3.1.1.tsv / mqtt-5.0.tsv (README.md, "Per-role
classification"), the `statements` each scenario declares per version (read from the scenario
files themselves by declarations.lua under lua5.4, so the figure does not depend on a build), and
citation-exclusions.tsv (citations read and found not to exercise their statement). A statement
counts as tested for a role when at least one scenario of that role cites it for that version and
the citation is not excluded. MQTT 3.1 cases are not counted for 3.1.1.

Usage: coverage.py [--missing] [--json] [--root DIR]
  --missing  also list, per version x role, the testable statements no scenario honestly cites
  --json     machine-readable output
Exit: 0 ok, 2 could not run (missing files, lua5.4 absent, a scenario file that does not load).
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VERSIONS = (("3.1.1", "mqtt-3.1.1.tsv"), ("5.0", "mqtt-5.0.tsv"))
ROLES = (("broker", "scenarios"), ("client", "client-scenarios"))
CLASSES = ("testable", "needs-broker-config", "needs-client-feature", "needs-websocket", "not-falsifiable")


def die(msg):
    print("coverage: " + msg, file=sys.stderr)
    sys.exit(2)


def read_tsv(path):
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except OSError as e:
        die("%s: %s" % (path, e.strerror))
    head = lines[0].split("\t")
    rows = []
    for n, ln in enumerate(lines[1:], 2):
        if not ln or ln.startswith("#"):
            continue
        f = ln.split("\t")
        if len(f) != len(head):
            die("%s:%d: %d columns, header has %d" % (path, n, len(f), len(head)))
        rows.append(dict(zip(head, f)))
    return head, rows


def scenario_files(root):
    out = []
    for _, sub in ROLES:
        base = os.path.join(root, "conformance", sub)
        if not os.path.isdir(base):
            die("%s: no such directory" % base)
        for d in sorted(os.listdir(base)):
            full = os.path.join(base, d)
            if d == "lib" or not os.path.isdir(full):
                continue
            out += [os.path.join(full, f) for f in sorted(os.listdir(full)) if f.endswith(".lua")]
    return out


def declarations(root):
    files = scenario_files(root)
    try:
        p = subprocess.run(["lua5.4", os.path.join(HERE, "declarations.lua")] + files,
                           capture_output=True, text=True, check=False)
    except FileNotFoundError:
        die("lua5.4 not found (it reads the scenario declarations)")
    if p.returncode != 0:
        die("a scenario declaration did not load:\n" + p.stderr)
    cites = {}  # (version, role, id) -> set of scenario ids
    scen = {}   # (version, role) -> set of scenario ids
    for ln in p.stdout.splitlines():
        _, sid, role, ver, stmt = ln.split("\t")
        scen.setdefault((ver, role), set()).add(sid)
        if stmt != "-":
            cites.setdefault((ver, role, stmt), set()).add(sid)
    return cites, scen


def main(argv):
    missing = "--missing" in argv
    as_json = "--json" in argv
    root = os.path.dirname(os.path.dirname(HERE))
    if "--root" in argv:
        i = argv.index("--root")
        if i + 1 >= len(argv):
            die("--root needs a directory")
        root = argv[i + 1]
    for a in argv:
        if a.startswith("-") and a not in ("--missing", "--json", "--root"):
            die("unknown option %s (usage: coverage.py [--missing] [--json] [--root DIR])" % a)
    cites, scen = declarations(root)
    _, excl = read_tsv(os.path.join(HERE, "citation-exclusions.tsv"))
    excluded = {(e["version"], e["role"], e["statement"], e["scenario"]) for e in excl}
    result = []
    for ver, fname in VERSIONS:
        head, rows = read_tsv(os.path.join(HERE, fname))
        for role, _ in ROLES:
            if role not in head:
                die("%s has no '%s' column" % (fname, role))
            counts = dict.fromkeys(CLASSES, 0)
            tested = dict.fromkeys(CLASSES, 0)
            gaps = []
            for r in rows:
                cls = r[role]
                if cls not in counts:
                    die("%s: %s: unknown %s class '%s'" % (fname, r["id"], role, cls))
                counts[cls] += 1
                by = {s for s in cites.get((ver, role, r["id"]), set())
                      if (ver, role, r["id"], s) not in excluded}
                if by:
                    tested[cls] += 1
                elif cls != "not-falsifiable":
                    gaps.append((r["id"], cls))
            t, n = tested["testable"], counts["testable"]
            reach = [c for c in CLASSES if c != "not-falsifiable"]
            tr, nr = sum(tested[c] for c in reach), sum(counts[c] for c in reach)
            result.append({"version": ver, "role": role, "scenarios": len(scen.get((ver, role), ())),
                           "statements": len(rows), "classes": counts, "tested": tested,
                           "testable_pct": round(100.0 * t / n, 1) if n else None,
                           "reachable_pct": round(100.0 * tr / nr, 1) if nr else None,
                           "untested": gaps})
    if as_json:
        print(json.dumps(result, indent=2))
        return 0
    print("%-7s %-7s %5s %10s %9s %9s %6s %8s" % ("version", "role", "cases", "testable", "tested", "%", "other", "tested+o"))
    for r in result:
        other = sum(r["classes"][c] for c in CLASSES[1:4])
        tother = sum(r["tested"][c] for c in CLASSES[1:4])
        print("%-7s %-7s %5d %10d %9d %8.1f%% %6d %8d" % (
            r["version"], r["role"], r["scenarios"], r["classes"]["testable"], r["tested"]["testable"],
            r["testable_pct"] or 0.0, other, tother))
    print("testable = class 'testable' for that role; other = needs-broker-config + needs-client-feature +"
          " needs-websocket; not-falsifiable statements are left out of both.")
    if missing:
        for r in result:
            print("\n%s %s: %d not honestly cited" % (r["version"], r["role"], len(r["untested"])))
            for sid, cls in r["untested"]:
                print("  %-16s %s" % (sid, cls))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
