#!/usr/bin/env bash
# comment.sh: the blast Action's one pull-request comment, found by the
# hidden marker its markdown report starts with and edited in place.
#
# MODE says what happens when the change leaves the blast radius as it was
# (verdict status "unchanged"):
#   update             the comment is created or updated, whatever the verdict
#   delete-when-clean  the comment is deleted (and none created)
#   keep               an existing comment is left as it was (and none created)
# Any other verdict creates or updates the comment in every mode.
#
# In: GH_TOKEN, GITHUB_REPOSITORY, PR, MODE, REPORT (the markdown report),
#     REPORT_JSON (the JSON report). Uses gh and jq.
# A token without write access (HTTP 403) is a notice, not a failure.
set -euo pipefail

marker='<!-- blast:check -->'

case "${MODE:-update}" in
update | delete-when-clean | keep) mode="${MODE:-update}" ;;
*)
	echo "::error title=blast::comment-mode: unknown value \"$MODE\" (want update, delete-when-clean or keep)"
	exit 1
	;;
esac

exec 3>&1 # the runner's stdout, for workflow commands from api's callers
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# api runs gh api, its output on stdout; a 403 (read-only token) ends the
# script with a notice.
api() {
	if ! gh api "$@" >"$tmp/out" 2>"$tmp/err"; then
		if grep -q "HTTP 403" "$tmp/err"; then
			echo "::notice title=blast::the token cannot write pull-request comments here (HTTP 403), so the comment is skipped (the report is in the job summary)" >&3
			exit 0
		fi
		cat "$tmp/err" >&2
		exit 1
	fi
	cat "$tmp/out"
}

status=$(jq -r '.verdict.status // empty' "$REPORT_JSON")
comments="repos/$GITHUB_REPOSITORY/issues/$PR/comments"
# (api is never run in a subshell: its exit on a 403 must end the script)
api --paginate "$comments" --jq ".[] | select(.body | startswith(\"$marker\")) | .id" >"$tmp/ids"
id=$(head -n 1 "$tmp/ids")

if [ "$status" = unchanged ] && [ "$mode" != update ]; then
	if [ -z "$id" ]; then
		echo "blast: no change in blast radius; no comment"
	elif [ "$mode" = delete-when-clean ]; then
		api -X DELETE "repos/$GITHUB_REPOSITORY/issues/comments/$id" >/dev/null
		echo "blast: no change in blast radius; comment $id deleted"
	else
		echo "blast: no change in blast radius; comment $id left as it was"
	fi
	exit 0
fi

jq -Rs '{body: .}' <"$REPORT" >"$tmp/body.json"
if [ -n "$id" ]; then
	api -X PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" --input "$tmp/body.json" >/dev/null
	echo "blast: comment $id updated"
else
	api -X POST "$comments" --input "$tmp/body.json" >/dev/null
	echo "blast: comment created"
fi
