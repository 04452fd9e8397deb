#!/usr/bin/env bash
# pr-context.sh: may the blast Action comment on this run's pull request?
#
# A pull_request run from a fork (or opened by Dependabot) gets a read-only
# token: commenting would fail the job, so the comment is skipped with a
# notice (the report is still in the job summary and the SARIF upload).
#
# In:  GITHUB_EVENT_NAME, GITHUB_EVENT_PATH (the event payload), GITHUB_ACTOR.
# Out: can-comment=true|false and pr=NUMBER, appended to GITHUB_OUTPUT
#      (stdout when unset).
set -euo pipefail

out="${GITHUB_OUTPUT:-/dev/stdout}"
event="${GITHUB_EVENT_NAME:-}"
can=false
pr=""

field() { jq -r "$1 // empty" "$GITHUB_EVENT_PATH"; }

case "$event" in
pull_request | pull_request_target)
	pr=$(field .pull_request.number)
	head=$(field .pull_request.head.repo.full_name)
	base=$(field .pull_request.base.repo.full_name)
	if [ -z "$pr" ]; then
		echo "::notice title=blast::the $event event names no pull request; no comment"
	elif [ "$event" = pull_request ] && [ "$head" != "$base" ]; then
		echo "::notice title=blast::pull request #$pr comes from the fork ${head:-(deleted)}: its token is read-only, so the comment is skipped (the report is in the job summary)"
	elif [ "$event" = pull_request ] && [ "${GITHUB_ACTOR:-}" = "dependabot[bot]" ]; then
		echo "::notice title=blast::pull request #$pr was opened by Dependabot: its token is read-only, so the comment is skipped (the report is in the job summary)"
	else
		can=true
	fi
	;;
esac

{
	echo "can-comment=$can"
	echo "pr=$pr"
} >>"$out"
