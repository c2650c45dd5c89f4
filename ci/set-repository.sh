#!/usr/bin/env bash
# set-repository.sh OWNER/NAME [ROOT]
# Points every reference to the mqttcheck repository (uses: OWNER/NAME@v1, the GitLab
# include's raw URL and clone URL, the fuzz corpus repository OWNER/NAME-fuzz-corpus, the
# README's examples) at OWNER/NAME, and records it in ci/repository.txt, the one place it
# is kept. ROOT is the source tree (default: the one holding this script). Idempotent.
set -euo pipefail
new=${1:-}
root=${2:-$(cd "$(dirname "$0")/.." && pwd)}
if ! [[ "$new" =~ ^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$ ]]; then
  echo "usage: set-repository.sh OWNER/NAME [ROOT]  (a GitHub owner/name, e.g. acme/mqttcheck)" >&2
  exit 2
fi
txt=$root/ci/repository.txt
old=$(grep -v '^[[:space:]]*\(#\|$\)' "$txt" | head -1)
[ -n "$old" ] || { echo "set-repository.sh: $txt names no repository" >&2; exit 2; }
# The files that refer to the repository (ci-repository checks this list is complete).
files=(action.yml README.md ci/templates/github-actions.yml ci/templates/gitlab-ci.yml
       ci/gitlab/mqttcheck.yml ci/fuzz/cflite_pr.yml ci/fuzz/cflite_batch.yml)
changed=0
for f in "${files[@]}"; do
  p=$root/$f
  [ -f "$p" ] || continue
  # a whole owner/name token: not part of a longer name (x-OWNER/mqttcheck), followed by
  # @ref, /path, .git, -fuzz-corpus or the end of the word
  OLD=$old NEW=$new perl -0pi -e \
    's{(?<![\w.-])\Q$ENV{OLD}\E(?=[@/`\s"\x27)]|\.git|-fuzz-corpus|$)}{$ENV{NEW}}g' "$p"
  changed=$((changed + 1))
done
tmp=$(mktemp "$txt.XXXXXX")
awk -v old="$old" -v new="$new" '!done && $0 == old { print new; done = 1; next } { print }' "$txt" >"$tmp"
mv "$tmp" "$txt"
echo "repository: $old -> $new ($changed files)"
