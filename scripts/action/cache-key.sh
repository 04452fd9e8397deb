#!/usr/bin/env bash
# cache-key.sh: the cache key of the blast Action's binary: the runner's
# system and architecture, the action's ref, the hash of go.sum and the
# hash of the action's source (a branch ref such as main moves; the source
# hash keeps a stale binary from being restored).
#
# In:  GITHUB_ACTION_PATH, ACTION_REF, RUNNER_OS, RUNNER_ARCH.
# Out: key=... appended to GITHUB_OUTPUT (stdout when unset).
set -euo pipefail

cd "$GITHUB_ACTION_PATH"
sum=$(sha256sum go.sum | cut -c1-16)
src=$(find . -type f \( -name '*.go' -o -name go.mod -o -name '*.toml' -o -name '*.json' -o -name '*.yaml' -o -name '*.yml' -o -name '*.tfstate' \) \
	-not -path './.git/*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
ref=$(printf '%s' "${ACTION_REF:-local}" | tr -c 'A-Za-z0-9._-' '_')
echo "key=blast-${RUNNER_OS:-os}-${RUNNER_ARCH:-arch}-${ref}-gosum-${sum}-src-${src}" >>"${GITHUB_OUTPUT:-/dev/stdout}"
