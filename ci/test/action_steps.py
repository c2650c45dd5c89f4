#!/usr/bin/env python3
"""Runs the shell steps of action.yml locally, as the GitHub runner would, against mosquitto.

usage: action_steps.py REPO_ROOT BUILD_DIR WORK_DIR

The runner's part is emulated: ${{ inputs.* / github.action_path / runner.temp /
steps.*.outputs.* }} are substituted, `if:` conditions are evaluated, GITHUB_OUTPUT /
GITHUB_PATH / GITHUB_ENV / GITHUB_STEP_SUMMARY are files read back between steps, and the
steps run with bash in a workspace outside the source tree. `uses:` steps are not run:
actions/cache is stood in for by installing BUILD_DIR into the cached path with the key
the Action computes (a cache hit, so the test takes seconds; install.sh's build path is
the one `cmake --install` already tests), actions/upload-artifact by checking that its
path exists. Three runs: the first writes the baseline (bootstrap, passes), the second
finds no change (passes), the third has a baseline missing a failure (fails, and the
upload still happens). Exit 0 ok, 1 a check failed, 77 mosquitto missing."""
import os
import re
import shutil
import subprocess
import sys

import yaml

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


class Runner:
    def __init__(self, root, work, inputs):
        self.root, self.work = root, work
        self.action = yaml.safe_load(open(os.path.join(root, "action.yml"), encoding="utf-8"))
        self.inputs = {k: str(v.get("default", "")) for k, v in self.action["inputs"].items()}
        for k in inputs:
            check(k in self.inputs, f"test input {k} is not an input of action.yml")
        self.inputs.update(inputs)
        self.temp = os.path.join(work, "runner-temp")
        self.ws = os.path.join(work, "workspace")
        self.outputs = {}
        self.extra_path = []
        self.extra_env = {}
        self.uploads = []

    def expr(self, e):
        e = e.strip()
        m = re.fullmatch(r"inputs\.([\w-]+)", e)
        if m:
            check(m.group(1) in self.inputs, f"action.yml uses an undeclared input {m.group(1)}")
            return self.inputs.get(m.group(1), "")
        m = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", e)
        if m:
            return self.outputs.get(m.group(1), {}).get(m.group(2), "")
        if e == "github.action_path":
            return self.root
        if e == "runner.temp":
            return self.temp
        raise ValueError(f"expression not emulated: {e}")

    def subst(self, text):
        return re.sub(r"\$\{\{(.*?)\}\}", lambda m: self.expr(m.group(1)), str(text))

    def condition(self, cond, failed):
        if cond is None:
            return not failed
        c = str(cond).replace("${{", "").replace("}}", "")
        always = "always()" in c
        c = c.replace("always()", "True").replace("&&", " and ").replace("||", " or ")
        c = re.sub(r"(inputs\.[\w-]+|steps\.[\w-]+\.outputs\.[\w-]+)", lambda m: repr(self.expr(m.group(1))), c)
        ok = bool(eval(c, {"__builtins__": {}}, {"True": True}))  # only literals and operators are left
        return ok and (always or not failed)

    def run(self):
        """Runs every step; returns (failed, outputs of the action)."""
        os.makedirs(self.ws, exist_ok=True)
        os.makedirs(self.temp, exist_ok=True)
        files = {n: os.path.join(self.work, n) for n in ("output", "path", "env", "summary")}
        open(files["summary"], "a").close()
        failed = False
        for i, st in enumerate(self.action["runs"]["steps"]):
            name = st.get("name", f"step {i}")
            if not self.condition(st.get("if"), failed):
                continue
            if "uses" in st:
                self.stand_in(st)
                continue
            check(st.get("shell") == "bash", f"{name}: shell is not bash")
            for f in ("output", "path", "env"):
                open(files[f], "w").close()
            env = dict(os.environ)
            env.update(self.extra_env)
            env.update({k: self.subst(v) for k, v in (st.get("env") or {}).items()})
            env["PATH"] = ":".join(self.extra_path + [env["PATH"]])
            env.update(GITHUB_OUTPUT=files["output"], GITHUB_PATH=files["path"], GITHUB_ENV=files["env"],
                       GITHUB_STEP_SUMMARY=files["summary"], GITHUB_ACTIONS="true",
                       GITHUB_WORKSPACE=self.ws, RUNNER_TEMP=self.temp)
            script = self.subst(st["run"])
            print(f"--- {name}", flush=True)
            r = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                               cwd=self.ws, env=env)
            outs = {}
            for line in open(files["output"], encoding="utf-8"):
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    outs[k] = v
            if "id" in st:
                self.outputs[st["id"]] = outs
            self.extra_path = [l.strip() for l in open(files["path"]) if l.strip()][::-1] + self.extra_path
            for line in open(files["env"]):
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    self.extra_env[k] = v
            if r.returncode != 0:
                print(f"--- {name}: exit {r.returncode}")
                failed = True
        outs = {k: self.subst(v["value"]) for k, v in (self.action.get("outputs") or {}).items()}
        return failed, outs

    def stand_in(self, st):
        uses = st["uses"]
        w = {k: self.subst(v) for k, v in (st.get("with") or {}).items()}
        if uses.startswith("actions/cache@"):
            key = w.get("key", "")
            check(key.startswith("mqttcheck-") and len(key) > 30, f"cache key '{key}' is not the computed one")
            path = w["path"]
            if not os.path.exists(os.path.join(path, ".mqttcheck-key")):  # the cache restores a hit
                subprocess.run(["cmake", "--install", BUILD, "--prefix", path], check=True,
                               stdout=subprocess.DEVNULL)
                with open(os.path.join(path, ".mqttcheck-key"), "w") as f:
                    f.write(key + "\n")
        elif uses.startswith("actions/upload-artifact@"):
            path = os.path.join(self.ws, w["path"])
            check(os.path.isdir(path), f"upload-artifact path {w['path']} does not exist")
            self.uploads.append(w.get("name"))
        else:
            check(False, f"uses {uses}: no stand-in")


def main():
    global BUILD
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    root, BUILD, work = (os.path.abspath(a) for a in sys.argv[1:])
    if not shutil.which("mosquitto"):
        print("SKIP: mosquitto not installed")
        return 77
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    baseline = os.path.join(work, "workspace", "mqttcheck-baseline.txt")
    # 3.3/publish/qos0-dup fails against mosquitto 2.0 (a PINGRESP instead of a close), qos3 passes.
    inputs = {"spawn": "mosquitto -p {port}", "versions": "5.0",
              "select": "3.3/publish/qos0-dup\n3.3/publish/qos3", "name": "mosquitto"}

    print("=== run 1: no baseline yet", flush=True)
    r = Runner(root, work, inputs)
    failed, outs = r.run()
    check(not failed, "run 1 (bootstrap) failed")
    check(outs["result"] == "bootstrap", f"run 1: result {outs['result']}, expected bootstrap")
    text = open(baseline).read() if os.path.exists(baseline) else ""
    check("3.3/publish/qos0-dup" in text, "run 1 did not write the baseline with 3.3/publish/qos0-dup")
    check(os.path.exists(os.path.join(r.ws, "mqttcheck-out", "mqttcheck-baseline.txt")),
          "run 1: the written baseline is not in the results folder")
    check(r.uploads == ["mqttcheck-report"], "run 1: no upload")
    summary = open(os.path.join(work, "summary")).read()
    check("mqttcheck conformance" in summary and "Baseline bootstrap" in summary,
          "run 1: job summary lacks summary.md or the bootstrap note")
    check(any(p.endswith("runner-temp/mqttcheck/bin") for p in r.extra_path), "install did not add bin/ to GITHUB_PATH")

    print("=== run 2: the baseline just written", flush=True)
    failed, outs = Runner(root, work, inputs).run()
    check(not failed and outs["result"] == "pass" and outs["exit-code"] == "0",
          f"run 2: failed={failed} result={outs['result']}, expected pass")

    print("=== run 3: a baseline without the known failure", flush=True)
    with open(baseline, "w") as f:
        f.write("# accepts nothing\n")
    r = Runner(root, work, inputs)
    failed, outs = r.run()
    check(failed and outs["result"] == "changed" and outs["exit-code"] == "1",
          f"run 3: failed={failed} result={outs['result']}, expected a failing 'changed'")
    check(r.uploads == ["mqttcheck-report"], "run 3: the artifact was not uploaded after the failure")

    print(f"{'FAILED' if failures else 'OK'}: {len(failures)} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
