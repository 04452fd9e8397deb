#!/usr/bin/env bash
# bench-cli.sh: blast end to end on synthetic organisation states, next to
# the yardstick of the performance budget (decoding the same file with
# encoding/json into an any), with wall time and peak memory from
# /usr/bin/time -v. Prints medians and the budget's ratios as Markdown.
#
#   scripts/bench-cli.sh [-n RUNS] [-s "SIZES"] [-d DIR]
#
#   -n RUNS   runs of each command per size (default 5; medians are reported)
#   -s SIZES  resource counts (default "1000 10000 100000")
#   -d DIR    where the binaries and states go (default $TMPDIR/blast-bench);
#             states are generated once (fixtures/gen, seed 1) and reused
#
# Commands per size, interleaved run by run so that a busy machine slows
# them alike:
#   jsonany   go run ./fixtures/gen/jsonany STATE   (the yardstick)
#   whatif    blast whatif --down aws:us-east-1 --format json STATE
#   matrix    blast matrix STATE   (every region and zone present)
# and the import alone from its benchmark (importers/tfstate
# BenchmarkImport, one operation per run), on every core and on one: the
# one-core figures show how the work itself scales with the input.
set -euo pipefail

runs=5
sizes="1000 10000 100000"
dir="${TMPDIR:-/tmp}/blast-bench"
while getopts "n:s:d:h" opt; do
	case $opt in
	n) runs=$OPTARG ;;
	s) sizes=$OPTARG ;;
	d) dir=$OPTARG ;;
	*)
		sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'
		exit 2
		;;
	esac
done

cd "$(dirname "$0")/.."
mkdir -p "$dir"

if [ ! -x /usr/bin/time ]; then
	echo "bench-cli: installing GNU time (for /usr/bin/time -v)" >&2
	sudo=""
	[ "$(id -u)" -ne 0 ] && sudo=sudo
	$sudo apt-get install -y -qq time >/dev/null
fi

go build -o "$dir/blast" ./cmd/blast
go build -o "$dir/jsonany" ./fixtures/gen/jsonany
go build -o "$dir/gen" ./fixtures/gen

# measure CMD...: prints "seconds max-rss-KiB" of one run (output dropped)
measure() {
	local log
	log=$(mktemp)
	if ! /usr/bin/time -v "$@" >/dev/null 2>"$log"; then
		cat "$log" >&2
		rm -f "$log"
		return 1
	fi
	awk -F': ' '
		/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
		/Maximum resident set size/ { m = $2 }
		END { printf "%.3f %d\n", s, m }' "$log"
	rm -f "$log"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

declare -A res
for n in $sizes; do
	state="$dir/org-$n.tfstate"
	[ -s "$state" ] || "$dir/gen" -n "$n" -seed 1 -q -o "$state"
	: >"$dir/$n.jsonany" >"$dir/$n.whatif" >"$dir/$n.matrix"
	for ((r = 1; r <= runs; r++)); do
		measure "$dir/jsonany" "$state" >>"$dir/$n.jsonany"
		measure "$dir/blast" whatif --down aws:us-east-1 --format json "$state" >>"$dir/$n.whatif"
		measure "$dir/blast" matrix "$state" >>"$dir/$n.matrix"
	done
	for c in jsonany whatif matrix; do
		res[$n.$c.s]=$(cut -d' ' -f1 "$dir/$n.$c" | median)
		res[$n.$c.kb]=$(cut -d' ' -f2 "$dir/$n.$c" | median)
	done
	res[$n.bytes]=$(stat -c %s "$state")
done

# the import alone: its benchmark, one operation per run
csv=$(echo "$sizes" | tr ' ' ',')
cores=$(nproc)
BLAST_BENCH_SIZES=$csv go test -run '^$' -bench '^BenchmarkImport$' -benchtime 1x -count "$runs" -cpu "$cores,1" ./importers/tfstate/ >"$dir/import.txt"
for n in $sizes; do
	name=$n
	[ $((n % 1000)) -eq 0 ] && name="$((n / 1000))k"
	res[$n.import]=$(awk -v want="BenchmarkImport/$name-$cores" '$1 == want { printf "%.3f\n", $3 / 1e9 }' "$dir/import.txt" | median)
	res[$n.import1]=$(awk -v want="BenchmarkImport/$name" '$1 == want { printf "%.3f\n", $3 / 1e9 }' "$dir/import.txt" | median)
	# one core: go test names the runs without a -N suffix, and both are one
	[ "$cores" -eq 1 ] && res[$n.import]=${res[$n.import1]}
done

cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
echo "Machine: $(nproc) cores ($cpu), $(go version | cut -d' ' -f3), load average before the last run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Medians of $runs runs; wall seconds; peak RSS in MiB."
echo
echo "| resources | state MiB | jsonany s | whatif s | whatif / jsonany | whatif RSS | RSS / state | matrix s | matrix / whatif | import s | import s, 1 core |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
prev=""
for n in $sizes; do
	st=$(mib $((res[$n.bytes] / 1024)))
	echo "| $n | $st | ${res[$n.jsonany.s]} | ${res[$n.whatif.s]} | $(ratio "${res[$n.whatif.s]}" "${res[$n.jsonany.s]}") | $(mib "${res[$n.whatif.kb]}") | $(ratio "$(awk -v k="${res[$n.whatif.kb]}" 'BEGIN { print k * 1024 }')" "${res[$n.bytes]}") | ${res[$n.matrix.s]} | $(ratio "${res[$n.matrix.s]}" "${res[$n.whatif.s]}") | ${res[$n.import]} | ${res[$n.import1]} |"
done
echo
for n in $sizes; do
	if [ -n "$prev" ]; then
		echo "Import $prev → $n resources ($(ratio "$n" "$prev")×): $(ratio "${res[$n.import]}" "${res[$prev.import]}")× the time ($(ratio "${res[$n.import1]}" "${res[$prev.import1]}")× on one core)."
	fi
	prev=$n
done
