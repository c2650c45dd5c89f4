#!/usr/bin/env python3
"""Checks the one-line CI integrations structurally: action.yml (a composite GitHub Action),
ci/gitlab/mqttcheck.yml (a GitLab CI include) and the templates using them
(ci/templates/*.yml): valid YAML with the structure each CI system requires, the mqttcheck
workflow they promise (baseline, artifacts kept always, a real cache key), inputs that
exist, and shell snippets that pass `bash -n`. ci/test/action_steps.py runs the Action.

usage: check_templates.py REPO_ROOT"""
import os
import re
import subprocess
import sys

try:
    import yaml
except ImportError:
    sys.exit("FAIL: python3-yaml is missing (bash ci/setup.sh test installs it)")

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


def exprs(value):
    return re.findall(r"\$\{\{(.*?)\}\}", str(value))


def action(path):
    """The composite Action; returns its input names."""
    doc, _ = load(path)
    check(isinstance(doc, dict), f"{path}: top level is not a mapping")
    for key in ("name", "description", "inputs", "runs"):
        check(key in doc, f"{path}: no {key}")
    inputs = doc.get("inputs") or {}
    for name, spec in inputs.items():
        check(isinstance(spec, dict) and "description" in spec, f"{path}: input {name} has no description")
    for want in ("target", "spawn", "versions", "select", "baseline", "profile"):
        check(want in inputs, f"{path}: no input {want}")
    runs = doc.get("runs") or {}
    check(runs.get("using") == "composite", f"{path}: runs.using is not composite")
    steps = runs.get("steps") or []
    check(steps, f"{path}: no steps")
    ids = set()
    text_all = ""
    for i, st in enumerate(steps):
        where = f"{path}: steps[{i}] ({st.get('name', '?')})"
        has_uses, has_run = "uses" in st, "run" in st
        check(has_uses != has_run, f"{where}: needs exactly one of uses/run")
        if has_run:
            check(st.get("shell") == "bash", f"{where}: a composite run step needs shell: bash")
            bash_syntax(st["run"], where)
            text_all += st["run"] + "\n"
        if has_uses:
            check(re.fullmatch(r"[\w.-]+/[\w./-]+@[\w.-]+", st["uses"]) is not None,
                  f"{where}: uses '{st['uses']}' is not owner/repo@ref")
        for e in exprs(yaml.safe_dump(st)):
            for m in re.finditer(r"inputs\.([\w-]+)", e):
                check(m.group(1) in inputs, f"{where}: undeclared input {m.group(1)}")
            for m in re.finditer(r"steps\.([\w-]+)\.", e):
                check(m.group(1) in ids, f"{where}: step id {m.group(1)} not defined before")
        # inputs reach the shell through env, never pasted into the script (injection)
        if has_run:
            check(not re.search(r"\$\{\{\s*inputs\.", st["run"]), f"{where}: an input pasted into run:")
        if "id" in st:
            ids.add(st["id"])
    cache = [st for st in steps if str(st.get("uses", "")).startswith("actions/cache@")]
    check(len(cache) == 1, f"{path}: no actions/cache step")
    for st in cache:
        key = str((st.get("with") or {}).get("key", ""))
        check("steps." in key, f"{path}: the cache key '{key}' is not computed from the sources")
    uploads = [st for st in steps if str(st.get("uses", "")).startswith("actions/upload-artifact@")]
    check(len(uploads) == 1, f"{path}: no actions/upload-artifact step")
    for st in uploads:
        check("always()" in str(st.get("if", "")), f"{path}: artifacts not uploaded if: always()")
    check("ci/action/install.sh" in text_all and "ci/action/run.sh" in text_all,
          f"{path}: does not run ci/action/install.sh and run.sh")
    return set(inputs)


def github(path, inputs):
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
        ours = [st for st in steps or [] if re.fullmatch(r"[\w.-]+/mqttcheck@[\w.-]+", str(st.get("uses", "")))]
        check(len(ours) == 1, f"{where}: not exactly one `uses: OWNER/mqttcheck@REF` step")
        for st in ours:
            w = st.get("with") or {}
            for k in w:
                check(k in inputs, f"{where}: with.{k} is not an input of action.yml")
            check(("target" in w) != ("spawn" in w), f"{where}: give the Action target or spawn")
            check("baseline" in w, f"{where}: no baseline")
    # Both ways of starting the broker are shown: a service (live) and a spawn command (commented).
    check("services:" in text and re.search(r"^\s*#\s*spawn:", text, re.M) is not None,
          f"{path}: does not show both a service container and a spawn command")


GITLAB_RESERVED = {"stages", "variables", "default", "include", "workflow", "image", "services",
                   "cache", "before_script", "after_script", "pages"}


def gitlab_job(job, where, stages):
    script = job.get("script")
    check(isinstance(script, list) and script and all(isinstance(s, str) for s in script),
          f"{where}: script is not a list of strings")
    check(job.get("stage", "test") in stages, f"{where}: stage not in stages")
    for key in ("before_script", "after_script"):
        if key in job:
            check(isinstance(job[key], list), f"{where}: {key} is not a list")
    # GitLab runs before_script and script in one shell: check them together.
    allsh = "\n".join((job.get("before_script") or []) + (script or []))
    bash_syntax(allsh, where)
    art = job.get("artifacts")
    check(isinstance(art, dict), f"{where}: no artifacts")
    art = art or {}
    check(isinstance(art.get("paths"), list) and "out/" in art.get("paths", []),
          f"{where}: artifacts:paths lacks out/")
    check(art.get("when") == "always", f"{where}: artifacts:when is not always")
    junit = (art.get("reports") or {}).get("junit")
    check(isinstance(junit, (str, list)), f"{where}: no artifacts:reports:junit")
    key = str((job.get("cache") or {}).get("key", ""))
    check("$" in key, f"{where}: the cache key '{key}' is a constant")
    check("ci/action/install.sh" in allsh and "ci/action/run.sh" in allsh,
          f"{where}: does not run ci/action/install.sh and run.sh")
    check(job.get("allow_failure") in (None, False), f"{where}: allow_failure would hide new failures")
    return set((job.get("variables") or {}).keys())


def gitlab_include(path):
    doc, _ = load(path)
    check(isinstance(doc, dict) and ".mqttcheck" in doc, f"{path}: no hidden job .mqttcheck")
    job = (doc or {}).get(".mqttcheck") or {}
    variables = gitlab_job(job, f"{path}: .mqttcheck", ["test"])
    for want in ("TARGET", "SPAWN", "VERSIONS", "SELECT", "BASELINE", "PROFILE"):
        check(f"MQTTCHECK_{want}" in variables, f"{path}: no variable MQTTCHECK_{want}")
    return variables


def gitlab(path, variables):
    doc, text = load(path)
    check(isinstance(doc, dict), f"{path}: top level is not a mapping")
    stages = doc.get("stages")
    check(isinstance(stages, list) and stages and all(isinstance(s, str) for s in stages),
          f"{path}: stages is not a list of names")
    inc = doc.get("include") or []
    inc = inc if isinstance(inc, list) else [inc]
    check(any("ci/gitlab/mqttcheck.yml" in str(i) for i in inc), f"{path}: does not include ci/gitlab/mqttcheck.yml")
    jobs = {k: v for k, v in doc.items() if k not in GITLAB_RESERVED and not str(k).startswith(".")}
    check(jobs, f"{path}: no job")
    for jid, job in jobs.items():
        where = f"{path}: {jid}"
        check(isinstance(job, dict) and job.get("extends") == ".mqttcheck", f"{where}: does not extend .mqttcheck")
        for k in (job.get("variables") or {}):
            check(k in variables, f"{where}: variable {k} is not one of the include's")
        for svc in job.get("services") or []:
            check(isinstance(svc, str) or (isinstance(svc, dict) and "name" in svc),
                  f"{where}: a service without name")
        check(job.get("allow_failure") in (None, False), f"{where}: allow_failure would hide new failures")
    check("services:" in text and re.search(r"^\s*#\s*MQTTCHECK_SPAWN:", text, re.M) is not None,
          f"{path}: does not show both a service container and a spawn command")


def cache_key(root):
    """The Action's cache key (install.sh --key) is a hash of the files: it changes with any
    source or data file and ignores what builds and runs leave behind (build*/, out/, .git)."""
    import tempfile
    sh = os.path.join(root, "ci/action/install.sh")

    def key(tree):
        r = subprocess.run(["bash", sh, "--key", tree], capture_output=True, text=True)
        check(r.returncode == 0 and r.stdout.startswith("mqttcheck-"), f"install.sh --key: {r.stdout}{r.stderr}")
        return r.stdout.strip()

    with tempfile.TemporaryDirectory() as t:
        os.makedirs(os.path.join(t, "conformance/scenarios"))
        def put(rel, text):
            os.makedirs(os.path.dirname(os.path.join(t, rel)), exist_ok=True)
            with open(os.path.join(t, rel), "w", encoding="utf-8") as f:
                f.write(text)
        put("cli/main.c", "int main(void) { return 0; }\n")
        put("conformance/scenarios/a.lua", "-- a\n")
        k0 = key(t)
        check(key(t) == k0, "install.sh --key differs between two calls on the same tree")
        put("conformance/scenarios/a.lua", "-- b\n")
        k1 = key(t)
        check(k1 != k0, "install.sh --key does not change when a scenario changes")
        put("cli/new.c", "\n")
        k2 = key(t)
        check(k2 != k1, "install.sh --key does not change when a file is added")
        for junk in ("build/default/x.o", "out/results.json", ".git/HEAD", "build-asan/y"):
            put(junk, "junk\n")
        check(key(t) == k2, "install.sh --key changes with build output or results")


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    root = sys.argv[1]
    inputs = action(os.path.join(root, "action.yml"))
    github(os.path.join(root, "ci/templates/github-actions.yml"), inputs)
    variables = gitlab_include(os.path.join(root, "ci/gitlab/mqttcheck.yml"))
    gitlab(os.path.join(root, "ci/templates/gitlab-ci.yml"), variables)
    cache_key(root)
    for e in errors:
        print("FAIL:", e)
    print(f"{checked - len(errors)} passed, {len(errors)} failed")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
