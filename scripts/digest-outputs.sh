#!/usr/bin/env bash
# Prints a sha256 digest of every command's output, exit code and
# standard error on every fixture and real-world input, one line a case:
# run it before and after a change that must not change behaviour, and
# diff the two. Usage: scripts/digest-outputs.sh [BLAST_BINARY] > digests.txt
# (without a binary, one is built from the working tree).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
if [ -z "$bin" ]; then
  bin=$(mktemp -d)/blast
  go build -o "$bin" ./cmd/blast
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export NO_COLOR=1

# run NAME ARGS...: one digest line for a blast invocation
run() {
  local name=$1
  shift
  local code=0
  (cd "$work" && "$bin" "$@" >"$work/out" 2>"$work/err") || code=$?
  printf '%s exit=%s out=%s err=%s\n' "$name" "$code" \
    "$(sha256sum <"$work/out" | cut -c1-16)" \
    "$(sed "s#$PWD#ROOT#g" "$work/err" | sha256sum | cut -c1-16)"
}

inputs=()
for d in fixtures/*/; do
  [ "$d" = fixtures/gen/ ] && continue
  inputs+=("$PWD/${d%/}")
done
if [ -d ../shared/realworld ]; then
  for f in ../shared/realworld/*/*; do
    [ "${f##*.}" = md ] && continue
    inputs+=("$(cd "$(dirname "$f")" && pwd)/$(basename "$f")")
  done
fi
inputs+=("")  # the built-in demo

for in in "${inputs[@]}"; do
  label=${in#"$PWD/"}
  label=${label#"$(dirname "$PWD")/"}
  label=${label:-demo}
  args=()
  [ -n "$in" ] && args=("$in")
  for f in text json dot; do run "$label graph $f" graph --format "$f" "${args[@]}"; done
  run "$label domains" domains --services --format json "${args[@]}"
  # every region and zone present, then the provider
  domains=$(cd "$work" && "$bin" domains --format json "${args[@]}" 2>/dev/null |
    sed -n 's/.*"domain": "\([^"]*\)".*/\1/p' | head -6 || true)
  for dom in $domains; do
    for f in text json mermaid dot html; do
      run "$label whatif $dom $f" whatif --down "$dom" --format "$f" "${args[@]}"
    done
  done
  for f in text json; do run "$label matrix $f" matrix --format "$f" "${args[@]}"; done
  for o in 1 2 3; do run "$label risk order $o" risk --order "$o" --format json "${args[@]}"; done
done
run "demo whatif svg" whatif --down aws:us-east-1 --format svg
run "demo scenarios" scenarios
run "demo platform" platform
