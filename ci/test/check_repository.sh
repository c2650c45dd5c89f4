#!/usr/bin/env bash
# ctest ci-repository: the repository mqttcheck is published under is named once
# (ci/repository.txt) and every reference agrees with it.
#   - repository.txt holds one OWNER/NAME that is not a placeholder;
#   - in the files set-repository.sh rewrites, every reference to a mqttcheck repository
#     (uses: X/mqttcheck@, github.com/X/..., raw.githubusercontent.com/X/..., the fuzz corpus)
#     is that one, and no placeholder owner (OWNER, YOUR-ORG, EXAMPLE) is left in them;
#   - no other tracked file refers to a mqttcheck repository (else set-repository.sh's list
#     is incomplete);
#   - set-repository.sh on a copy moves every reference to a new name and back, byte for byte.
# usage: check_repository.sh REPO_ROOT WORK_DIR
set -uo pipefail
root=$(cd "$1" && pwd) work=$2
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
files=(action.yml README.md ci/templates/github-actions.yml ci/templates/gitlab-ci.yml
       ci/gitlab/mqttcheck.yml ci/fuzz/cflite_pr.yml ci/fuzz/cflite_batch.yml)
# the list in the script and here agree
for f in "${files[@]}"; do
  grep -q "$f" "$root/ci/set-repository.sh" || fail "set-repository.sh does not rewrite $f"
done

repo=$(grep -v '^[[:space:]]*\(#\|$\)' "$root/ci/repository.txt")
[ "$(printf '%s\n' "$repo" | wc -l)" -eq 1 ] || fail "ci/repository.txt holds $(printf '%s\n' "$repo" | wc -l) names"
[[ "$repo" =~ ^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$ ]] || fail "ci/repository.txt: '$repo' is not OWNER/NAME"
case "$repo" in OWNER/* | YOUR-* | *EXAMPLE* | *example* | your-*) fail "ci/repository.txt: '$repo' is a placeholder" ;; esac

# every reference to a mqttcheck repository: OWNER/NAME followed by @, .git, -fuzz-corpus,
# or a path, where NAME starts with mqttcheck
refs() {
  grep -ohE '(uses: *|github\.com/|githubusercontent\.com/|[(`])[A-Za-z0-9][A-Za-z0-9-]*/mqttcheck[A-Za-z0-9._-]*(@|\.git|/v1)' "$@" |
    sed -E 's/^(uses: *|github\.com\/|githubusercontent\.com\/|[(`])//; s/(@|\.git|\/v1)$//; s/-fuzz-corpus$//'
}
n=0
for f in "${files[@]}"; do
  [ -f "$root/$f" ] || { fail "$f is missing"; continue; }
  while read -r r; do
    [ -z "$r" ] && continue
    n=$((n + 1))
    [ "$r" = "$repo" ] || fail "$f refers to $r, not $repo (run: bash ci/set-repository.sh $repo)"
  done < <(refs "$root/$f")
  if grep -nE '(^|[^A-Za-z-])(OWNER|YOUR-ORG|your-org|EXAMPLE)/mqttcheck' "$root/$f"; then
    fail "$f keeps a placeholder owner"
  fi
done
[ "$n" -ge 8 ] || fail "only $n references found: the pattern no longer matches the files"

# no tracked file outside the list refers to a mqttcheck repository by owner
if git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
  skip=$(printf '%s\n' "${files[@]}" ci/repository.txt ci/set-repository.sh ci/test/check_repository.sh ci/test/check_templates.py)
  while read -r f; do
    grep -qxF "$f" <<<"$skip" && continue
    [ -f "$root/$f" ] || continue
    if [ -n "$(refs "$root/$f" 2>/dev/null)" ]; then fail "$f refers to the repository but set-repository.sh does not rewrite it"; fi
  done < <(git -C "$root" ls-files -- '*.yml' '*.yaml' '*.md' '*.sh' '*.txt' Dockerfile)
fi

# the rewrite, on a copy: to another name and back
rm -rf "$work"
mkdir -p "$work/ci/templates" "$work/ci/gitlab" "$work/ci/fuzz"
cp "$root/ci/repository.txt" "$work/ci/"
for f in "${files[@]}"; do cp "$root/$f" "$work/$f"; done
bash "$root/ci/set-repository.sh" acme-mqtt/mqttcheck-fork "$work" >/dev/null || fail "set-repository.sh exited $?"
[ "$(grep -v '^[[:space:]]*\(#\|$\)' "$work/ci/repository.txt")" = acme-mqtt/mqttcheck-fork ] ||
  fail "set-repository.sh did not update repository.txt"
m=0
for f in "${files[@]}"; do
  while read -r r; do
    [ -z "$r" ] && continue
    m=$((m + 1))
    [ "$r" = acme-mqtt/mqttcheck-fork ] || fail "after set-repository.sh, $f still refers to $r"
  done < <(refs "$work/$f")
done
[ "$m" -eq "$n" ] || fail "after set-repository.sh: $m references, before: $n"
bash "$root/ci/set-repository.sh" "$repo" "$work" >/dev/null || fail "set-repository.sh back exited $?"
for f in "${files[@]}" ci/repository.txt; do
  cmp -s "$root/$f" "$work/$f" || fail "set-repository.sh there and back changed $f"
done
bash "$root/ci/set-repository.sh" 'not a name' "$work" >/dev/null 2>&1 && fail "set-repository.sh accepted 'not a name'"
[ "$fails" -eq 0 ] && echo "repository: $repo, $n references agree"
exit $((fails > 0))
