#!/usr/bin/env python3
"""Checks the Dockerfile where no Docker daemon can build it: multi-stage on Debian 12 slim,
the final stage installs the .deb the first built, cleans the apt lists, runs as a non-root
user with mqttcheck as its entry point. Every COPY source exists in the build context and
.dockerignore does not leave out what the build needs (the top CMakeLists.txt, each folder
of MQC_DIRS, README.md) while it does leave out build/; a COPY --from names an earlier stage
and takes a file a RUN of that stage made; the build stage configures the folder the
sources were copied to. With a reachable daemon and MQC_DOCKER_BUILD=1 it also builds the
image and runs `mqttcheck --version` in it.

usage: check_dockerfile.py REPO_ROOT"""
import fnmatch
import glob
import json
import os
import re
import shlex
import subprocess
import sys

errors = []


def check(cond, what):
    if not cond:
        errors.append(what)


def instructions(text):
    text = re.sub(r"\\\n", " ", text)
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def ignore_patterns(root):
    path = os.path.join(root, ".dockerignore")
    if not os.path.exists(path):
        return []
    pats = []
    for line in open(path, encoding="utf-8").read().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            pats.append(line)
    return pats


def ignored(rel, pats):
    """Docker's rule: the last matching pattern wins, '!' re-includes; a pattern matching a
    folder leaves out everything under it. '**' matches any number of folders."""
    out = False
    parts = rel.split("/")
    prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    for p in pats:
        neg = p.startswith("!")
        pat = p[1:] if neg else p
        pat = pat.strip("/")
        rx = re.escape(pat).replace(r"\*\*/", "(.*/)?").replace(r"\*\*", ".*").replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
        if any(re.fullmatch(rx, pre) for pre in prefixes):
            out = not neg
    return out


def stage_of(ins, index):
    """The stage an instruction index belongs to: (number, alias or None)."""
    n, alias = -1, None
    for i, (w, r) in enumerate(ins[: index + 1]):
        if w == "FROM":
            n += 1
            m = re.search(r"\s+AS\s+(\S+)", r, re.I)
            alias = m.group(1) if m else None
    return n, alias


def check_copies(root, ins):
    pats = ignore_patterns(root)
    aliases, stage_runs = {}, {}
    for i, (w, r) in enumerate(ins):
        n, alias = stage_of(ins, i)
        if w == "FROM" and alias:
            aliases[alias] = n
        if w == "RUN":
            stage_runs.setdefault(n, []).append(r)
        if w not in ("COPY", "ADD"):
            continue
        args = shlex.split(r)
        flags = [a for a in args if a.startswith("--")]
        paths = [a for a in args if not a.startswith("--")]
        check(len(paths) >= 2, f"{w} {r}: needs a source and a destination")
        srcs = paths[:-1]
        src_from = [f.split("=", 1)[1] for f in flags if f.startswith("--from=")]
        if src_from:
            frm = src_from[0]
            num = aliases.get(frm, int(frm) if frm.isdigit() else None)
            check(num is not None and num < n, f"COPY --from={frm}: no earlier stage of that name")
            for src in srcs:
                made = any(src in run for run in stage_runs.get(num, []))
                check(made, f"COPY --from={frm} {src}: no RUN of that stage makes {src}")
            continue
        for src in srcs:
            hits = glob.glob(os.path.join(root, src))
            check(hits, f"{w} {src}: not in the build context")
            for h in hits:
                rel = os.path.relpath(h, root)
                if rel != ".":
                    check(not ignored(rel, pats), f"{w} {src}: left out by .dockerignore")
        if "." in srcs:
            # the whole context: what the build needs must survive .dockerignore
            needed = ["CMakeLists.txt", "CMakePresets.json", "README.md"]
            top = open(os.path.join(root, "CMakeLists.txt"), encoding="utf-8").read()
            m = re.search(r'set\(MQC_DIRS "([^"]+)"', top)
            check(m, "CMakeLists.txt: no MQC_DIRS list to check the context against")
            if m:
                needed += [d + "/CMakeLists.txt" for d in m.group(1).split(";")
                           if os.path.exists(os.path.join(root, d, "CMakeLists.txt"))]
            for f in needed:
                check(not ignored(f, pats), f".dockerignore leaves out {f}, which the build needs")
            check(ignored("build/default/CMakeCache.txt", pats), ".dockerignore does not leave out build/")
            dest = paths[-1]
            later = []
            for ww, rr in ins[i + 1:]:
                if ww == "FROM":
                    break
                if ww == "RUN":
                    later.append(rr)
            runs = " ".join(later)
            check(f"-S {dest}" in runs, f"the build stage does not configure {dest}, where COPY . put the sources")


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = sys.argv[1]
    path = os.path.join(root, "Dockerfile")
    ins = instructions(open(path, encoding="utf-8").read())
    stages = [i for i, (w, _) in enumerate(ins) if w == "FROM"]
    check(len(stages) >= 2, "not multi-stage")
    for i in stages:
        check(ins[i][1].split()[0] == "debian:12-slim", f"stage base is {ins[i][1]}, not debian:12-slim")
    final = ins[stages[-1]:] if stages else []
    runs = [r for w, r in ins if w == "RUN"]
    for r in runs:
        if "apt-get install" in r:
            check("--no-install-recommends" in r, "apt-get install without --no-install-recommends")
            check("apt-get update" in r, "apt-get install without apt-get update in the same RUN")
            check("rm -rf /var/lib/apt/lists" in r, "apt lists left in a layer")
    check(any(w == "COPY" and "--from=" in r and ".deb" in r for w, r in final),
          "the final stage does not take the .deb from the build stage")
    check(any(w == "RUN" and "cpack" in r for w, r in ins), "nothing builds the .deb")
    users = [r for w, r in final if w == "USER"]
    check(users and users[-1] not in ("root", "0"), "the final stage runs as root")
    ep = [r for w, r in final if w == "ENTRYPOINT"]
    check(ep and json.loads(ep[-1]) == ["mqttcheck"], "ENTRYPOINT is not [\"mqttcheck\"]")
    check(os.path.exists(os.path.join(root, ".dockerignore")), "no .dockerignore (build/ would be sent)")
    check_copies(root, ins)
    built = "not built (no Docker daemon, or MQC_DOCKER_BUILD unset)"
    if os.environ.get("MQC_DOCKER_BUILD") == "1" and \
            subprocess.run(["docker", "info"], capture_output=True).returncode == 0:
        r = subprocess.run(["docker", "build", "-q", "-t", "mqttcheck:test", root], capture_output=True, text=True)
        check(r.returncode == 0, f"docker build failed: {r.stderr[-2000:]}")
        if r.returncode == 0:
            v = subprocess.run(["docker", "run", "--rm", "mqttcheck:test", "--version"], capture_output=True, text=True)
            check(v.returncode == 0 and "data dir: /usr/share/mqttcheck" in v.stdout, f"image: {v.stdout}{v.stderr}")
            built = "built and ran"
    for e in errors:
        print("FAIL:", e)
    print(f"Dockerfile: {len(errors)} problem(s); {built}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
