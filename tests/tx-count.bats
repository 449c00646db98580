#!/usr/bin/env bats
# tx-count: tallies of a codings stream by group and code (issue 4).
#
# codings.tsv: 5 documents in two localities (North: 1A 2A; South: 1B 2B
# 3B), 11 segments, uncoded segments in both, one segment (1A/3) carrying a
# code and its ancestor, rows out of order (1A/3's second code comes last).
# rollup.tsv: three levels, groups "B", "b" and "Ä" (byte order). The
# expected outputs (*.out) were checked by hand against these rows.

load helper

C=$FIX/count

# A corpus of $1 documents for the merge tests: 3 localities, 1-6 segments
# a document, codes chosen by arithmetic (no randomness), some uncoded.
make_corpus() {
	awk -v n="$1" 'BEGIN {
		OFS = "\t"
		print "doc", "seg", "locality", "code", "hits", "coder", "text"
		split("Access|Access/Distance|Access/Waiting times|Trust|" \
		    "Trust/In GPs|Workforce/Recruitment|Workforce", code, "|")
		for (d = 1; d <= n; d++) {
			loc = substr("NSW", d % 3 + 1, 1)
			for (s = 1; s <= d % 6 + 1; s++) {
				k = (d * 7 + s * 3) % 9
				if (k > 6) { print "d" d, s, loc, "", 0, "auto", "none"; continue }
				print "d" d, s, loc, code[k + 1], s % 3 + 1, "auto", "text"
				if ((d + s) % 4 == 0)
					print "d" d, s, loc, code[(k + 2) % 7 + 1], 1, "auto", "text"
			}
		}
	}'
}

# Split a codings stream into one file per document (shards by document).
split_by_doc() {
	awk -F'\t' 'NR == 1 { h = $0; next }
		{ f = "shard-" $1 ".tsv"; if (!(f in seen)) { print h > f; seen[f] = 1 }
		  print > f }' "$1"
}

@test "counts by locality: segments, docs, hits and the group's totals" {
	run tx-count --by locality "$C/codings.tsv"
	assert_success
	assert_output "$(cat "$C/by-locality.out")"
}

@test "the empty-code row holds uncoded segments and documents with no coded segment" {
	run tx-count --by locality "$C/codings.tsv"
	# North: 1A/2 and 2A/1 are uncoded, but both documents have a coded segment.
	assert_line --index 1 "$(printf 'North\t\t2\t0\t0\t5\t2')"
	# South: 2B has only an uncoded segment.
	assert_line --index 8 "$(printf 'South\t\t1\t1\t0\t6\t3')"
}

@test "no --by counts the whole corpus" {
	run tx-count "$C/codings.tsv"
	assert_success
	assert_output "$(cat "$C/whole.out")"
}

@test "roll-up: a segment carrying a code and its ancestor counts once for it" {
	run tx-count --by locality "$C/codings.tsv"
	# 1A/1 carries Financial issues/GPs; 1A/3 both Financial issues and
	# Financial issues/GPs: 2 segments, 1 document, hits 2 + 1 + 1.
	assert_line --index 2 "$(printf 'North\tFinancial issues\t2\t1\t4\t5\t2')"
}

@test "roll-up through three levels; a document spread over segments counts once" {
	run tx-count --by grp "$C/rollup.tsv"
	assert_success
	assert_output "$(cat "$C/rollup.out")"
	# d1 carries A/B/C in two segments and A/B/D in one: A/B is 2 segments
	# of 1 document, hits 1 + 2 + 1.
	assert_line "$(printf 'b\tA/B\t2\t1\t4\t2\t1')"
}

@test "groups in byte order, codes in path order level by level" {
	run bash -c "tx-count --by grp '$C/rollup.tsv' | cut -f1 | uniq | paste -sd' '"
	assert_output "grp B b Ä"
	run bash -c "tx-count '$C/codings.tsv' | cut -f1 | paste -sd'|'"
	assert_output "code||Financial issues|Financial issues/GPs|Financial issues and costs|Trust|Workforce|Workforce/Recruitment|Workforce/Retention"
}

@test "input need not be sorted: reversed rows give the same counts" {
	{ head -n 1 "$C/codings.tsv"; tail -n +2 "$C/codings.tsv" | tac; } > rev.tsv
	run tx-count --by locality rev.tsv
	assert_output "$(cat "$C/by-locality.out")"
	# Shuffled: segments and documents come back after others.
	make_corpus 200 > sorted.tsv
	{ head -n 1 sorted.tsv; tail -n +2 sorted.tsv | shuf --random-source=sorted.tsv; } > shuffled.tsv
	run ! cmp -s sorted.tsv shuffled.tsv
	for opts in "--by locality" "--cooccur --by locality" "--no-rollup" "--by doc"; do
		[ "$(tx-count $opts shuffled.tsv)" = "$(tx-count $opts sorted.tsv)" ] ||
			fail "tx-count $opts differs on shuffled input"
	done
}

@test "--by with several columns and --all-codes lists every code in every group" {
	run tx-count --by locality,role --all-codes "$C/codings.tsv"
	assert_success
	assert_output "$(cat "$C/locality-role-all.out")"
	run bash -c "tx-count -a -b locality,role '$C/codings.tsv' | tail -n +2 | cut -f1,2 | uniq -c | awk '{print \$1}' | sort -u"
	assert_output "8"
}

@test "--no-rollup counts codes as written" {
	run tx-count --no-rollup --by locality "$C/codings.tsv"
	assert_success
	assert_output "$(cat "$C/no-rollup.out")"
	refute_line --partial "Workforce	1"
}

@test "--cooccur: pairs carried by one segment, with Jaccard on segments" {
	run tx-count --cooccur --by locality "$C/codings.tsv"
	assert_success
	assert_output "$(cat "$C/cooccur-locality.out")"
}

@test "--cooccur: a code and its own ancestor are not a pair" {
	run tx-count --cooccur "$C/rollup.tsv"
	assert_success
	# d1/1 carries A, A/B, A/B/C, A/B/D: only A/B/C with A/B/D is a pair;
	# Jaccard 1 / (3 + 1 - 1).
	assert_output "$(printf 'code_a\tcode_b\tsegments\tdocs\tjaccard\nA/B/C\tA/B/D\t1\t1\t0.333333')"
}

@test "--wide: one row per code, one column per group (docs by default)" {
	run tx-count --wide --by locality "$C/codings.tsv"
	assert_success
	assert_output "$(cat "$C/wide-docs.out")"
	run tx-count --wide --value docs --by locality "$C/codings.tsv"
	assert_output "$(cat "$C/wide-docs.out")"
}

@test "--wide --value pct is docs as a percentage of the group's documents" {
	run tx-count -w --value pct -b locality "$C/codings.tsv"
	assert_success
	assert_output "$(cat "$C/wide-pct.out")"
	assert_line "$(printf 'Trust\t50.0\t66.7')"
}

@test "--wide --value segments and hits; group names from several columns" {
	run tx-count -w --value segments -b locality "$C/codings.tsv"
	assert_output "$(cat "$C/wide-segments.out")"
	run tx-count -w -v hits -b role,locality "$C/codings.tsv"
	assert_output "$(cat "$C/wide-hits.out")"
	assert_line --index 0 "$(printf 'code\tgp_north\tgp_south\tmanager_south\tnurse_north\tnurse_south')"
}

@test "--wide: two groups that make one column name are an error naming both" {
	sed 's/\tSouth\t/\tnorth\t/' "$C/codings.tsv" > clash.tsv
	run --separate-stderr tx-count --wide --by locality clash.tsv
	assert_failure 1
	assert_output ''
	[ "$stderr" = 'tx-count: groups "North" and "north" both make the column name "north"' ]
}

@test "--value needs --wide; an unknown value is a usage error" {
	run --separate-stderr tx-count --value pct "$C/codings.tsv"
	assert_failure 2
	assert_output ''
	run --separate-stderr tx-count --wide --value median "$C/codings.tsv"
	assert_failure 2
	assert_output ''
	[ "${stderr_lines[0]}" = 'tx-count: --value: "median" is not one of docs, segments, hits, pct' ]
}

@test "options that do not go together are usage errors" {
	run tx-count --cooccur --wide "$C/codings.tsv"
	assert_failure 2
	run tx-count --merge --cooccur "$C/by-locality.out"
	assert_failure 2
	run tx-count --merge --no-rollup "$C/by-locality.out"
	assert_failure 2
	run tx-count --by locality,locality "$C/codings.tsv"
	assert_failure 2
	run --separate-stderr tx-count --by code "$C/codings.tsv"
	assert_failure 2
	[ "${stderr_lines[0]}" = "tx-count: --by code: the output has a column of that name" ]
}

@test "--merge of per-document shards counted with GNU parallel equals counting the whole" {
	make_corpus 60 > corpus.tsv
	tx-count --by locality corpus.tsv > whole.counts
	split_by_doc corpus.tsv
	[ "$(ls shard-*.tsv | wc -l)" -eq 60 ]
	# One job per file.
	parallel --will-cite -j 2 'tx-count --by locality {} > {.}.counts' ::: shard-*.tsv
	run tx-count --merge shard-*.counts
	assert_success
	[ "$output" = "$(cat whole.counts)" ]
	# One job per group of files.
	ls shard-*.tsv | parallel --will-cite -j 2 -n 7 'tx-count --by locality {} > part{#}.part'
	run tx-count --merge part*.part
	[ "$output" = "$(cat whole.counts)" ]
	# A table merged again, and --all-codes, and --wide after the merge.
	run bash -c 'tx-count --merge part*.part | tx-count --merge'
	[ "$output" = "$(cat whole.counts)" ]
	run tx-count --merge --all-codes shard-*.counts
	[ "$output" = "$(tx-count --all-codes --by locality corpus.tsv)" ]
	run tx-count --merge --wide --value pct shard-*.counts
	[ "$output" = "$(tx-count --wide --value pct --by locality corpus.tsv)" ]
}

@test "--merge as a Hadoop Streaming reducer: sorted rows, mappers' headers skipped" {
	make_corpus 30 > corpus.tsv
	split_by_doc corpus.tsv
	for f in shard-*.tsv; do tx-count -b locality "$f"; done | LC_ALL=C sort > sorted
	run bash -c '{ tx-count -b locality corpus.tsv | head -n 1; cat sorted; } | tx-count --merge'
	assert_success
	[ "$output" = "$(tx-count -b locality corpus.tsv)" ]
}

@test "--merge: --by must name the table's own group columns" {
	run tx-count --merge --by locality "$C/by-locality.out"
	assert_success
	assert_output "$(cat "$C/by-locality.out")"
	run --separate-stderr tx-count --merge --by role "$C/by-locality.out"
	assert_failure 2
	assert_output ''
}

@test "--merge: differing headers are an error naming both files" {
	tx-count --by locality "$C/codings.tsv" > l.counts
	tx-count --by role "$C/codings.tsv" > r.counts
	run --separate-stderr tx-count --merge l.counts r.counts
	assert_failure 1
	assert_output ''
	[ "$stderr" = "tx-count: r.counts:1: header differs from that of l.counts" ]
}

@test "--merge: a codings stream, or a table without its empty-code rows, is bad data" {
	run --separate-stderr tx-count --merge "$C/codings.tsv"
	assert_failure 1
	assert_output ''
	[[ "$stderr" == *'no column "segments": --merge reads counts tables (tx-count output)' ]]
	grep -v "$(printf '^South\t\t')" "$C/by-locality.out" > partial.counts
	run --separate-stderr tx-count --merge partial.counts
	assert_failure 1
	assert_output ''
	[[ "$stderr" == *'group "South" has no row with an empty code'* ]]
	sed 's/\t5\t2$/\tfive\t2/' "$C/by-locality.out" > bad.counts
	run --separate-stderr tx-count --merge bad.counts
	assert_failure 1
	[ "$stderr" = 'tx-count: bad.counts:2: total_segments "five" is not a count' ]
}

@test "more than one coder without coder in --by is an error; with it, coders count apart" {
	{ cat "$C/codings.tsv"; tail -n 2 "$C/codings.tsv" | sed 's/\tauto\t/\tanna\t/'; } > coders.tsv
	run --separate-stderr tx-count --by locality coders.tsv
	assert_failure 2
	assert_output ''
	[[ "$stderr" == 'tx-count: coders.tsv:16: coders "auto" and "anna" in one stream: add coder to --by, or keep one coder first'* ]]
	run tx-count --by coder,locality coders.tsv
	assert_success
	assert_line "$(printf 'anna\tSouth\tFinancial issues/GPs\t1\t1\t1\t1\t1')"
}

@test "a segments stream (no code column) is bad data, exit 1" {
	cut -f1-10,15 "$C/codings.tsv" > segments.tsv
	run --separate-stderr tx-count --by locality segments.tsv
	assert_failure 1
	assert_output ''
	[ "$stderr" = 'tx-count: segments.tsv:1: no column "code": not a codings stream (a segments stream? code it with tx-code first)' ]
}

@test "a counts table given to --cooccur (or to a plain count) is bad data" {
	run --separate-stderr tx-count --cooccur "$C/by-locality.out"
	assert_failure 1
	assert_output ''
	[[ "$stderr" == *"by-locality.out:1: a counts table (tx-count output): --cooccur needs the codings stream (tx-code output)" ]]
	run --separate-stderr tx-count "$C/by-locality.out"
	assert_failure 1
	[[ "$stderr" == *"use --merge to add counts tables up" ]]
}

@test "a --by column the input lacks is a usage error (exit 2)" {
	run --separate-stderr tx-count --by region "$C/codings.tsv"
	assert_failure 2
	assert_output ''
	[[ "$stderr" == *'codings.tsv:1: no column "region" to group by (--by)' ]]
	# one that differs only in case says so
	run --separate-stderr tx-count --by locality,Role "$C/codings.tsv"
	assert_failure 2
	assert_output ''
	[[ "$stderr" == *"codings.tsv:1: no column \"Role\" to group by (--by); columns are lower-case: did you mean 'role'?" ]]
}

@test "a ragged row, a bad escape, a bad hits count: exit 1 naming the line, nothing written" {
	{ cat "$C/codings.tsv"; printf '9Z\t1\tx\n'; } > ragged.tsv
	run --separate-stderr tx-count --by locality ragged.tsv
	assert_failure 1
	assert_output ''
	[ "$stderr" = "tx-count: ragged.tsv:16: 3 fields where the header has 15" ]
	sed '4s/hello/hel\\xlo/' "$C/codings.tsv" > escape.tsv
	run --separate-stderr tx-count escape.tsv
	assert_failure 1
	assert_output ''
	[[ "$stderr" == 'tx-count: escape.tsv:4: field 15 (text): unknown escape "\x"'* ]]
	sed '4s/\t0\t\tauto/\t-1\t\tauto/' "$C/codings.tsv" > hits.tsv
	run --separate-stderr tx-count hits.tsv
	assert_failure 1
	assert_output ''
	[ "$stderr" = 'tx-count: hits.tsv:4: hits "-1" is not a count' ]
}

@test "invalid UTF-8 and a NUL byte are bad data; a line of megabytes is counted" {
	{ cat "$C/codings.tsv"; printf '9Z\t1\tP\t\t\t3\t0\t1\tSouth\tGP\t\t0\t\tauto\tcaf\xe9\n'; } > latin1.tsv
	run --separate-stderr tx-count latin1.tsv
	assert_failure 1
	assert_output ''
	[ "$stderr" = "tx-count: latin1.tsv:16: invalid UTF-8 at byte 37 of the line" ]
	{ cat "$C/codings.tsv"; printf '9Z\t1\tP\t\t\t3\t0\t1\tSouth\tGP\t\t0\t\tauto\ta\0b\n'; } > nul.tsv
	run --separate-stderr tx-count nul.tsv
	assert_failure 1
	assert_output ''
	[[ "$stderr" == "tx-count: nul.tsv:16: NUL byte"* ]]
	{ cat "$C/codings.tsv"; printf '9Z\t1\tP\t\t\t3\t0\t1\tSouth\tGP\tTrust\t1\t\tauto\t'
	  head -c 8000000 /dev/zero | tr '\0' x; printf '\n'; } > long.tsv
	run tx-count --by locality long.tsv
	assert_success
	assert_line "$(printf 'South\tTrust\t4\t3\t5\t7\t4')"
}

@test "empty input gives nothing, exit 0; a header-only stream a header-only result" {
	run tx-count --by locality < /dev/null
	assert_success
	assert_output ''
	head -n 1 "$C/codings.tsv" > header.tsv
	run tx-count --by locality header.tsv
	assert_success
	assert_output "$(printf 'locality\tcode\tsegments\tdocs\thits\ttotal_segments\ttotal_docs')"
	run tx-count --cooccur header.tsv
	assert_output "$(printf 'code_a\tcode_b\tsegments\tdocs\tjaccard')"
	run tx-count --wide header.tsv
	assert_output "code"
	run tx-count --merge "$C/by-locality.out" /dev/null
	assert_output "$(cat "$C/by-locality.out")"
}

@test "CRLF line ends and a byte-order mark are accepted" {
	{ printf '\xef\xbb\xbf'; sed 's/$/\r/' "$C/codings.tsv"; } > crlf.tsv
	run tx-count --by locality crlf.tsv
	assert_success
	assert_output "$(cat "$C/by-locality.out")"
}

@test "several inputs are one stream; a missing file is reported, exit 1" {
	# The same rows twice: segments and documents are sets, hits add up.
	run tx-count --by locality "$C/codings.tsv" "$C/codings.tsv"
	assert_output "$(awk -F'\t' -v OFS='\t' 'NR > 1 { $5 *= 2 } 1' "$C/by-locality.out")"
	run --separate-stderr tx-count --by locality "$C/codings.tsv" nosuch.tsv
	assert_failure 1
	assert_output "$(cat "$C/by-locality.out")"
	[ "$stderr" = "tx-count: nosuch.tsv: No such file or directory" ]
}

@test "a full disk is exit 1 with a message" {
	run --separate-stderr bash -c "tx-count --by locality '$C/codings.tsv' > /dev/full"
	assert_failure 1
	[[ "$stderr" == "tx-count: write error: standard output: No space left on device" ]]
}

@test "a closed pipe (| head) ends quietly with exit 0" {
	make_corpus 20000 > big.tsv
	run --separate-stderr bash -c 'set -o pipefail; tx-count --all-codes --by doc big.tsv | head -n 1'
	assert_success
	assert_output "$(printf 'doc\tcode\tsegments\tdocs\thits\ttotal_segments\ttotal_docs')"
	[ -z "$stderr" ]
}

@test "-h and --help print usage; --version" {
	run tx-count -h
	assert_success
	assert_line --index 0 --partial "usage: tx-count"
	run tx-count --help
	assert_success
	assert_output --partial "--merge"
	run tx-count --version
	assert_output "tx-count 0.1.0"
}

@test "--max-field: a longer field is an error naming file and line, nothing written" {
	long=$BATS_TEST_TMPDIR/long.tsv
	printf 'doc\tseg\tcode\thits\ttext\nd\t1\tA\t1\tshort\nd\t2\tA\t1\t%s\n' \
		"$(printf '%040d' 0)" >"$long"
	run --separate-stderr tx-count --max-field 10 "$long"
	[ "$status" -eq 1 ]
	[ "$stderr" = "tx-count: $long:3: field longer than 10 bytes (--max-field)" ]
	[ -z "$output" ]
	run tx-count --max-field 1K "$long"
	assert_success
	assert_line --index 2 "$(printf 'A\t2\t1\t2\t2\t1')"
	run --separate-stderr tx-count --max-field 12Q "$long"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = 'tx-count: --max-field: "12Q" is not a size in bytes (a number, or with K, M or G)' ]
}

# --case (issue "Evidence that holds up"): tests/fixtures/cases/hearing.tsv
# is one hearing day a file, the turns of witnesses A, B, C interleaved;
# A is heard on both days. Counted by hand: Monday has A and B (A carries
# X twice, once as X/y), Tuesday B, C and A (B and A carry X).

@test "--case speaker: witnesses counted, and the table says so (cases, total_cases, case)" {
	run tx-count --by day --case speaker "$FIX/cases/hearing.tsv"
	assert_success
	assert_output "$(printf '%s\n' \
		"day	code	segments	cases	hits	total_segments	total_cases	case" \
		"mon		1	1	0	3	2	speaker" \
		"mon	X	2	1	3	3	2	speaker" \
		"mon	X/y	1	1	2	3	2	speaker" \
		"tue		1	1	0	3	3	speaker" \
		"tue	X	2	2	2	3	3	speaker")"
}

@test "--case doc is the default table, byte for byte" {
	run tx-count --by day --case doc "$FIX/cases/hearing.tsv"
	assert_success
	assert_output "$(tx-count --by day "$FIX/cases/hearing.tsv")"
}

@test "--case speaker --cooccur: cases in place of docs, case last" {
	run tx-count --case speaker --cooccur "$FIX/cases/pairs.tsv"
	assert_success
	assert_output "$(printf '%s\n' \
		"code_a	code_b	segments	cases	jaccard	case" \
		"X	Z	3	2	1	speaker")"
}

@test "--case speaker --wide: the cells are cases" {
	run tx-count --by day --case speaker --wide "$FIX/cases/hearing.tsv"
	assert_success
	assert_output "$(printf '%s\n' "code	mon	tue" "	1	1" "X	1	2" "X/y	1	0")"
}

@test "--merge of case tables from shards split by case equals counting the whole" {
	awk -F'\t' 'NR == 1 || $3 == "A"' "$FIX/cases/hearing.tsv" > a.tsv
	awk -F'\t' 'NR == 1 || $3 != "A"' "$FIX/cases/hearing.tsv" > bc.tsv
	tx-count --by day --case speaker a.tsv > a.counts
	tx-count --by day --case speaker bc.tsv > bc.counts
	run tx-count --merge a.counts bc.counts
	assert_success
	assert_output "$(tx-count --by day --case speaker "$FIX/cases/hearing.tsv")"
}

@test "--merge refuses tables of two units" {
	tx-count --by day --case speaker "$FIX/cases/hearing.tsv" > speaker.counts
	sed 's/speaker$/witness/' speaker.counts > witness.counts
	run --separate-stderr tx-count --merge speaker.counts witness.counts
	assert_failure 2
	[ "$stderr" = "tx-count: witness.counts:2: counts of speaker and of witness: counts of two units (--case) neither add up nor compare; count both by one" ]
	run --separate-stderr tx-count --merge --case doc speaker.counts
	assert_failure 2
	[ "$stderr" = "tx-count: speaker.counts:2: counts of doc and of speaker: counts of two units (--case) neither add up nor compare; count both by one" ]
	tx-count --by day "$FIX/cases/hearing.tsv" > doc.counts
	run --separate-stderr tx-count --merge doc.counts speaker.counts
	assert_failure 1
	[ "$stderr" = "tx-count: speaker.counts:1: header differs from that of doc.counts" ]
}

@test "--case: a column the input lacks, or code, or a --by named case, is exit 2" {
	run --separate-stderr tx-count --case witness "$FIX/cases/hearing.tsv"
	assert_failure 2
	[ "$stderr" = "tx-count: $FIX/cases/hearing.tsv:1: no column \"witness\" to count as the cases (--case)" ]
	run --separate-stderr tx-count --case code "$FIX/cases/hearing.tsv"
	assert_failure 2
	[ "${stderr_lines[0]}" = "tx-count: --case code: the cases are the values of a column such as doc or speaker" ]
	run --separate-stderr tx-count --by case --case speaker "$FIX/cases/hearing.tsv"
	assert_failure 2
	[ "${stderr_lines[0]}" = "tx-count: --by case: with --case the output has a column of that name" ]
}

# --cases FILE (issue "Evidence that holds up", denominators):
# tests/fixtures/cases/days.csv lists the days d1 (mon), d2 and d3 (tue)
# and d4 (wed); the codings (hearing.tsv) have only d1 and d2. By hand:
# tue has 2 days, d3 with no segment (so with no coded one); wed has one
# day and no segment. witnesses.csv lists the witnesses of nations.tsv
# (Ann, Bob in Wales; Cat, Dan in Scotland) and Eve, in Scotland, who has
# no turn: Scotland's 3 witnesses, 2 of them (Cat, Eve) with no code.

@test "--cases: a day with no segment counts in its group's total; a group the sheet alone has gets its row, with a warning" {
	run --separate-stderr tx-count --by day --cases "$FIX/cases/days.csv" "$FIX/cases/hearing.tsv"
	assert_success
	assert_equal "$stderr" "tx-count: $FIX/cases/days.csv: group \"wed\" has no segment in the codings: its 1 cases count, with no code (if they are not of this corpus, leave their rows out of the sheet)"
	assert_output "$(printf '%s\n' \
		"day	code	segments	docs	hits	total_segments	total_docs" \
		"mon		1	0	0	3	1" \
		"mon	X	2	1	3	3	1" \
		"mon	X/y	1	1	2	3	1" \
		"tue		1	1	0	3	2" \
		"tue	X	2	1	2	3	2" \
		"wed		0	1	0	0	1")"
}

@test "--case speaker --cases: a witness with no turn counts among the cases" {
	run tx-count --by nation --case speaker --cases "$FIX/cases/witnesses.csv" "$FIX/cases/nations.tsv"
	assert_success
	assert_output "$(printf '%s\n' \
		"nation	code	segments	cases	hits	total_segments	total_cases	case" \
		"Scotland		1	2	0	2	3	speaker" \
		"Scotland	X	1	1	2	2	3	speaker" \
		"Wales		1	1	0	3	2	speaker" \
		"Wales	X	2	1	2	3	2	speaker" \
		"Wales	X/y	1	1	1	3	2	speaker")"
}

@test "--cases: a sheet listing exactly the data's cases changes nothing" {
	printf 'doc,day\nd1,mon\nd2,tue\n' > same.csv
	run tx-count --by day --cases same.csv "$FIX/cases/hearing.tsv"
	assert_success
	assert_output "$(tx-count --by day "$FIX/cases/hearing.tsv")"
}

# A --cases error of tx-count --by nation --case speaker on nations.tsv.
bad_sheet() {
	fails_with "$1" "$3" tx-count --by nation --case speaker --cases "$2" "$FIX/cases/nations.tsv"
}

@test "--cases: a sheet without the case or a --by column is exit 2, nothing written" {
	printf 'speaker\nAnn\n' > nonation.csv
	bad_sheet 2 nonation.csv 'nonation.csv:1: no column "nation" (a --by column): a sheet of cases (--cases) has the case column and every --by column'
	fails_with 2 "$FIX/cases/witnesses.csv:1: no column \"doc\" (the cases, --case): a sheet of cases (--cases) has the case column and every --by column" \
		tx-count --by nation --cases "$FIX/cases/witnesses.csv" "$FIX/cases/nations.tsv"
}

@test "--cases: a case twice, or an empty case, is exit 2 naming the lines" {
	printf 'speaker,nation\nAnn,Wales\nBob,Wales\nAnn,Scotland\n' > twice.csv
	bad_sheet 2 twice.csv 'twice.csv:4: speaker "Ann" again (first on line 2): one row per case'
	printf 'speaker,nation\nAnn,Wales\n,Wales\n' > empty.csv
	bad_sheet 2 empty.csv 'empty.csv:3: speaker is empty: every row is a case'
}

@test "--cases: a case of the codings the sheet lacks is exit 1, nothing written" {
	grep -v '^Dan' "$FIX/cases/witnesses.csv" > nodan.csv
	bad_sheet 1 nodan.csv 'nodan.csv: speaker "Dan" of the codings is not in the sheet: --cases lists every case, one row each'
}

@test "--cases: a case the codings have in another group is exit 1, naming both" {
	sed 's/^Ann,Wales/Ann,Scotland/' "$FIX/cases/witnesses.csv" > moved.csv
	bad_sheet 1 moved.csv 'moved.csv:2: speaker "Ann" is in group "Wales" in the codings, "Scotland" here: one row per case, its groups as the codings have them'
	# a case in two groups of the codings (A speaks on mon and tue) cannot be listed
	printf 'speaker,day\nA,mon\nB,mon\nC,tue\n' > abc.csv
	fails_with 1 'abc.csv:2: speaker "A" is in group "tue" in the codings, "mon" here: one row per case, its groups as the codings have them' \
		tx-count --by day --case speaker --cases abc.csv "$FIX/cases/hearing.tsv"
}

@test "--cases: a document the sheet puts in another group is exit 1, grouped codings too (counted with each group's cases kept)" {
	# hearing.tsv is grouped as tx-code writes codings, so it would be
	# counted in memory that keeps no group's documents: --cases keeps them
	sed 's/^d1,mon/d1,tue/' "$FIX/cases/days.csv" > moved.csv
	fails_with 1 'moved.csv:2: doc "d1" is in group "mon" in the codings, "tue" here: one row per case, its groups as the codings have them' \
		tx-count --by day --cases moved.csv "$FIX/cases/hearing.tsv"
}

@test "--cases: a document in two groups is found in grouped codings, and in codings counted again as not grouped" {
	printf 'doc,day\nd1,mon\nd2,tue\n' > both.csv
	# d2's second segment is on mon: still grouped
	{ cat "$FIX/cases/hearing.tsv"; printf 'd2\t2\tA\tmon\tX\t1\n'; } > two.tsv
	fails_with 1 'both.csv:3: doc "d2" is in group "mon" in the codings, "tue" here: one row per case, its groups as the codings have them' \
		tx-count --by day --cases both.csv two.tsv
	# d1 comes back after d2, on tue: not grouped, so counted again
	{ cat "$FIX/cases/hearing.tsv"; printf 'd1\t4\tA\ttue\tX\t1\n'; } > back.tsv
	fails_with 1 'both.csv:2: doc "d1" is in group "tue" in the codings, "mon" here: one row per case, its groups as the codings have them' \
		tx-count --by day --cases both.csv back.tsv
	{ cat "$FIX/cases/hearing.tsv"; printf 'd1\t4\tA\tmon\tX\t1\n'; } > late.tsv
	run tx-count --by day --cases both.csv late.tsv
	assert_success
	assert_output "$(tx-count --by day late.tsv)"
}

@test "--cases: not with --merge or --cooccur (exit 2); a missing sheet is exit 2" {
	run --separate-stderr tx-count --merge --cases "$FIX/cases/days.csv" /dev/null
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "tx-count: --cases applies when counting codings, not to --merge (give it to the tx-count that counts the whole corpus)"
	run --separate-stderr tx-count --cooccur --cases "$FIX/cases/days.csv" /dev/null
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "tx-count: --cases applies when counting codings, not to --cooccur"
	run --separate-stderr tx-count --by day --cases absent.csv "$FIX/cases/hearing.tsv"
	assert_failure 2
	assert_equal "$output" ""
	assert_regex "$stderr" '^tx-count: absent.csv: '
}

# Grouped or not: tx-code writes a document's rows together, its segments
# in increasing number; such a stream is counted in memory that does not
# grow with segments, any other order as before (issue 21). Same bytes.

@test "grouped codings and the same rows out of order count the same bytes" {
	make_corpus 300 > grouped.tsv
	{ head -n 1 grouped.tsv; tail -n +2 grouped.tsv | tac; } > reversed.tsv
	# Grouped, but for the first document coming back at the very end.
	{ cat grouped.tsv; printf 'd1\t7\tW\tTrust\t2\tauto\tback\n'; } > late.tsv
	{ head -n 1 late.tsv; tail -n 1 late.tsv; tail -n +2 grouped.tsv; } > early.tsv
	for o in "--by locality" "" "--by locality --wide --value segments" "--by locality --all-codes" "--no-rollup --by locality"; do
		# shellcheck disable=SC2086
		tx-count $o grouped.tsv > grouped.out
		# shellcheck disable=SC2086
		run tx-count $o reversed.tsv
		assert_success
		assert_output "$(cat grouped.out)"
		# shellcheck disable=SC2086
		tx-count $o late.tsv > late.out
		# shellcheck disable=SC2086
		run tx-count $o early.tsv
		assert_success
		assert_output "$(cat late.out)"
	done
	run diff -q grouped.out late.out
	assert_failure 1
}

@test "--verbose says when codings are not grouped, and why memory follows segments" {
	make_corpus 20 > grouped.tsv
	{ cat grouped.tsv; printf 'd1\t7\tW\tTrust\t2\tauto\tback\n'; } > late.tsv
	n=$(wc -l < late.tsv)
	run --separate-stderr tx-count --verbose --by locality grouped.tsv
	assert_success
	assert_equal "$stderr" ''
	run --separate-stderr tx-count --verbose --by locality late.tsv
	assert_success
	assert_equal "$stderr" "tx-count: late.tsv:$n: note: the codings are not grouped by document and segment (as tx-code writes them): counting with memory per segment from here"
	run --separate-stderr tx-count --verbose --cooccur grouped.tsv
	assert_success
	assert_equal "$stderr" "tx-count: grouped.tsv:1: note: counting with memory per segment (--cooccur)"
	run --separate-stderr tx-count --by locality late.tsv
	assert_equal "$stderr" ''
}

@test "a grouped stream whose temporary file cannot be written is still counted" {
	make_corpus 50 > grouped.tsv
	tx-count --by locality grouped.tsv > want.out
	run --separate-stderr env TMPDIR="$BATS_TEST_TMPDIR/none" tx-count --verbose --by locality grouped.tsv
	assert_success
	assert_output "$(cat want.out)"
	assert_equal "$stderr" "tx-count: grouped.tsv:1: note: counting with memory per segment (no temporary file)"
}

# The peak resident memory of a command, in KiB (/usr/bin/time).
peak_kib() {
	/usr/bin/time -f %M -o rss.txt "$@" > /dev/null || return
	tail -n 1 rss.txt
}

need_time() {
	[ -x /usr/bin/time ] || skip "/usr/bin/time is missing (apt-get install time)"
}

@test "memory: a million grouped segments are counted in under 24 MiB" {
	need_time
	# 100 documents of 10,000 segments: counted as before, 50 MiB.
	awk 'BEGIN { OFS = "\t"; print "doc", "seg", "g", "code", "hits"
	    for (d = 1; d <= 100; d++) for (s = 1; s <= 10000; s++)
	        print "d" d, s, d % 2, (s % 3 ? "T/c" s % 5 : ""), s % 3 ? 1 : 0 }' > many.tsv
	run peak_kib tx-count --by g many.tsv
	assert_success
	[ "$output" -lt 24576 ] || fail "tx-count took $output KiB"
}

@test "memory: --cases counts a million grouped segments in under 24 MiB" {
	need_time
	# as above, with a sheet of the 100 documents: kept per segment, 50 MiB
	awk 'BEGIN { OFS = "\t"; print "doc", "seg", "g", "code", "hits"
	    for (d = 1; d <= 100; d++) for (s = 1; s <= 10000; s++)
	        print "d" d, s, d % 2, (s % 3 ? "T/c" s % 5 : ""), s % 3 ? 1 : 0 }' > many.tsv
	awk 'BEGIN { print "doc,g"; for (d = 1; d <= 100; d++) print "d" d "," d % 2 }' > sheet.csv
	run peak_kib tx-count --by g --cases sheet.csv many.tsv
	assert_success
	[ "$output" -lt 24576 ] || fail "tx-count took $output KiB"
	run --separate-stderr tx-count --verbose --by g --cases sheet.csv many.tsv
	assert_success
	assert_equal "$stderr" ''
	assert_output "$(tx-count --by g many.tsv)"
}

@test "memory: segment numbers do not size memory (tx-count, tx-compare, tx-report)" {
	need_time
	# 300 documents, each a segment numbered 1000000 (then, out of order,
	# one numbered 999999): an array per document as long as its largest
	# number took 1.2 GB in each tool (issue 22, item 13).
	awk 'BEGIN { OFS = "\t"; print "doc", "seg", "g", "code", "hits", "match", "coder", "text"
	    for (i = 1; i <= 300; i++) print "d" i, 1000000, i % 2 ? "a" : "b", "A/x", 1, "x", "auto", "x x" }' > big.tsv
	cp big.tsv out-of-order.tsv
	awk 'BEGIN { OFS = "\t"; for (i = 1; i <= 300; i++) print "d" i, 999999, "a", "A/y", 1, "y", "auto", "y" }' >> out-of-order.tsv
	for f in big.tsv out-of-order.tsv; do
		for tool in tx-count tx-compare tx-report; do
			run peak_kib "$tool" --by g "$f"
			assert_success
			[ "$output" -lt 65536 ] || fail "$tool $f took $output KiB"
		done
	done
	run tx-count --by g out-of-order.tsv
	assert_output "$(printf '%s\n' 'g	code	segments	docs	hits	total_segments	total_docs' \
		'a		0	0	0	450	300' 'a	A	450	300	450	450	300' \
		'a	A/x	150	150	150	450	300' 'a	A/y	300	300	300	450	300' \
		'b		0	0	0	150	150' 'b	A	150	150	150	150	150' \
		'b	A/x	150	150	150	150	150')"
}

@test "a segment numbered past its document's others is one segment, however it comes back" {
	# seg 100 first (kept apart from the short array of d's segments),
	# then 1 to 120 (the array grows past 100), then 100 again.
	awk 'BEGIN { OFS = "\t"; print "doc", "seg", "code", "hits"; print "d", 100, "A", 1
	    for (s = 1; s <= 120; s++) print "d", s, "", 0; print "d", 100, "B", 2 }' > back.tsv
	run tx-count back.tsv
	assert_success
	assert_output "$(printf '%s\n' 'code	segments	docs	hits	total_segments	total_docs' \
		'	119	0	0	120	1' 'A	1	1	1	120	1' 'B	1	1	2	120	1')"
}
