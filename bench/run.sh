#!/bin/sh
# run.sh: make bench. How fast tx-code codes the Covid-19 Inquiry hearings
# (../shared/data/covid-inquiry), side by side with what a user would
# otherwise run. A report, never a pass or fail on time.
#
#   TX_BUILD=build sh bench/run.sh          (make bench does this)
#
# Segments come from tx-segment over every module; codebooks of 10, 100 and
# 1,000 codes from mkcodebook.sh (deterministic). Each row is the median of
# RUNS runs (default 3) of wall-clock and CPU (user + system) seconds, and
# the peak RSS (/usr/bin/time); the 100-code codebook is also run with
# rules on 20 of its rows (with_rules); MB/s is megabytes (10^6 bytes) of segment
# text (the text column as stored) per second, by wall clock and by CPU
# time (this machine is shared: CPU time is the steadier figure). The
# rows behind a ratio the targets name (-j 2 against -j 1, two processes
# against one, rules against none) run in turn, PAIR_RUNS times each
# (default 5), so that the machine's drift falls on both. Rows
# marked 1 ran once: they take long. The slow baselines (PCRE2 alone at
# 1,000 codes, the Python loop at 100 and 1,000) run over samples: the
# first SAMPLE_MB (default 5) or, for Python at 1,000 codes, SMALL_MB
# (default 1) megabytes of the segments. Outputs are compared (engines,
# -j, Python, counts with and without the text, shards merged and one
# process): a difference is reported, and makes the exit status 1.
# Besides tx-code: the pipeline to tx-count with the text and without it
# (tx-code --no-text); two shards of the corpus (split by document) coded
# and counted at once and merged, against one process (wall clock); and
# tx-count's peak RSS over the codings of the corpus repeated 1, 8 and 16
# times with each copy's documents renamed (memory must not grow with the
# segments); and two tx-code processes at once, a shard each, against one
# (what two processors give here: the ceiling for -j 2).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${TX_BUILD:-$here/../build}
data=${DATA:-$here/../../shared/data/covid-inquiry}
work=${WORK:-${TMPDIR:-/tmp}/tx-bench}
runs=${RUNS:-3}
pair_runs=${PAIR_RUNS:-5}
sample_mb=${SAMPLE_MB:-5}
small_mb=${SMALL_MB:-1}
[ -d "$data" ] || { echo "run.sh: $data is absent: nothing to measure" >&2; exit 0; }
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
for t in tx-segment tx-code tx-count; do
	[ -x "$build/$t" ] || { echo "run.sh: no $build/$t: run make first" >&2; exit 1; }
done
mkdir -p "$work" "$work/runs"
rm -rf "$work/cache"
export XDG_CACHE_HOME="$work/cache"
PATH=$build:$PATH
differ=0
: > "$work/results"

# Megabytes of segment text in a segments file.
text_mb() {
	LC_ALL=C awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "text") c = i; next }
	    { n += length($c) } END { printf "%.2f", n / 1e6 }' "$1"
}

# The first $1 MB of a segments file, whole lines.
sample() {
	head -c $(($1 * 1000000)) "$2" | sed '$d'
}

# The 100-code codebook with rules on 20 rows, the first row of every
# fifth code: ten not_near a negation within 3 words before (the codes
# with an exclude), five near "the" or "and" within 5 words, five near
# "we" or "they" in the sentence.
with_rules() {
	awk -F , 'NR == 1 { print $0 ",near,not_near,window,direction"; next }
	{ split($1, p, "Code "); c = p[2] + 0 }
	c % 5 == 0 && !(c in done) {
		done[c] = 1
		if (c % 10 == 0)
			print $0 ",,\\b(?:not|no|never)\\b,3w,before"
		else if (c % 20 == 5)
			print $0 ",\\b(?:the|and)\\b,,5w,any"
		else
			print $0 ",\\b(?:we|they)\\b,,sentence,"
		next
	}
	{ print $0 ",,,," }' "$1"
}

median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# run_once KEY OUT CMD...: run CMD once, its stdout to OUT, and add its
# wall-clock and CPU seconds and peak RSS to KEY's lists.
run_once() {
	r_key=$1 r_out=$2
	shift 2
	/usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" > "$r_out" ||
	    echo "run.sh: $r_key: exit $?" >&2
	tail -n 1 "$work/time" | awk -v p="$work/runs/$r_key" '{
		print $1 >> (p ".wall"); print $2 + $3 >> (p ".cpu")
		print $4 >> (p ".rss") }'
}

# measure KEY LABEL MB N OUT CMD...: run CMD N times, its stdout to OUT;
# print a row of the table and keep the medians under KEY.
measure() {
	m_key=$1 m_label=$2 m_mb=$3 m_n=$4 m_out=$5
	shift 5
	m_i=0
	rm -f "$work/runs/$m_key".*
	while [ $m_i -lt "$m_n" ]; do
		run_once "$m_key" "$m_out" "$@"
		m_i=$((m_i + 1))
	done
	row "$m_key" "$m_label" "$m_mb" "$m_n"
}

# in_turn KEY1 LABEL1 KEY2 LABEL2 MB N CMD1 CMD2: the two commands (sh -c
# scripts, stdout discarded) run in turn, N times each, so that what the
# machine's drift does, it does to both; a row for each. A ratio of two
# rows measured minutes apart can be off by as much as the drift.
in_turn() {
	t_i=0
	rm -f "$work/runs/$1".* "$work/runs/$3".*
	while [ $t_i -lt "$6" ]; do
		run_once "$1" /dev/null sh -c "$7"
		run_once "$3" /dev/null sh -c "$8"
		t_i=$((t_i + 1))
	done
	row "$1" "$2" "$5" "$6"
	row "$3" "$4" "$5" "$6"
}

# row KEY LABEL MB N: the row of KEY's medians; kept for the ratios.
row() {
	m_key=$1 m_label=$2 m_mb=$3 m_n=$4
	m_wall=$(median < "$work/runs/$m_key.wall")
	m_cpu=$(median < "$work/runs/$m_key.cpu")
	m_rss=$(sort -n "$work/runs/$m_key.rss" | tail -n 1)
	rm -f "$work/runs/$m_key".*
	echo "$m_key $m_wall $m_cpu $m_mb" >> "$work/results"
	M_LABEL=$m_label awk -v mb="$m_mb" -v n="$m_n" -v w="$m_wall" -v c="$m_cpu" \
	    -v r="$m_rss" 'BEGIN {
		l = ENVIRON["M_LABEL"]
		printf "| %-46s | %7.1f | %d | %8.2f | %8.2f | %8s | %8s | %7.1f |\n",
		    l, mb, n, w, c, (w > 0 && mb > 0 ? sprintf("%.2f", mb / w) : "-"),
		    (c > 0 && mb > 0 ? sprintf("%.2f", mb / c) : "-"), r / 1024 }'
}

# same WHAT A B: report whether two outputs are byte-identical.
same() {
	if cmp -s "$2" "$3"; then
		echo "  identical: $1" >> "$work/notes"
	else
		echo "  DIFFER: $1" >> "$work/notes"
		differ=1
	fi
}

# The codebook's patterns, one a line, for rg.
patterns() {
	python3 -c 'import csv, sys
print("\n".join(r["pattern"] for r in csv.DictReader(open(sys.argv[1])) if r["pattern"]))' "$1"
}

ratio() {
	awk -v a="$1" -v b="$2" -v f="$3" '
	$1 == a { ra = $f / $4 } $1 == b { rb = $f / $4 }
	END { if (ra > 0 && rb > 0) printf "%.2f", rb / ra; else printf "n/a" }' "$work/results"
}

: > "$work/notes"
segs=$work/segments.tsv
tx-segment --doc-id '(module-[^/]+/[^/.]+)' --attrs "$data/manifest.tsv" \
    "$data"/module-*/*.rst > "$segs"
mb=$(text_mb "$segs")
sample "$sample_mb" "$segs" > "$work/sample.tsv"
sample "$small_mb" "$segs" > "$work/small.tsv"
smb=$(text_mb "$work/sample.tsv")
tmb=$(text_mb "$work/small.tsv")
LC_ALL=C awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "text") c = i; next }
    { print $c }' "$segs" > "$work/text.txt"
for n in 10 100 1000; do
	sh "$here/mkcodebook.sh" "$n" "$segs" > "$work/codebook$n.csv"
	patterns "$work/codebook$n.csv" > "$work/patterns$n.txt"
done
with_rules "$work/codebook100.csv" > "$work/rules100.csv"
hs=hyperscan
tx-code --engine hyperscan --version > /dev/null 2>&1 || hs=
if [ -n "$hs" ]; then
	# The cold start is measured below: here the databases are cached.
	for n in 10 100 1000; do
		tx-code --engine hyperscan "$work/codebook$n.csv" /dev/null
	done
	tx-code --engine hyperscan "$work/rules100.csv" /dev/null
fi
cpu=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)

echo "tx bench: $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -sm), $cpu," \
    "$(nproc) processors, load average $(cut -d ' ' -f 1-3 /proc/loadavg)"
echo "corpus: $(($(wc -l < "$segs") - 1)) segments, $mb MB of segment text;" \
    "sample: $smb MB, small sample: $tmb MB"
echo "Hyperscan: ${hs:-absent (tx-code built without it: its rows are skipped)}"
echo
echo "| what | text MB | runs | wall s | CPU s | MB/s wall | MB/s CPU | peak RSS MB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for n in 10 100; do
	if [ -n "$hs" ]; then
		measure hs$n "tx-code --engine hyperscan, $n codes" "$mb" "$runs" \
		    /dev/null tx-code --engine hyperscan "$work/codebook$n.csv" "$segs"
		tx-code --engine hyperscan "$work/codebook$n.csv" "$segs" | cksum > "$work/hs$n.sum"
	fi
	r=$runs
	[ "$n" -lt 100 ] || r=1
	measure pcre$n "tx-code --engine pcre2, $n codes" "$mb" "$r" \
	    /dev/null tx-code --engine pcre2 "$work/codebook$n.csv" "$segs"
	tx-code --engine pcre2 "$work/codebook$n.csv" "$segs" | cksum > "$work/pcre$n.sum"
	[ -z "$hs" ] || same "hyperscan and pcre2, $n codes, whole corpus" \
	    "$work/hs$n.sum" "$work/pcre$n.sum"
done
# The scripts in_turn runs find the files here.
export B_WORK="$work" B_SEGS="$segs"
# Rules must not slow the codebook: the same 100 codes, 20 rows with rules.
in_turn rules100 "tx-code, 100 codes, 20 rows with rules (in turn)" \
    rules100n "tx-code, the same 100 codes without the rules" "$mb" \
    "$pair_runs" 'tx-code "$B_WORK/rules100.csv" "$B_SEGS"' \
    'tx-code "$B_WORK/codebook100.csv" "$B_SEGS"'
tx-code -j 2 "$work/rules100.csv" "$work/sample.tsv" > "$work/rules-j2.out"
tx-code --engine pcre2 "$work/rules100.csv" "$work/sample.tsv" > "$work/rules-pcre.out"
same "100 codes with rules: -j 2 and --engine pcre2, sample" \
    "$work/rules-j2.out" "$work/rules-pcre.out"
rm -f "$work/rules-j2.out" "$work/rules-pcre.out"
if [ -n "$hs" ]; then
	measure hs1000 "tx-code --engine hyperscan, 1,000 codes" "$mb" "$runs" \
	    /dev/null tx-code --engine hyperscan "$work/codebook1000.csv" "$segs"
	in_turn j1k "tx-code -j 1, 1,000 codes (in turn with -j 2)" \
	    j2k "tx-code -j 2, 1,000 codes" "$mb" "$pair_runs" \
	    'tx-code -j 1 "$B_WORK/codebook1000.csv" "$B_SEGS"' \
	    'tx-code -j 2 "$B_WORK/codebook1000.csv" "$B_SEGS"'
	measure hs1000s "tx-code --engine hyperscan, 1,000 codes (sample)" "$smb" \
	    "$runs" "$work/hs1000s.out" tx-code --engine hyperscan \
	    "$work/codebook1000.csv" "$work/sample.tsv"
fi
measure pcre1000s "tx-code --engine pcre2, 1,000 codes (sample)" "$smb" 1 \
    "$work/pcre1000s.out" tx-code --engine pcre2 "$work/codebook1000.csv" \
    "$work/sample.tsv"
[ -z "$hs" ] || same "hyperscan and pcre2, 1,000 codes, sample" \
    "$work/hs1000s.out" "$work/pcre1000s.out"
rm -f "$work/hs1000s.out" "$work/pcre1000s.out"

in_turn j1 "tx-code -j 1, 100 codes (in turn with -j 2)" \
    j2 "tx-code -j 2, 100 codes" "$mb" "$pair_runs" \
    'tx-code -j 1 "$B_WORK/codebook100.csv" "$B_SEGS"' \
    'tx-code -j 2 "$B_WORK/codebook100.csv" "$B_SEGS"'
tx-code -j 2 "$work/codebook100.csv" "$segs" | cksum > "$work/j2.sum"
ref=$work/pcre100.sum
[ -z "$hs" ] || ref=$work/hs100.sum
same "-j 2 and -j 1, 100 codes" "$work/j2.sum" "$ref"
measure j2p "tx-code -j 2 --engine pcre2, 100 codes" "$mb" 1 /dev/null \
    tx-code -j 2 --engine pcre2 "$work/codebook100.csv" "$segs"

measure py10 "Python loop (bench/code.py), 10 codes" "$mb" 1 "$work/py10.out" \
    python3 "$here/code.py" "$work/codebook10.csv" "$segs"
tx-code "$work/codebook10.csv" "$segs" > "$work/tx10.out"
same "Python and tx-code, 10 codes, whole corpus" "$work/py10.out" "$work/tx10.out"
rm -f "$work/py10.out" "$work/tx10.out"
measure py100s "Python loop, 100 codes (sample)" "$smb" 1 "$work/py.out" \
    python3 "$here/code.py" "$work/codebook100.csv" "$work/sample.tsv"
tx-code "$work/codebook100.csv" "$work/sample.tsv" > "$work/tx.out"
same "Python and tx-code, 100 codes, sample" "$work/py.out" "$work/tx.out"
measure hs100s "tx-code, 100 codes (sample)" "$smb" "$runs" /dev/null \
    tx-code "$work/codebook100.csv" "$work/sample.tsv"
measure py1000s "Python loop, 1,000 codes (small sample)" "$tmb" 1 "$work/py.out" \
    python3 "$here/code.py" "$work/codebook1000.csv" "$work/small.tsv"
tx-code "$work/codebook1000.csv" "$work/small.tsv" > "$work/tx.out"
same "Python and tx-code, 1,000 codes, small sample" "$work/py.out" "$work/tx.out"
measure hs1000t "tx-code, 1,000 codes (small sample)" "$tmb" "$runs" /dev/null \
    tx-code "$work/codebook1000.csv" "$work/small.tsv"
rm -f "$work/py.out" "$work/tx.out"

if command -v rg > /dev/null 2>&1; then
	for n in 10 100 1000; do
		measure rg$n "rg -c -i -f patterns, $n codes" "$mb" "$runs" /dev/null \
		    rg -c -i --regex-size-limit 2G --dfa-size-limit 2G \
		    -f "$work/patterns$n.txt" "$work/text.txt"
	done
else
	echo "| rg: not installed (apt-get install ripgrep) | | | | | | | |"
fi

measure pipe "tx-segment \\| tx-code \\| tx-count --by locality" "$mb" "$runs" \
    "$work/pipe.out" sh -c 'tx-segment --doc-id "(module-[^/]+/[^/.]+)" --attrs "$1/manifest.tsv" \
    "$1"/module-*/*.rst 2>/dev/null | tx-code "$2" | tx-count --by locality' _ "$data" \
    "$work/codebook100.csv"
# The counting pipeline as the README gives it: codings without their text.
measure pipent "the same with tx-code --no-text" "$mb" "$runs" \
    "$work/pipent.out" sh -c 'tx-segment --doc-id "(module-[^/]+/[^/.]+)" --attrs "$1/manifest.tsv" \
    "$1"/module-*/*.rst 2>/dev/null | tx-code --no-text "$2" | tx-count --by locality' _ "$data" \
    "$work/codebook100.csv"
same "the pipeline's counts with and without --no-text" "$work/pipe.out" "$work/pipent.out"
measure j2nt "tx-code -j 2 --no-text \\| tx-count --by locality" "$mb" "$runs" \
    "$work/j2nt.out" sh -c 'tx-code -j 2 --no-text "$1" "$2" | tx-count --by locality' _ \
    "$work/codebook100.csv" "$segs"
same "-j 2 --no-text counts and the pipeline's" "$work/j2nt.out" "$work/pipe.out"

# Sharded by document: two local shards coded and counted at once, then
# merged, against one process (wall clock; the counts are compared).
LC_ALL=C awk -F '\t' -v w="$work" 'NR == 1 { print > (w "/shard1.tsv"); print > (w "/shard2.tsv"); next }
    $1 != last { n++; last = $1 } { print > (w "/shard" (n % 2 + 1) ".tsv") }' "$segs"
# What two processors give here: two tx-code processes at once, a shard
# each, against one over the whole, in turn. On a virtual machine whose
# two processors share a core's time, this is the most -j 2 can give.
in_turn one1 "one tx-code, 100 codes (in turn with the next)" \
    par2 "2 tx-code at once, a shard each, 100 codes" "$mb" "$pair_runs" \
    'tx-code "$B_WORK/codebook100.csv" "$B_SEGS"' \
    'tx-code "$B_WORK/codebook100.csv" "$B_WORK/shard1.tsv" > /dev/null &
        tx-code "$B_WORK/codebook100.csv" "$B_WORK/shard2.tsv"; wait'
measure one "one process: tx-code --no-text \\| tx-count" "$mb" "$runs" "$work/one.out" \
    sh -c 'tx-code --no-text "$1" "$2" | tx-count --by locality' _ \
    "$work/codebook100.csv" "$segs"
measure shards "2 shards at once, then tx-count --merge" "$mb" "$runs" "$work/shards.out" \
    sh -c 'for i in 1 2; do tx-code --no-text "$1" "$2/shard$i.tsv" |
        tx-count --by locality > "$2/shard$i.counts" & done; wait
        tx-count --merge "$2/shard1.counts" "$2/shard2.counts"' _ \
    "$work/codebook100.csv" "$work"
same "2 shards merged and one process" "$work/one.out" "$work/shards.out"
rm -f "$work/shard1.tsv" "$work/shard2.tsv" "$work"/*.out

if [ -n "$hs" ]; then
	export XDG_CACHE_HOME="$work/cache-cold"
	rm -rf "$XDG_CACHE_HOME"
	measure cold "start-up, 1,000 codes, cold (compile, cache)" 0 1 /dev/null \
	    tx-code --engine hyperscan "$work/codebook1000.csv" /dev/null
	measure warm "start-up, 1,000 codes, warm (cached database)" 0 "$runs" \
	    /dev/null tx-code --engine hyperscan "$work/codebook1000.csv" /dev/null
	measure nocache "start-up, 1,000 codes, --no-cache" 0 1 /dev/null \
	    tx-code --engine hyperscan --no-cache "$work/codebook1000.csv" /dev/null
	export XDG_CACHE_HOME="$work/cache"
fi
measure pstart "start-up, 1,000 codes, --engine pcre2" 0 "$runs" /dev/null \
    tx-code --engine pcre2 "$work/codebook1000.csv" /dev/null

for k in 4 16; do
	measure x$k "tx-code, 100 codes, corpus ${k}x (memory)" \
	    "$(awk -v m="$mb" -v k="$k" 'BEGIN { printf "%.1f", m * k }')" 1 /dev/null \
	    sh -c 'i=0; while [ $i -lt "$1" ]; do cat "$2"; i=$((i + 1)); done |
	        tx-code "$3"' _ "$k" "$segs" "$work/codebook100.csv"
done
# tx-count's memory: the codings (100 codes, without text) of the corpus
# repeated, each copy's documents renamed, so that every segment is new
# (8x: 1.3 million segments). Memory must not follow the segments.
tx-code --no-text "$work/codebook100.csv" "$segs" > "$work/codings.tsv"
for k in 1 8 16; do
	measure cx$k "tx-count --by locality, codings ${k}x (memory)" \
	    "$(awk -v m="$mb" -v k="$k" 'BEGIN { printf "%.1f", m * k }')" 1 /dev/null \
	    sh -c 'i=1; while [ $i -le "$1" ]; do sed "s/^module-/c$i-module-/" "$2"; i=$((i + 1)); done |
	        tx-count --by locality' _ "$k" "$work/codings.tsv"
done
rm -f "$work/codings.tsv"

echo
echo "Outputs:"
cat "$work/notes"
echo
echo "Ratios of MB/s (by CPU time; by wall clock in brackets; for -j only the wall clock counts):"
for pair in "hs10 pcre10 hyperscan/pcre2, 10 codes" \
    "hs100 pcre100 hyperscan/pcre2, 100 codes" \
    "hs1000s pcre1000s hyperscan/pcre2, 1,000 codes (sample)" \
    "hs100s py100s tx-code/Python, 100 codes (sample)" \
    "hs1000t py1000s tx-code/Python, 1,000 codes (small sample)" \
    "hs100 rg100 tx-code/rg -c, 100 codes" \
    "j2 j1 -j 2/-j 1 (in turn), 100 codes" \
    "par2 one1 2 processes at once, a shard each/one process (in turn: the ceiling for -j 2), 100 codes" \
    "j2k j1k -j 2/-j 1 (in turn), 1,000 codes" \
    "j2p pcre100 -j 2/-j 1 with --engine pcre2, 100 codes" \
    "rules100 rules100n with rules/without (in turn), 100 codes (at least 0.5)" \
    "pipent pipe the pipeline with --no-text/with the text" \
    "shards one 2 shards and a merge/one process"; do
	set -- $pair
	a=$1 b=$2
	shift 2
	echo "  $*: $(ratio "$a" "$b" 3)x ($(ratio "$a" "$b" 2)x)"
done
[ "$differ" -eq 0 ] || { echo "run.sh: outputs differ (see above)" >&2; exit 1; }
