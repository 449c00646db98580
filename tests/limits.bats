#!/usr/bin/env bats
# Numbers, depth and width past what the other tests try (issue 22, items
# 11, 12, 14 and 15): sums that would wrap, Fisher's test on huge tables,
# very deep code paths, very many groups and coders. Time is bounded with
# timeout, memory with /usr/bin/time's maximum resident set size.
#
# fixtures/limits: hits-wrap.tsv, two codings of 9e18 hits; half-hits.tsv,
# a counts table of 5e18 hits (merged with itself it wraps); totals-wrap.tsv,
# two groups of 5e18 documents; fisher-*.tsv, counts tables of two groups
# of 2e9 documents, three of 1e8, two of 2^62 - 1.

load helper

L=$FIX/limits

# Run a command under /usr/bin/time; $rss_kb: its maximum resident set.
run_measured() {
	[ -x /usr/bin/time ] || skip "/usr/bin/time is absent (make deps)"
	run --separate-stderr /usr/bin/time -o rss.txt -f %M "$@"
	rss_kb=$(tail -n 1 rss.txt)
}

# ------------------------------------------------------------------
# Item 11: checked sums

@test "tx-count: hits that add up past 2^63 - 1 are exit 1 naming the file and line" {
	run --separate-stderr tx-count "$L/hits-wrap.tsv"
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "tx-count: $L/hits-wrap.tsv:3: hits add up to more than 9223372036854775807: the counts cannot be summed (split the input, or check this row)"
}

@test "tx-count --merge: totals that would wrap are exit 1 naming the file and line" {
	run --separate-stderr tx-count --merge "$L/half-hits.tsv" "$L/half-hits.tsv"
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "tx-count: $L/half-hits.tsv:3: hits add up to more than 9223372036854775807: the counts cannot be summed (split the input, or check this row)"
}

@test "tx-compare and tx-report: codings whose hits wrap are exit 1, nothing written" {
	run --separate-stderr tx-compare --by doc "$L/hits-wrap.tsv"
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "tx-compare: $L/hits-wrap.tsv:3: hits add up to more than 9223372036854775807: the counts cannot be summed (split the input, or check this row)"
	run --separate-stderr tx-report --by doc "$L/hits-wrap.tsv"
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "tx-report: $L/hits-wrap.tsv:3: hits add up to more than 9223372036854775807: the counts cannot be summed (split the input, or check this row)"
}

@test "tx-compare: groups whose totals add up past 2^63 - 1 are refused, not tested wrapped" {
	run --separate-stderr tx-compare --by locality "$L/totals-wrap.tsv"
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" 'tx-compare: code "T": the groups'"'"' counts add up to more than 9223372036854775807, past what the statistics can take'
}

# ------------------------------------------------------------------
# Item 12: Fisher's safeguards

@test "--fisher-limit holds for two groups: 2e9 documents a group fall back to chi2 at once" {
	run --separate-stderr timeout 10 tx-compare --by locality --test fisher "$L/fisher-2x2.tsv"
	assert_success
	assert_equal "$stderr" 'tx-compare: code "T": Fisher'"'"'s test would enumerate more than 5000000 tables (--fisher-limit); chi2 used instead'
	assert_line --index 1 --regexp $'^T\t1000000000\t2000000000\t50.0\t1000000001\t2000000000\t50.0\tchi2 \\(fisher limit\\)\t'
}

@test "Fisher's fallback is decided without allocating: three groups of 1e8 documents stay small" {
	run_measured timeout 10 tx-compare --by locality --test fisher "$L/fisher-2x3.tsv"
	assert_success
	assert_line --index 1 --regexp $'\tchi2 \\(fisher limit\\)\t'
	echo "max RSS ${rss_kb} KB"
	[ "$rss_kb" -lt 50000 ]
}

@test "Fisher on two groups of 2^62 - 1 documents ends (the 2x2 walk does not wrap)" {
	run --separate-stderr timeout 10 tx-compare --by locality --test fisher "$L/fisher-2e63.tsv"
	assert_success
	assert_line --index 1 --regexp $'^T\t2305843009213693951\t4611686018427387903\t50.0\t2305843009213693950\t4611686018427387903\t50.0\tchi2 \\(fisher limit\\)\t'
}

@test "Fisher within the limit is unchanged: a 2x3 table of 21 tables is enumerated at 21, not at 20" {
	printf 'locality\tcode\tsegments\tdocs\thits\ttotal_segments\ttotal_docs\nA\t\t0\t0\t0\t5\t5\nA\tT\t1\t1\t1\t5\t5\nB\t\t0\t0\t0\t5\t5\nB\tT\t4\t4\t1\t5\t5\nC\t\t0\t0\t0\t5\t5\nC\tT\t0\t0\t1\t5\t5\n' > small.tsv
	run --separate-stderr tx-compare --by locality --test fisher --fisher-limit 21 small.tsv
	assert_success
	assert_equal "$stderr" ""
	# R 4: fisher.test(matrix(c(1,4,4,1,0,5), 2))$p.value = 0.05094905095
	assert_line --index 1 --regexp $'\tfisher\t\t\t0.0509491\t'
	run --separate-stderr tx-compare --by locality --test fisher --fisher-limit 20 small.tsv
	assert_success
	assert_line --index 1 --regexp $'\tchi2 \\(fisher limit\\)\t'
}

# ------------------------------------------------------------------
# Item 14: deep hierarchies

# Codings of two documents in two localities, each one segment that
# carries a code $1 levels deep and a code Other.
deep_codings() {
	awk -v d="$1" 'BEGIN {
		OFS = "\t"
		p = "L1"
		for (i = 2; i <= d; i++)
			p = p "/L" i
		print "doc", "seg", "locality", "code", "hits", "coder", "text"
		print "a", 1, "N", p, 1, "auto", "hello"
		print "a", 1, "N", "Other", 1, "auto", "hello"
		print "b", 1, "S", p, 1, "auto", "hello"
		print "b", 1, "S", "Other", 1, "auto", "hello"
	}'
}

@test "a code 100 levels deep is counted, compared and reported in little time and memory" {
	deep_codings 100 > deep.tsv
	run_measured timeout 10 tx-count --cooccur deep.tsv
	assert_success
	[ "${#lines[@]}" -eq 101 ]      # header, then Other with each level
	[ "$rss_kb" -lt 50000 ]
	run_measured timeout 10 tx-report --by locality deep.tsv
	assert_success
	echo "max RSS ${rss_kb} KB"
	[ "$rss_kb" -lt 50000 ]
}

@test "a code deeper than 100 levels is exit 1 naming the file and line, at once (tx-count, --cooccur, tx-compare, tx-report)" {
	deep_codings 1000 > deep.tsv
	msg="deep.tsv:2: a code of 1000 levels, more than 100: a code path this deep is refused (its counts grow with the square of its depth)"
	for tool in "tx-count" "tx-count --cooccur" "tx-compare --by locality" "tx-report --by locality"; do
		run_measured timeout 10 $tool deep.tsv
		assert_failure 1
		assert_output ""
		assert_equal "$stderr" "${tool%% *}: $msg"
		[ "$rss_kb" -lt 50000 ]
	done
}

@test "tx-count --merge: a table with a code deeper than 100 levels is exit 1" {
	printf 'code\tsegments\tdocs\thits\ttotal_segments\ttotal_docs\n\t0\t0\t0\t1\t1\n' > deep.tsv
	deep_codings 101 | awk -F'\t' 'NR == 2 { printf "%s\t1\t1\t1\t1\t1\n", $4 }' >> deep.tsv
	run --separate-stderr tx-count --merge deep.tsv
	assert_failure 1
	assert_equal "$stderr" "tx-count: deep.tsv:3: a code of 101 levels, more than 100: a code path this deep is refused (its counts grow with the square of its depth)"
}

# ------------------------------------------------------------------
# Item 15: many groups, many coders

# Codings of $1 documents, each with a comment of its own (--by comment:
# as many groups as documents, as --by over free text makes).
many_groups() {
	awk -v n="$1" 'BEGIN {
		OFS = "\t"
		print "doc", "seg", "comment", "code", "hits", "coder", "text"
		for (i = 1; i <= n; i++)
			print "d" i, 1, "note " i, (i % 3 ? "T" : ""), 1, "auto", "x"
	}'
}

@test "100,000 groups: tx-count --wide, tx-compare and tx-report -C check their names hashed, in seconds" {
	many_groups 100000 > many.tsv
	run_measured timeout 30 tx-count --by comment --wide many.tsv
	[ "$status" -eq 0 ]
	echo "tx-count --wide: max RSS ${rss_kb} KB"
	[ "$rss_kb" -lt 200000 ]
	[[ "${lines[0]}" == $'code\tnote_1\tnote_10\tnote_100\t'* ]]
	run_measured timeout 30 tx-compare --by comment many.tsv
	[ "$status" -eq 0 ]
	echo "tx-compare: max RSS ${rss_kb} KB"
	[ "$rss_kb" -lt 200000 ]
	printf '%s\n' "$output" > cmp.tsv
	run_measured timeout 30 tx-report --by comment --to md --compare cmp.tsv many.tsv
	[ "$status" -eq 0 ]
	echo "tx-report --compare: max RSS ${rss_kb} KB"
	[ "$rss_kb" -lt 400000 ]      # 112 MB; 306 MB under ASan
}

@test "many groups: two that make one column name are still named, the first in byte order first" {
	{ many_groups 5000; printf 'e1\t1\tNOTE-17\tT\t1\tauto\tx\n'; } > many.tsv
	run --separate-stderr tx-count --by comment --wide many.tsv
	assert_failure 1
	assert_equal "$stderr" 'tx-count: groups "NOTE-17" and "note 17" both make the column name "note_17"'
	run --separate-stderr tx-compare --by comment many.tsv
	assert_failure 1
	assert_equal "$stderr" 'tx-compare: groups "NOTE-17" and "note 17" both make the column name "note_17"'
}

@test "tx-agree: more than 1000 coders is exit 1 in words, at once and in little memory" {
	awk 'BEGIN { OFS = "\t"; print "doc", "seg", "code", "hits", "coder", "text"
		for (c = 1; c <= 4000; c++) for (s = 1; s <= 3; s++)
			print "d", s, (s % 2 ? "T" : ""), 1, "c" c, "x" }' > coders.tsv
	run_measured timeout 30 tx-agree coders.tsv
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "tx-agree: 4000 coders: agreement is kept for each pair of coders, and more than 1000 coders make too many pairs; compare fewer coders at a time (grep, awk)"
	echo "max RSS ${rss_kb} KB"
	[ "$rss_kb" -lt 50000 ]
	run --separate-stderr tx-agree --domain T coders.tsv
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "tx-agree: 4000 coders: agreement is kept for each pair of coders, and more than 1000 coders make too many pairs; compare fewer coders at a time (grep, awk)"
}

@test "a header with a column twice is still refused (checked hashed)" {
	printf 'doc\tseg\tcode\thits\tseg\n' > twice.tsv
	run --separate-stderr tx-count twice.tsv
	assert_failure 1
	assert_equal "$stderr" 'tx-count: twice.tsv:1: column "seg" appears twice in the header'
}

@test "tx-agree --domain of more than 1000 codes is exit 1 in words, before any output" {
	awk 'BEGIN { OFS = "\t"; print "doc", "seg", "code", "hits", "coder", "text"
		for (s = 1; s <= 1001; s++) for (c = 1; c <= 2; c++)
			print "d", s, "D/c" s, 1, "r" c, "x" }' > domain.tsv
	run --separate-stderr tx-agree --domain D domain.tsv
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" 'tx-agree: --domain "D": 1001 codes: agreement is kept for each pair of its codes, and more than 1000 codes make too many pairs; give a narrower --domain'
}
