#!/usr/bin/env bats
# tx-code's engines and threads (issue 7): --engine hyperscan (a Hyperscan
# prefilter, then PCRE2 on the candidates) and --engine pcre2 must write
# byte-identical codings, and so must -j 1 and -j N.
#
# Fixtures in fixtures/code-engines, written for these tests:
#   constructs.csv  one code per construct where Hyperscan could differ from
#                   PCRE2: non-ASCII literals and escapes (é, ß/ẞ), caseless
#                   k and s (KELVIN SIGN U+212A, LONG S U+017F), Cherokee
#                   case pairs Hyperscan lacks, curly quotes, \w \b \d \p and
#                   POSIX classes (with Armenian, Cherokee and Hanifi Rohingya
#                   characters that only PCRE2's tables know), (?-i) in a
#                   pattern, inline flags, lookarounds, a backreference, and
#                   what Hyperscan refuses (\K, (?|...), (?R), \N{U+...}),
#                   and excludes that only match in non-ASCII text
#   texts.tsv       40 segments that hit each of them, with a user column
#   near.csv        near and not_near of every shape the prefilter tells
#                   apart, on the words of engine-texts.py
#   rules.csv       rule rows (near, not_near, every window and direction,
#                   within, Boolean codes, a non-ASCII pattern and near) on
#                   the words of engine-texts.py
#   constructs.out  the codings, checked by hand against PCRE2's rules; with
#                   the prefilter's non-ASCII rule switched off, four rows of
#                   it are lost (Cherokee, Armenian, the \p and \d codes)
#
# Hyperscan's own tests are skipped, saying so, when tx-code was built
# without it (exit 2 for --engine hyperscan).

load helper

E=$FIX/code-engines
C=$FIX/code

setup() {
	cd "$BATS_TEST_TMPDIR"
	export XDG_CACHE_HOME=$BATS_TEST_TMPDIR/cache
}

has_hyperscan() {
	tx-code --engine hyperscan --version >/dev/null 2>&1
}

need_hyperscan() {
	has_hyperscan || skip "tx-code was built without Hyperscan"
}

# The engines and thread counts to compare, as tx-code options.
variants() {
	echo "--engine pcre2"
	echo "-j 2 --engine pcre2"
	if has_hyperscan; then
		echo "--engine hyperscan"
		echo "--engine hyperscan -j 2"
		echo "--engine hyperscan -j 3 --no-cache"
	fi
}

# Every variant writes what -j 1 --engine pcre2 writes, with the same
# exit status: same CODEBOOK ARGS...
same() {
	local v ref refst st
	tx-code --engine pcre2 "$@" >ref.out 2>/dev/null && refst=0 || refst=$?
	while read -r v; do
		# shellcheck disable=SC2086
		tx-code $v "$@" >got.out 2>/dev/null && st=0 || st=$?
		cmp -s ref.out got.out || fail "tx-code $v $*: output differs: $(diff ref.out got.out | head -5)"
		[ "$st" -eq "$refst" ] || fail "tx-code $v $*: exit $st, not $refst"
	done < <(variants)
}

@test "--engine: a value other than auto, hyperscan, pcre2 is a usage error" {
	run --separate-stderr tx-code --engine pcre "$C/codebook.csv" "$C/segments.tsv"
	assert_failure 2
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = 'tx-code: --engine: "pcre" is not one of auto, pcre2, hyperscan' ]
}

@test "--engine hyperscan: works when built with it, else exit 2 saying so" {
	run --separate-stderr tx-code --engine hyperscan "$C/codebook.csv" "$C/segments.tsv"
	if has_hyperscan; then
		assert_success
		assert_output "$(cat "$C/codings.out")"
	else
		assert_failure 2
		[ -z "$output" ]
		[[ "$stderr" == *"built without Hyperscan"* ]]
	fi
}

@test "-j/--jobs: not a number from 0 to 256 is a usage error" {
	for j in x -1 257 1x ''; do
		run --separate-stderr tx-code -j "$j" "$C/codebook.csv" "$C/segments.tsv"
		assert_failure 2
		[ -z "$output" ]
		[[ "$stderr" == *"--jobs: \"$j\" is not a number from 0 to 256"* ]] || fail "$j: $stderr"
	done
}

@test "-j 0 (one per processor), --jobs 2 and -j 1 write the same" {
	tx-code "$C/codebook.csv" "$C/segments.tsv" >one.out
	for j in "-j 0" "--jobs 2" "--jobs=4"; do
		# shellcheck disable=SC2086
		run tx-code $j "$C/codebook.csv" "$C/segments.tsv"
		assert_success
		assert_output "$(cat one.out)"
	done
	cmp one.out "$C/codings.out"
}

@test "constructs: both engines, and -j 2, write the codings checked by hand" {
	run --separate-stderr tx-code --engine pcre2 "$E/constructs.csv" "$E/texts.tsv"
	assert_success
	assert_output "$(cat "$E/constructs.out")"
	same "$E/constructs.csv" "$E/texts.tsv"
	same --coded-only "$E/constructs.csv" "$E/texts.tsv"
}

@test "constructs: --engine auto is Hyperscan when built with it" {
	need_hyperscan
	run --separate-stderr tx-code --verbose "$E/constructs.csv" "$E/texts.tsv"
	assert_success
	assert_output "$(cat "$E/constructs.out")"
	[[ "$stderr" == *"prefilter: Hyperscan "* ]]
}

@test "--verbose names each regex Hyperscan refuses, by line, and the plan" {
	need_hyperscan
	run --separate-stderr tx-code --verbose --engine hyperscan "$E/constructs.csv" </dev/null
	assert_success
	[[ "$stderr" == *'constructs.csv:27: code "Syntax/Keep": regex "\Kword" runs through PCRE2 on every text (Hyperscan: \K'* ]]
	[[ "$stderr" == *'constructs.csv:28: code "Syntax/Branch reset"'* ]]
	[[ "$stderr" == *'constructs.csv:36: code "Syntax/Recursion"'* ]]
	[[ "$stderr" == *"36 of 40 regexes prefiltered, 4 through PCRE2 always"* ]]
	run --separate-stderr tx-code --verbose --engine pcre2 "$E/constructs.csv" </dev/null
	[ -z "$stderr" ]
}

@test "every fixture of tx-code: the engines and -j 2 agree" {
	for seg in "$C"/*.tsv "$E/texts.tsv"; do
		head -n 1 "$seg" | grep -q 'text' || continue
		for book in "$C"/codebook.csv "$C"/codebook.tsv "$C"/unicode.csv \
		    "$C"/escapes.csv "$C"/deep.csv "$E/constructs.csv" \
		    "$E/rules.csv"; do
			same "$book" "$seg"
		done
	done
}

@test "a match limit: stdout agrees; Hyperscan may rule the regex out first" {
	# (a+)+$ cannot match "a...ab": PCRE2 alone gives up at the match
	# limit (exit 1, a warning), the prefilter proves there is no match.
	tx-code --engine pcre2 "$C/catastrophe.csv" "$C/catastrophe.tsv" >ref.out 2>ref.err || true
	while read -r v; do
		# shellcheck disable=SC2086
		tx-code $v "$C/catastrophe.csv" "$C/catastrophe.tsv" >got.out 2>/dev/null || true
		cmp ref.out got.out || fail "$v differs"
	done < <(variants)
	# With one engine, threads change nothing: the same warnings, in order.
	run --separate-stderr tx-code -j 2 --engine pcre2 "$C/catastrophe.csv" "$C/catastrophe.tsv"
	assert_failure 1
	[ "$stderr" = "$(cat ref.err)" ]
}

@test "a near searched whole stops where PCRE2's does: no limit past it with either engine" {
	# x|(a+)+\1b has a backreference: PCRE2 searches the whole segment
	# for it, up to its first match past the pattern's last ("x"), and
	# never reaches the run of a that would exceed the match limit.
	printf 'code,pattern,near,not_near,window,direction\nX,foo,x|(a+)+\\1b,,,\n' >e.csv
	printf 'doc\tseg\ttext\nd\t1\tfoo x %s c b\n' "$(printf 'a%.0s' $(seq 40))" >e.tsv
	run --separate-stderr tx-code --engine pcre2 e.csv e.tsv
	assert_success
	assert_equal "$(cut -f 3,4 <<<"${lines[1]}")" "$(printf 'X\t1')"
	[ -z "$stderr" ]
	same e.csv e.tsv
}

@test "-j 2 over many batches, several files and stdin, keeps input order" {
	# 3 MB of segments: a dozen batches of 256 KB, coded out of order.
	awk -F '\t' 'NR == 1 { print; next }
	    { for (i = 0; i < 3000; i++) { $2 = i; print } }' OFS='\t' \
	    "$E/texts.tsv" >big.tsv
	[ "$(wc -c <big.tsv)" -gt 3000000 ]
	tx-code "$E/constructs.csv" big.tsv "$E/texts.tsv" >one.out
	run tx-code -j 2 "$E/constructs.csv" big.tsv "$E/texts.tsv"
	assert_success
	cmp one.out - <<<"$output"
	tx-code -j 3 "$E/constructs.csv" <big.tsv >three.out
	tx-code "$E/constructs.csv" <big.tsv >one-stdin.out
	cmp one-stdin.out three.out
	same --coded-only "$E/constructs.csv" big.tsv
}

@test "-j 2: rows past a batch's budget (long segments, many codes) keep order, warnings too" {
	# 60 codes, each a letter pair; segments of 22 KB carry 12, so
	# a batch's rows pass what the threads format (512 KB) and this thread
	# writes the rest. The match limit's warnings come among them.
	{ echo 'code,pattern'; tail -n +2 "$C/catastrophe.csv"
	  for a in b c d e f g h i j k l m; do for b in n o p q r; do echo "Pair/$a$b,$a$b"; done; done; } >many.csv
	awk 'BEGIN { OFS = "\t"; print "doc", "seg", "text"
	    long = ""; for (i = 0; i < 600; i++) long = long "bn co dp eq fr gn ho ip jq kr ln mo x "
	    for (d = 1; d <= 40; d++) {
	        print "d" d, 1, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"
	        for (s = 2; s <= 4; s++) print "d" d, s, (s == 3 ? long : "a short one, bn co")
	    } }' >long.tsv
	tx-code --engine pcre2 many.csv long.tsv >one.out 2>one.err || true
	[ "$(wc -c <one.out)" -gt 10000000 ]
	run --separate-stderr tx-code --engine pcre2 -j 2 many.csv long.tsv
	assert_failure 1
	cmp one.out - <<<"$output"
	[ "$stderr" = "$(cat one.err)" ]
}

@test "-j 2: bad data mid-stream is exit 1 naming file and line, whole rows only" {
	{ cat "$E/texts.tsv"; printf 't9\t99\tn\tbad \\x escape\n'; } >bad.tsv
	run --separate-stderr tx-code -j 2 "$E/constructs.csv" bad.tsv
	assert_failure 1
	[[ "$stderr" == *"bad.tsv:42:"* ]]
	# Whatever was written is whole rows of what -j 1 writes.
	tx-code "$E/constructs.csv" "$E/texts.tsv" >one.out
	[ -z "$output" ] || grep -qxF -- "${lines[-1]}" one.out
}

@test "-j 2: empty input, and a header alone" {
	run tx-code -j 2 "$E/constructs.csv" </dev/null
	assert_success
	assert_output ""
	run tx-code -j 2 "$E/constructs.csv" <<<"$(head -n 1 "$E/texts.tsv")"
	assert_success
	assert_output "$(printf 'doc\tseg\tnote\tcode\thits\tmatch\tcoder\ttext')"
}

@test "-j 2: a closed pipe ends quietly, a full disk is exit 1" {
	awk 'NR == 1 || NR > 1 { print } NR > 1 { for (i = 0; i < 2000; i++) print }' \
	    "$E/texts.tsv" >big.tsv
	run bash -c 'tx-code -j 2 "$1" big.tsv | head -c 100 >/dev/null; echo "${PIPESTATUS[0]}"' _ "$E/constructs.csv"
	assert_output 0
	run bash -c 'tx-code -j 2 "$1" big.tsv >/dev/full' _ "$E/constructs.csv"
	assert_failure 1
	[[ "$output" == *"write error"* ]]
}

@test "the cache: written once, read after, rebuilt when corrupt or stale" {
	need_hyperscan
	tx-code --verbose "$E/constructs.csv" "$E/texts.tsv" >cold.out 2>cold.err
	grep -q "compiled databases" cold.err
	ls cache/tx/hs-*.db >/dev/null
	tx-code --verbose "$E/constructs.csv" "$E/texts.tsv" >warm.out 2>warm.err
	grep -q "cached databases" warm.err
	cmp cold.out warm.out
	# Two databases (UTF-8, and bytes for ASCII text), a file each.
	[ "$(ls cache/tx/hs-*.db | wc -l)" -eq 2 ]
	# Corrupt: one byte changed in a database; then a torn file.
	for f in cache/tx/hs-*.db; do
		size=$(wc -c <"$f")
		printf 'X' | dd of="$f" bs=1 seek=$((size - 10)) conv=notrunc 2>/dev/null
		tx-code --verbose "$E/constructs.csv" "$E/texts.tsv" >again.out 2>again.err
		grep -q "compiled databases" again.err
		cmp cold.out again.out
		head -c 100 "$f" >torn && mv torn "$f"
		tx-code --verbose "$E/constructs.csv" "$E/texts.tsv" >again.out 2>again.err
		grep -q "compiled databases" again.err
		cmp cold.out again.out
		tx-code --verbose "$E/constructs.csv" "$E/texts.tsv" 2>&1 >/dev/null | grep -q "cached databases"
	done
	# Another codebook is another key: no stale database is ever used.
	sed 's/kelvin/celsius/' "$E/constructs.csv" >other.csv
	tx-code --verbose other.csv "$E/texts.tsv" 2>&1 >/dev/null | grep -q "compiled databases"
	[ "$(ls cache/tx/hs-*.db | wc -l)" -eq 4 ]
}

@test "the cache: a near and a pattern of the same regexes are not one database" {
	need_hyperscan
	# ^bar as a near is searched whole (batches stay); as a pattern it
	# keeps texts from being scanned a batch at a time.
	printf 'code,pattern,near\nX,foo,^bar\n' >near.csv
	printf 'code,pattern\nX,foo\nY,^bar\n' >pattern.csv
	run tx-code --verbose pattern.csv /dev/null
	assert_line --partial "each text is scanned alone"
	run tx-code --verbose near.csv /dev/null
	assert_line --partial "prefilter: Hyperscan"
	assert_line --partial "compiled databases"
	assert_line --partial "through PCRE2 always: 1 (bytes)"
	assert_line "tx-code: prefilter: ASCII and neutral texts are scanned a batch at a time"
}

@test "the cache: --no-cache, and an unwritable cache, are never an error" {
	need_hyperscan
	tx-code --no-cache --verbose "$E/constructs.csv" "$E/texts.tsv" >a.out 2>a.err
	grep -q "compiled database" a.err
	[ ! -e cache ]
	: >notadir
	XDG_CACHE_HOME=$PWD/notadir run --separate-stderr tx-code "$E/constructs.csv" "$E/texts.tsv"
	assert_success
	assert_output "$(cat a.out)"
	[ -z "$stderr" ]
	HOME=/nonexistent XDG_CACHE_HOME= run tx-code "$E/constructs.csv" "$E/texts.tsv"
	assert_success
	assert_output "$(cat a.out)"
}

# --- the byte path: ASCII and neutral text (lib/codebook/shape.h) ---

@test "shapes: which regexes are ASCII, closed, and of a word shape" {
	need_unit shape
	run "$TX_BUILD/unit/shape" '\bcare\b' '\b(?:close|maybe)(?:s|es|ed|ing)?\b' \
	    '\b(?:a|b|c)\w*' '\bnurs' '\b\w+?' '\b[a-z]{2,4}\b' '\b\d+\b' \
	    '\b(?:x)?\b' '\b[0-z]\b' '\bab++\b' '\b(?i)a\b' '\bcare\\b' 'care' \
	    '\bcare\s' 'c.r' '[^a]' '\W' '\h' '\v' '\R' 'x\\.' \
	    '\bcafé' '\b\x41' '\p{L}' '[[:alpha:]]' '(*UCP)a' '\b(a)\1\b' '\cA' \
	    '\bcare|nurse\b' '\bnurs|care\w*'
	assert_success
	assert_output "$(cat "$E/shapes.out")"
}

@test "an alternative outside a group is no word shape: both engines agree" {
	# \bcare|nurse\b is (\bcare)|(nurse\b): "carefully" carries it; and
	# \bnurs|care\w* finds "cared" in "scared". Taken for word shapes,
	# the Hyperscan engine lost or miscounted those rows.
	printf 'code,pattern\nC,\\bcare|nurse\\b\nN,\\bnurs|care\\w*\n' >alt.csv
	printf 'doc\tseg\ttext\nd\t1\tcarefully the nurses\nd\t2\tthe nurse, scared\n' >alt.tsv
	run tx-code --engine pcre2 alt.csv alt.tsv
	assert_output "$(printf '%s\n' 'doc	seg	code	hits	match	coder	text' \
		'd	1	C	1	care	auto	carefully the nurses' \
		'd	1	N	2	carefully	auto	carefully the nurses' \
		'd	2	C	1	nurse	auto	the nurse, scared' \
		'd	2	N	2	nurs	auto	the nurse, scared')"
	for v in "--engine hyperscan" "-j 2"; do
		# shellcheck disable=SC2086
		run tx-code $v alt.csv alt.tsv
		assert_output "$(tx-code --engine pcre2 alt.csv alt.tsv)"
	done
}

@test "text classes: ASCII, neutral (punctuation and symbols), other" {
	run "$TX_BUILD/unit/shape" -t <"$E/classes.txt"
	assert_success
	assert_output "$(printf '%s\n' ascii neutral other other other other other other other other other)"
}

@test "random segments: engines and -j 2 agree on every path of the prefilter" {
	need_hyperscan
	run tx-code --verbose "$E/words.csv" /dev/null
	assert_output --partial "whole words: 13, beginning words: 3; found by Hyperscan and confirmed by PCRE2 where they end: 24; prefiltered: 3; through PCRE2 always: 1 (bytes), 5 (non-ASCII source)"
	run tx-code --verbose "$E/windows.csv" /dev/null
	assert_output --partial "whole words: 10, beginning words: 5; found by Hyperscan and confirmed by PCRE2 where they end: 13"
	for seed in 1 2 3; do
		python3 "$BATS_TEST_DIRNAME/engine-texts.py" "$seed" 1500 >seg$seed.tsv
		same "$E/words.csv" seg$seed.tsv
		same "$E/windows.csv" seg$seed.tsv
		same "$E/rules.csv" seg$seed.tsv
		same --coded-only "$FIX/code-rules/lint.csv" seg$seed.tsv
	done
	# Every code of rules.csv is reached.
	tx-code --coded-only "$E/rules.csv" seg1.tsv | cut -f 3 | sed 1d | sort -u >reached
	assert_equal "$(wc -l <reached)" 9
	# The segments reach every code but one, which can never match (an
	# atomic group that gives up the r: (?>ca|car)er): none is left out.
	tx-code "$E/words.csv" seg1.tsv seg2.tsv seg3.tsv | cut -f 3 | sort -u >reached
	cut -d , -f 1 "$E/words.csv" | sed 1d | sort -u | comm -23 - reached >missed
	assert_equal "$(cat missed)" "C/atomic"
}

@test "a batch scanned at once: no match crosses from one text to the next" {
	need_hyperscan
	# batch.csv: the rows of words.csv and windows.csv that look neither
	# at the ends of the text nor around their match, so that Hyperscan
	# scans a batch of texts at once, joined by newlines.
	run tx-code --verbose "$E/batch.csv" /dev/null
	assert_output --partial "prefilter: ASCII and neutral texts are scanned a batch at a time"
	# Each pair of texts would make a match across the join: "no" then
	# "support", a space then a space, "." then ",", a newline then a word.
	printf 'doc\tseg\ttext\n' >edge.tsv
	printf 'd\t%s\t%s\n' 1 'no' 2 'support staff' 3 'care ' 4 ' nurse' \
	    5 'x.' 6 ',y' 7 'café no' 8 'staff' 9 'ab' 10 'c' 11 'e' \
	    12 'ing care' >>edge.tsv
	for j in 1 2; do
		tx-code -j $j --coded-only --no-text --engine hyperscan "$E/batch.csv" edge.tsv |
		    awk -F '\t' '$3 ~ /^(N\/window|N\/space|D\/W|T\/nl)$/ { print $2, $3 }' >crossed
		assert_equal "$(cat crossed)" ""
	done
	same "$E/batch.csv" edge.tsv
	for seed in 1 2 3; do
		python3 "$BATS_TEST_DIRNAME/engine-texts.py" "$seed" 1500 >seg$seed.tsv
		same "$E/batch.csv" seg$seed.tsv
	done
}

@test "rules (fixtures/code-rules): engines and -j 2 agree, speakers too" {
	same "$FIX/code-rules/rules.csv" "$FIX/code-rules/segments.tsv"
	same --coded-only "$FIX/code-rules/rules.csv" "$FIX/code-rules/segments.tsv"
}

@test "near and not_near are scanned with the patterns: every shape agrees with PCRE2" {
	need_hyperscan
	# near.csv: near and not_near of every word shape, one Hyperscan
	# confirms where it ends, ones that look at the ends of the text or
	# behind their match, a backreference, non-ASCII, and one that is
	# also a pattern. They join the prefilter's database; those that
	# would stop a batch scan are searched whole instead.
	run tx-code --verbose "$E/near.csv" /dev/null
	assert_success
	assert_line --index 0 --partial ": 21 of 21 regexes prefiltered,"
	assert_line --index 1 --partial "whole words: 13, beginning words: 2; found by Hyperscan and confirmed by PCRE2 where they end: 1; prefiltered: 0; through PCRE2 always: 3 (bytes), 2 (non-ASCII source)"
	assert_line --index 2 "tx-code: prefilter: ASCII and neutral texts are scanned a batch at a time"
	for seed in 1 2 3; do
		python3 "$BATS_TEST_DIRNAME/engine-texts.py" "$seed" 1500 >seg$seed.tsv
		same "$E/near.csv" seg$seed.tsv
	done
	# Each row's near or not_near drops some matches and keeps others.
	run --separate-stderr tx-code --verbose --engine pcre2 "$E/near.csv" seg1.tsv
	assert_equal "$(grep -c 'kept [1-9][0-9]* of .* dropped [1-9]' <<<"$stderr")" 10
}

@test "the example (examples/two-localities): engines and -j 2 agree" {
	X=$EXAMPLES/two-localities
	tx-segment --exclude-speakers '^Interviewer' --attrs "$X/participants.csv" \
	    "$X"/transcripts/*.txt >segments.tsv
	same "$X/codebook.csv" segments.tsv
}

covid() {
	tx-segment --doc-id '(module-[^/]+/[^/.]+)' "$SHARED"/covid-inquiry/"$1"/*.rst
}

@test "covid-inquiry module 2A: 10 and 100 codes, engines and -j 2 agree" {
	need_shared covid-inquiry
	covid module-2A >seg.tsv
	for n in 10 100; do
		"$BATS_TEST_DIRNAME"/../bench/mkcodebook.sh "$n" seg.tsv >book$n.csv
		[ "$(grep -c '^Theme' book$n.csv)" -gt "$n" ]
		same book$n.csv seg.tsv
	done
}

@test "covid-inquiry, a 2 MB sample: 1,000 codes, engines and -j 2 agree" {
	need_shared covid-inquiry
	covid module-2B >seg.tsv
	"$BATS_TEST_DIRNAME"/../bench/mkcodebook.sh 1000 seg.tsv >book.csv
	head -c 2000000 seg.tsv | sed '$d' >sample.tsv
	tx-code --engine pcre2 book.csv sample.tsv >ref.out
	if has_hyperscan; then
		tx-code --engine hyperscan book.csv sample.tsv >hs.out
		cmp ref.out hs.out
	fi
	tx-code -j 2 book.csv sample.tsv >j2.out
	cmp ref.out j2.out
}
