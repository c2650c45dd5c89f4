#!/usr/bin/env python3
"""Checks ci/templates/*.yml: valid YAML with the structure each CI system requires, and the
mqttcheck workflow they promise (baseline, artifacts kept always, a bounded broker wait).
Their shell snippets must also pass `bash -n`.

usage: check_templates.py TEMPLATES_DIR"""
import os
import re
import subprocess
import sys

try:
    import yaml
except ImportError:
    sys.exit("FAIL: python3-yaml is missing (bash ci/setup.sh installs it)")

errors = []
checked = 0


def check(cond, what):
    global checked
    checked += 1
    if not cond:
        errors.append(what)


def bash_syntax(script, where):
    # ${{ expr }} is GitHub's templating, not shell: replace it by a plain word first.
    script = re.sub(r"\$\{\{[^}]*\}\}", "X", script)
    r = subprocess.run(["bash", "-n"], input=script, text=True, capture_output=True)
    check(r.returncode == 0, f"{where}: bash -n: {r.stderr.strip()}")


def load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    check("\t" not in text, f"{path}: contains a tab (YAML forbids tabs for indentation)")
    return yaml.safe_load(text), text


def github(path):
    doc, text = load(path)
    check(isinstance(doc, dict), f"{path}: top level is not a mapping")
    # YAML 1.1 reads a bare `on` key as the boolean true; GitHub reads it as "on".
    on = doc.get("on", doc.get(True))
    check(on is not None, f"{path}: no 'on' trigger")
    check(isinstance(on, (str, list, dict)), f"{path}: 'on' is not an event, list or mapping")
    jobs = doc.get("jobs")
    check(isinstance(jobs, dict) and jobs, f"{path}: no jobs mapping")
    for jid, job in (jobs or {}).items():
        where = f"{path}: jobs.{jid}"
        check(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", str(jid)) is not None, f"{where}: bad job id")
        check(isinstance(job, dict), f"{where}: not a mapping")
        check("runs-on" in job, f"{where}: no runs-on")
        steps = job.get("steps")
        check(isinstance(steps, list) and steps, f"{where}: no steps list")
        for i, st in enumerate(steps or []):
            sw = f"{where}.steps[{i}]"
            check(isinstance(st, dict), f"{sw}: not a mapping")
            has_uses, has_run = "uses" in st, "run" in st
            check(has_uses != has_run, f"{sw}: needs exactly one of uses/run")
            if has_uses:
                check(re.fullmatch(r"[\w.-]+/[\w./-]+@[\w.-]+", st["uses"]) is not None,
                      f"{sw}: uses '{st['uses']}' is not owner/repo@ref")
            if has_run:
                bash_syntax(st["run"], sw)
        for name, svc in (job.get("services") or {}).items():
            check(isinstance(svc, dict) and "image" in svc, f"{where}.services.{name}: no image")
        runs = "\n".join(st.get("run", "") for st in steps or [])
        check("mqttcheck run" in runs and "--baseline" in runs, f"{where}: no 'mqttcheck run --baseline'")
        check("ci/setup.sh" in runs, f"{where}: does not install mqttcheck with ci/setup.sh")
        uploads = [st for st in steps or [] if str(st.get("uses", "")).startswith("actions/upload-artifact@")]
        check(len(uploads) == 1, f"{where}: no actions/upload-artifact step")
        for st in uploads:
            check(str(st.get("if", "")).replace(" ", "") == "always()", f"{where}: artifacts not uploaded if: always()")
            check("out/" in str((st.get("with") or {}).get("path", "")), f"{where}: artifact path lacks out/")
    # Both ways of starting the broker are shown: a service (live) and a start command (commented).
    check("services:" in text and re.search(r"^\s*#.*Start my broker", text, re.M) is not None,
          f"{path}: does not show both a service container and an own start command")


GITLAB_RESERVED = {"stages", "variables", "default", "include", "workflow", "image", "services",
                   "cache", "before_script", "after_script", "pages"}


def gitlab(path):
    doc, text = load(path)
    check(isinstance(doc, dict), f"{path}: top level is not a mapping")
    stages = doc.get("stages")
    check(isinstance(stages, list) and stages and all(isinstance(s, str) for s in stages),
          f"{path}: stages is not a list of names")
    jobs = {k: v for k, v in doc.items() if k not in GITLAB_RESERVED and not str(k).startswith(".")}
    check(jobs, f"{path}: no job")
    for jid, job in jobs.items():
        where = f"{path}: {jid}"
        check(isinstance(job, dict), f"{where}: not a mapping")
        script = job.get("script")
        check(isinstance(script, list) and script and all(isinstance(s, str) for s in script),
              f"{where}: script is not a list of strings")
        check(job.get("stage", "test") in (stages or []), f"{where}: stage not in stages")
        for key in ("before_script", "after_script"):
            if key in job:
                check(isinstance(job[key], list), f"{where}: {key} is not a list")
        # GitLab runs before_script and script in one shell: check them together.
        bash_syntax("\n".join((job.get("before_script") or []) + (script or [])), where)
        art = job.get("artifacts")
        check(isinstance(art, dict), f"{where}: no artifacts")
        art = art or {}
        check(isinstance(art.get("paths"), list) and "out/" in art.get("paths", []),
              f"{where}: artifacts:paths lacks out/")
        check(art.get("when") == "always", f"{where}: artifacts:when is not always")
        junit = (art.get("reports") or {}).get("junit")
        check(junit is None or isinstance(junit, (str, list)), f"{where}: artifacts:reports:junit malformed")
        for svc in job.get("services") or []:
            check(isinstance(svc, str) or (isinstance(svc, dict) and "name" in svc),
                  f"{where}: a service without name")
        allsh = "\n".join((job.get("before_script") or []) + (script or []))
        check("mqttcheck run" in allsh and "--baseline" in allsh, f"{where}: no 'mqttcheck run --baseline'")
        check("ci/setup.sh" in allsh, f"{where}: does not install mqttcheck with ci/setup.sh")
        check(job.get("allow_failure") in (None, False), f"{where}: allow_failure would hide new failures")
    check("services:" in text and re.search(r"^\s*#.*start your broker yourself", text, re.M) is not None,
          f"{path}: does not show both a service container and an own start command")


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    d = sys.argv[1]
    github(os.path.join(d, "github-actions.yml"))
    gitlab(os.path.join(d, "gitlab-ci.yml"))
    for e in errors:
        print("FAIL:", e)
    print(f"{checked - len(errors)} passed, {len(errors)} failed")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
