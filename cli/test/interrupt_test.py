#!/usr/bin/env python3
"""ctest cli-interrupt: Ctrl-C (SIGINT to the process group, as a terminal sends it) and
SIGTERM (to mqttcheck alone, as a CI runner's cancel does) during `mqttcheck run --spawn`.

The run is the keep-alive scenarios with -j 1: each of them waits on the broker for
seconds (keep-alive windows), so when the first case is in results.jsonl the others are
still to come whatever the machine's speed. The signal is sent as soon as the first case
line appears (the file is polled; nothing waits a fixed time). Then: exit 2; every selected
case is in results.json, the unfinished ones SKIPPED with "interrupted" and none ERROR;
results.json, junit.xml, summary.md and report.html exist; the console says where the
report is; the spawned broker's pid is gone.

With DRIVER (a client driver, e.g. mqc-driver-mosquitto) `mqttcheck client` is interrupted
the same way on its keep-alive scenarios (which wait seconds on the client library's timer);
afterwards no process of that driver is left.

usage: interrupt_test.py MQTTCHECK WORK_DIR [DRIVER]   (exit 77: mosquitto not installed)"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

SELECT = "3.1/keepalive/*"


def first_case_written(path):
    try:
        with open(path, encoding="utf-8") as f:
            lines = [l for l in f.read().splitlines() if l.strip()]
    except FileNotFoundError:
        return False
    # line 1 is the run header; a case line has an id and a verdict
    return any('"verdict"' in l for l in lines[1:])


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie nobody reaped would still answer kill 0
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def driver_procs(driver):
    """pids whose command line runs driver (its full path names this build tree only)."""
    found = []
    for d in os.listdir("/proc"):
        if d.isdigit() and int(d) != os.getpid():  # this test names the driver too
            try:
                with open(f"/proc/{d}/cmdline", "rb") as f:
                    if driver.encode() in f.read() and alive(int(d)):
                        found.append(int(d))
            except OSError:
                pass
    return found


def one(mqc, work, how, driver=None):
    out = os.path.join(work, how + ("-client" if driver else ""))
    shutil.rmtree(out, ignore_errors=True)
    if driver:
        how = how + " (client)"
        cmd = [mqc, "client", "--driver", driver, "--select", SELECT, "-j", "1", "--plain", "--out", out]
    else:
        cmd = [mqc, "run", "--spawn", "mosquitto -p {port}", "--select", SELECT, "-j", "1",
               "--plain", "--out", out]
    # a session of its own: its process group is what a terminal's Ctrl-C would reach
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         start_new_session=True)
    jsonl = os.path.join(out, "results.jsonl")
    deadline = time.monotonic() + 120
    while not first_case_written(jsonl):
        if p.poll() is not None or time.monotonic() > deadline:
            o, e = p.communicate()
            return [f"{how}: the run ended ({p.returncode}) or stalled before a case was recorded:\n{e[-2000:]}"]
        time.sleep(0.02)  # polling the file, not waiting for the run
    if how.startswith("sigint"):
        os.killpg(p.pid, signal.SIGINT)
    else:
        p.send_signal(signal.SIGTERM)
    try:
        stdout, stderr = p.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return [f"{how}: mqttcheck did not end within 60 s of the signal"]
    errs = []
    if p.returncode != 2:
        errs.append(f"{how}: exit {p.returncode}, expected 2")
    name = "SIGINT" if how.startswith("sigint") else "SIGTERM"
    if f"interrupted ({name})" not in stderr:
        errs.append(f"{how}: stderr does not say the run was interrupted by {name}: {stderr[-1500:]}")
    m = re.search(r"spawned '.*' \(pid (\d+)\)", stderr)
    if driver:
        left = driver_procs(driver)
        if left:
            errs.append(f"{how}: driver processes left running: {left}")
            for pid in left:
                os.kill(pid, signal.SIGKILL)
    elif not m:
        errs.append(f"{how}: no spawned broker pid on stderr")
    elif alive(int(m.group(1))):
        errs.append(f"{how}: the spawned broker (pid {m.group(1)}) is still running")
        os.kill(int(m.group(1)), signal.SIGKILL)
    if f"report: {os.path.realpath(out)}/report.html" not in stdout:
        errs.append(f"{how}: stdout does not say where the report is: {stdout!r}")
    for f in ("results.json", "junit.xml", "summary.md", "report.html"):
        if not os.path.isfile(os.path.join(out, f)) or os.path.getsize(os.path.join(out, f)) == 0:
            errs.append(f"{how}: no {f}")
    listed = subprocess.run([mqc, "list", "--json", "--select", SELECT] + (["--client"] if driver else []),
                            capture_output=True, text=True)
    want = sum(len(s["versions"]) for s in json.loads(listed.stdout))
    try:
        cases = json.load(open(os.path.join(out, "results.json"), encoding="utf-8"))["runs"][0]["cases"]
    except (OSError, ValueError, KeyError, IndexError) as e:
        return errs + [f"{how}: results.json unreadable: {e}"]
    run = json.load(open(os.path.join(out, "results.json"), encoding="utf-8"))["runs"][0]
    if run.get("complete") is not False or name not in (run.get("incomplete_reason") or ""):
        errs.append(f"{how}: results.json does not mark the run incomplete ({name})")
    head = open(os.path.join(out, "summary.md"), encoding="utf-8").readline()
    if "incomplete" not in head and "fail" not in head:
        errs.append(f"{how}: summary.md's first line does not say the run was cut short: {head!r}")
    verdicts = [c["verdict"] for c in cases]
    if len(cases) != want:
        errs.append(f"{how}: {len(cases)} cases in results.json, {want} selected")
    skipped = [c for c in cases if c["verdict"] == "SKIPPED" and "interrupted" in (c.get("observed") or "")]
    if not skipped:
        errs.append(f"{how}: no case SKIPPED as interrupted: {verdicts}")
    if len(skipped) == len(cases):
        errs.append(f"{how}: the first case's verdict was not kept")
    if "ERROR" in verdicts:
        errs.append(f"{how}: an interrupted case became ERROR: {verdicts}")
    print(f"{how}: exit {p.returncode}, {len(cases)} cases, {len(skipped)} SKIPPED as interrupted")
    return errs


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    if not shutil.which("mosquitto"):
        print("SKIP: mosquitto not installed")
        return 77
    mqc, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    errs = one(mqc, work, "sigint") + one(mqc, work, "sigterm")
    if len(sys.argv) == 4:
        errs += one(mqc, work, "sigint", os.path.abspath(sys.argv[3]))
    for e in errs:
        print("FAIL:", e)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
