#!/usr/bin/env bash
# Runs mqttcheck the way the GitHub Action (action.yml) and the GitLab include
# (ci/gitlab/mqttcheck.yml) promise, from these variables (the Action's inputs):
#   MQC_TARGET    HOST:PORT of the broker, or
#   MQC_SPAWN     a command starting it, {port} replaced by a free loopback port
#   MQC_VERSIONS  e.g. 3.1.1,5.0 (empty: all)
#   MQC_SELECT    case id globs, separated by spaces or newlines (empty: every case)
#   MQC_BASELINE  baseline file (empty: none, every failure fails the job)
#   MQC_PROFILE   default | strict (NON-STRICT fails too) | slow (every wait x3)
#   MQC_NAME      the target's name in the reports (default: broker)
#   MQC_OUT       results folder (default: out)
#   MQC_ARGS      more `mqttcheck run` options, split on spaces
# The job fails only on a baseline change: a new failure, or a listed one that now passes.
# The first run, when MQC_BASELINE names a file that does not exist yet, writes it (and a
# copy into the results folder) for review and passes: commit it to accept today's failures.
# Writes summary.md to $GITHUB_STEP_SUMMARY and result=pass|changed|bootstrap|findings|error,
# exit-code, report to $GITHUB_OUTPUT when those are set.
# Exit: 0 no change (or bootstrap), 1 baseline change (or findings without a baseline),
# 2 could not run.
set -uo pipefail
set -f # the select globs are mqttcheck's, not the shell's

out=${MQC_OUT:-out}
name=${MQC_NAME:-broker}
args=(run --name "$name" --out "$out" --plain)

if [ -n "${MQC_TARGET:-}" ] && [ -n "${MQC_SPAWN:-}" ]; then
  echo "mqttcheck: give target or spawn, not both" >&2
  exit 2
elif [ -n "${MQC_TARGET:-}" ]; then
  args+=(--target "$MQC_TARGET")
elif [ -n "${MQC_SPAWN:-}" ]; then
  args+=(--spawn "$MQC_SPAWN")
else
  echo "mqttcheck: the broker is needed: target (HOST:PORT) or spawn (a command with {port})" >&2
  exit 2
fi
[ -n "${MQC_VERSIONS:-}" ] && args+=(--versions "$MQC_VERSIONS")
for g in ${MQC_SELECT:-}; do args+=(--select "$g"); done
# The profiles, in one table.
case "${MQC_PROFILE:-default}" in
default | "") ;;
strict) args+=(--strict) ;;
slow) args+=(--time-scale 3) ;;
*)
  echo "mqttcheck: profile '$MQC_PROFILE' is not default, strict or slow" >&2
  exit 2
  ;;
esac

bootstrap=0
baseline=${MQC_BASELINE:-}
if [ -n "$baseline" ]; then
  if [ -f "$baseline" ]; then args+=(--baseline "$baseline"); else bootstrap=1; fi
fi
# shellcheck disable=SC2206 # MQC_ARGS is a list of words on purpose
[ -n "${MQC_ARGS:-}" ] && args+=($MQC_ARGS)

echo "mqttcheck ${args[*]}"
mqttcheck "${args[@]}"
rc=$?

result=pass
if [ "$rc" -ge 2 ]; then
  result=error
  rc=2
elif [ "$bootstrap" = 1 ]; then
  mkdir -p "$(dirname "$baseline")"
  mqttcheck report "$out/results.json" --write-baseline "$baseline" -q
  if [ $? -ge 2 ] || [ ! -f "$baseline" ]; then
    echo "mqttcheck: could not write the baseline $baseline" >&2
    result=error rc=2
  else
    cp "$baseline" "$out/$(basename "$baseline")"
    n=$(grep -cv '^\s*\(#\|$\)' "$baseline" || true)
    msg="first run: wrote $baseline with $n expected failure(s) (also in the artifact); review and commit it, later runs fail only when it changes"
    echo "mqttcheck: $msg"
    [ -n "${GITHUB_ACTIONS:-}" ] && echo "::notice title=mqttcheck baseline::$msg"
    result=bootstrap rc=0
  fi
elif [ "$rc" = 1 ]; then
  if [ -n "$baseline" ]; then result=changed; else result=findings; fi
fi

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  {
    [ -f "$out/summary.md" ] && cat "$out/summary.md"
    case $result in
    bootstrap) printf '\n**Baseline bootstrap:** %s\n' "$msg" ;;
    changed) printf '\n**Baseline changed:** a new failure, or a listed case that now passes (see above).\n' ;;
    error) printf '\n**mqttcheck could not run** (see the job log).\n' ;;
    esac
  } >>"$GITHUB_STEP_SUMMARY"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "result=$result"
    echo "exit-code=$rc"
    echo "report=$out/report.html"
  } >>"$GITHUB_OUTPUT"
fi
case "$out" in /*) html="$out/report.html" ;; *) html="$PWD/$out/report.html" ;; esac
echo "mqttcheck: $result; report: $html"
exit "$rc"
