#!/usr/bin/env bash
# bench-cli.sh: blast end to end on synthetic states of several shapes,
# next to the yardstick of the performance budget (decoding the same
# input with encoding/json into an any), each command's CPU time
# (user+sys), wall time and peak memory from /usr/bin/time. Prints
# medians and the budget's ratios as Markdown.
#
#   scripts/bench-cli.sh [-n RUNS] [-s INSTANCES] [-S "SHAPES"] [-o N] [-l "SIZES"] [-d DIR] [-x] [-t]
#
#   -n RUNS       runs of each command per shape (default 5; medians)
#   -s INSTANCES  resource instances of each state shape (default 100000)
#   -S SHAPES     what to measure (default "default lean compact org"):
#                 default  indented, every attribute (fixtures/gen)
#                 lean     at most 8 attributes an instance, indented, sorted keys
#                 compact  lean, on one line, attribute keys unsorted
#                 org      1,000 linked states as a directory (fixtures/gen/org)
#   -o N          instances over the organisation's 1,000 states (default 100000)
#   -l SIZES      instance counts of the import linearity check, the import
#                 alone (importers/tfstate BenchmarkImport, its cpu-s/op), lean
#                 shape (default "10000 100000 1000000"; "" skips it)
#   -d DIR        where binaries and inputs go (default $TMPDIR/blast-bench);
#                 inputs are generated once (seed 1) and reused
#   -x            also the goals beside whatif, per shape: blast risk --order 2
#                 (CPU, as a ratio to whatif's) and the pictures drawn: whatif
#                 --format svg, whatif --format html and blast explore -o FILE,
#                 each as the wall and CPU seconds beyond the JSON whatif's
#   -t            print only the README table (and with -x, the goals' table
#                 beside it) and the command that made it
#
# Per shape, run by run and interleaved so that a busy machine slows them
# alike: jsonany INPUT (the yardstick); blast whatif --down aws:us-east-1
# --format json INPUT; blast matrix INPUT (every region and zone present).
# Ratios are medians of each run's ratio. CPU time is what the budget
# counts: wall time on two cores can hide work that CPU time does not.
set -euo pipefail

runs=5
size=100000
shapes="default lean compact org"
orgsize=100000
linear="10000 100000 1000000"
dir="${TMPDIR:-/tmp}/blast-bench"
table=false
extra=false
cmdline="scripts/bench-cli.sh$(printf ' %q' "$@")"
while getopts "n:s:S:o:l:d:txh" opt; do
	case $opt in
	n) runs=$OPTARG ;;
	s) size=$OPTARG ;;
	S) shapes=$OPTARG ;;
	o) orgsize=$OPTARG ;;
	l) linear=$OPTARG ;;
	d) dir=$OPTARG ;;
	t) table=true ;;
	x) extra=true ;;
	*)
		awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
		exit 2
		;;
	esac
done

cd "$(dirname "$0")/.."
mkdir -p "$dir"

if [ ! -x /usr/bin/time ]; then
	echo "bench-cli: installing GNU time (for /usr/bin/time)" >&2
	sudo=""
	[ "$(id -u)" -ne 0 ] && sudo=sudo
	$sudo apt-get install -y -qq time >/dev/null
fi

go build -o "$dir/blast" ./cmd/blast
go build -o "$dir/jsonany" ./fixtures/gen/jsonany
go build -o "$dir/gen" ./fixtures/gen
go build -o "$dir/orggen" ./fixtures/gen/org/orggen

# input SHAPE: the path of the shape's input, generated once
input() {
	local p
	if [ "$1" = org ]; then
		p="$dir/org-1000-$orgsize"
		[ -d "$p" ] || "$dir/orggen" -states 1000 -instances "$orgsize" -seed 1 -q -o "$p"
	else
		p="$dir/$1-$size.tfstate"
		[ -s "$p" ] || "$dir/gen" -n "$size" -shape "$1" -seed 1 -q -o "$p"
	fi
	echo "$p"
}

# measure CMD...: prints "cpu-seconds wall-seconds max-rss-KiB" of one run
# (its output written to a file and dropped)
measure() {
	local log
	log=$(mktemp)
	if ! /usr/bin/time -o "$log" -f "%U %S %e %M" "$@" >"$dir/out" 2>"$dir/err"; then
		cat "$dir/err" "$log" >&2
		rm -f "$log"
		return 1
	fi
	awk '{ printf "%.3f %.3f %d\n", $1 + $2, $3, $4 }' "$log"
	rm -f "$log"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# ratios FILE-A FILE-B COLUMN: each run's A/B in that column, one a line
ratios() { paste -d' ' "$1" "$2" | awk -v c="$3" '{ b = $(c + 3); if (b > 0) printf "%.4f\n", $c / b }'; }
# beyond FILE-A FILE-B COLUMN: each run's A - B in that column, one a line
beyond() { paste -d' ' "$1" "$2" | awk -v c="$3" '{ printf "%.3f\n", $c - $(c + 3) }'; }
fmt2() { awk -v v="$1" 'BEGIN { if (v == "-") print "-"; else printf "%.2f", v }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

declare -A res
for s in $shapes; do
	in=$(input "$s")
	: >"$dir/$s.jsonany"
	: >"$dir/$s.whatif"
	: >"$dir/$s.matrix"
	for c in risk svg html explore; do : >"$dir/$s.$c"; done
	for ((r = 1; r <= runs; r++)); do
		measure "$dir/jsonany" "$in" >>"$dir/$s.jsonany"
		measure "$dir/blast" whatif --down aws:us-east-1 --format json "$in" >>"$dir/$s.whatif"
		measure "$dir/blast" matrix "$in" >>"$dir/$s.matrix"
		if $extra; then
			measure "$dir/blast" risk --order 2 --format json "$in" >>"$dir/$s.risk"
			measure "$dir/blast" whatif --down aws:us-east-1 --format svg "$in" >>"$dir/$s.svg"
			measure "$dir/blast" whatif --down aws:us-east-1 --format html "$in" >>"$dir/$s.html"
			measure "$dir/blast" explore -o "$dir/page.html" "$in" >>"$dir/$s.explore"
		fi
	done
	for c in jsonany whatif matrix; do
		res[$s.$c.cpu]=$(cut -d' ' -f1 "$dir/$s.$c" | median)
		res[$s.$c.wall]=$(cut -d' ' -f2 "$dir/$s.$c" | median)
		res[$s.$c.kb]=$(cut -d' ' -f3 "$dir/$s.$c" | median)
	done
	res[$s.cpu]=$(ratios "$dir/$s.whatif" "$dir/$s.jsonany" 1 | median)
	res[$s.wall]=$(ratios "$dir/$s.whatif" "$dir/$s.jsonany" 2 | median)
	res[$s.mem]=$(ratios "$dir/$s.whatif" "$dir/$s.jsonany" 3 | median)
	res[$s.matrix]=$(ratios "$dir/$s.matrix" "$dir/$s.whatif" 1 | median)
	res[$s.bytes]=$(du -sb "$in" | cut -f1)
	if $extra; then
		res[$s.risk]=$(ratios "$dir/$s.risk" "$dir/$s.whatif" 1 | median)
		for c in svg html explore; do
			res[$s.$c.beyond.cpu]=$(beyond "$dir/$s.$c" "$dir/$s.whatif" 1 | median)
			res[$s.$c.beyond.wall]=$(beyond "$dir/$s.$c" "$dir/$s.whatif" 2 | median)
		done
	fi
done

# the import alone, lean shape: its benchmark's CPU time per operation
if [ -n "$linear" ]; then
	csv=$(echo "$linear" | tr ' ' ',')
	BLAST_BENCH_SIZES=$csv BLAST_BENCH_SHAPE=lean go test -run '^$' -bench '^BenchmarkImport$' -benchtime 1x -count "$runs" ./importers/tfstate/ >"$dir/import.txt"
	for n in $linear; do
		name=$n
		[ $((n % 1000)) -eq 0 ] && name="$((n / 1000))k"
		res[$n.import]=$(awk -v want="^BenchmarkImport/$name(-[0-9]+)?$" '$1 ~ want { for (i = 2; i < NF; i++) if ($(i + 1) == "cpu-s/op") print $i }' "$dir/import.txt" | median)
	done
fi

label() {
	case $1 in
	default) echo "indented, every attribute (the generator's default)" ;;
	lean) echo "at most 8 attributes an instance, indented, sorted keys" ;;
	compact) echo "at most 8 attributes an instance, one line, keys unsorted" ;;
	org) echo "1,000 linked states, a directory ($orgsize instances)" ;;
	esac
}

cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
if ! $table; then
	echo "Machine: $(nproc) cores ($cpu), $(go version | cut -d' ' -f3), load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "Medians of $runs interleaved runs; CPU = user+sys seconds; peak = max RSS in MiB; ratios are medians of each run's ratio."
	echo
	echo "| shape | MiB | yardstick CPU s | whatif CPU s | CPU ratio | yardstick wall s | whatif wall s | wall ratio | yardstick peak | whatif peak | peak ratio | matrix CPU s | matrix / whatif |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	for s in $shapes; do
		echo "| $s | $(mib $((res[$s.bytes] / 1024))) | ${res[$s.jsonany.cpu]} | ${res[$s.whatif.cpu]} | $(fmt2 "${res[$s.cpu]}") | ${res[$s.jsonany.wall]} | ${res[$s.whatif.wall]} | $(fmt2 "${res[$s.wall]}") | $(mib "${res[$s.jsonany.kb]}") | $(mib "${res[$s.whatif.kb]}") | $(fmt2 "${res[$s.mem]}") | ${res[$s.matrix.cpu]} | $(fmt2 "${res[$s.matrix]}") |"
	done
	echo
fi
echo "| input (${size} instances; whatif --down aws:us-east-1 --format json) | MiB | whatif / yardstick, CPU | wall | peak memory | matrix / whatif, CPU |"
echo "|---|---:|---:|---:|---:|---:|"
for s in $shapes; do
	echo "| $(label "$s") | $(mib $((res[$s.bytes] / 1024))) | $(fmt2 "${res[$s.cpu]}")× | $(fmt2 "${res[$s.wall]}")× | $(fmt2 "${res[$s.mem]}")× | $(fmt2 "${res[$s.matrix]}")× |"
done
if $extra; then
	echo
	echo "| input | risk --order 2 / whatif, CPU | SVG beyond whatif, wall / CPU s | HTML beyond, wall / CPU s | explore page beyond, wall / CPU s |"
	echo "|---|---:|---:|---:|---:|"
	for s in $shapes; do
		echo "| $(label "$s") | $(fmt2 "${res[$s.risk]}")× | $(fmt2 "${res[$s.svg.beyond.wall]}") / $(fmt2 "${res[$s.svg.beyond.cpu]}") | $(fmt2 "${res[$s.html.beyond.wall]}") / $(fmt2 "${res[$s.html.beyond.cpu]}") | $(fmt2 "${res[$s.explore.beyond.wall]}") / $(fmt2 "${res[$s.explore.beyond.cpu]}") |"
	done
fi
if [ -n "$linear" ]; then
	echo
	prev=""
	for n in $linear; do
		if [ -n "$prev" ]; then
			echo "Import CPU, $prev → $n instances ($(fmt2 "$(awk -v a="$n" -v b="$prev" 'BEGIN { print a / b }')")×): ${res[$prev.import]} s → ${res[$n.import]} s, $(fmt2 "$(awk -v a="${res[$n.import]}" -v b="${res[$prev.import]}" 'BEGIN { if (b > 0) print a / b; else print "-" }')")× the CPU time."
		fi
		prev=$n
	done
fi
echo
echo "Measured with \`$cmdline\` on $(nproc) cores ($cpu), $(go version | cut -d' ' -f3); medians of $runs interleaved runs."
