#!/usr/bin/env python3
"""Checks the Dockerfile where no Docker daemon can build it: multi-stage on Debian 12 slim,
the final stage installs the .deb the first built, cleans the apt lists, runs as a non-root
user with mqttcheck as its entry point. With a reachable daemon and MQC_DOCKER_BUILD=1 it
also builds the image and runs `mqttcheck --version` in it.

usage: check_dockerfile.py REPO_ROOT"""
import json
import os
import re
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
