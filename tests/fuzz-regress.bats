#!/usr/bin/env bats
# Every input that fuzzing (make fuzz) found a bug with, kept in
# tests/fuzz/regress/TARGET-NAME exactly as the fuzz target took it, and
# replayed here through the real tool with the exit status and output it
# must give. When the fuzz targets have been built ($TX_BUILD/fuzz/, by
# make fuzz), every kept input is also replayed through its target, under
# ASan and UBSan; otherwise that test skips, saying so.

load helper

R=$BATS_TEST_DIRNAME/fuzz/regress

# The input less the fuzz target's first byte (the byte that picks options).
strip() {
	tail -c +2 "$R/$1" >"$BATS_TEST_TMPDIR/$1"
	echo "$BATS_TEST_TMPDIR/$1"
}

@test "fuzz count-null-cells: a stream with no coded cell counts (UB: NULL + 0 in counts_group_cells)" {
	# fuzz_count, first byte 0x01: --by grp. The only segment carries no
	# code, so there are no cells at all.
	in=$(strip count-null-cells)
	run --separate-stderr tx-count --by grp "$in"
	assert_success
	[ "$output" = "$(printf 'grp\tcode\tsegments\tdocs\thits\ttotal_segments\ttotal_docs\nA\t\t1\t1\t0\t1\t1')" ]
	run --separate-stderr tx-count --by grp --all-codes --wide "$in"
	assert_success
	run --separate-stderr tx-compare --by grp "$in"
	[ "$status" -eq 2 ]
	[ "$stderr" = "tx-compare: only 1 group of grp: a comparison needs two or more" ]
}

@test "fuzz count-totals-exceeded: a counts table whose rows exceed the group's totals is exit 1" {
	# fuzz_count, first byte 0: a counts table, merged. North's empty-code
	# row says 2 segments of total_segments "" (0); the comparison took
	# it as it came and gave percentages of nothing, exit 0.
	in=$(strip count-totals-exceeded)
	run --separate-stderr tx-count --merge "$in"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "tx-count: $in: the empty code has 2 segments in 0 docs, more than its group's total_segments 0 or total_docs 52: the counts do not add up" ]
	run --separate-stderr tx-compare --by locality "$in"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	# A code row above its group's totals is caught too.
	sed 's/^North\tTrust\t1\t1\t1/North\tTrust\t9\t1\t1/' \
		"$FIX/count/by-locality.out" >"$BATS_TEST_TMPDIR/over.tsv"
	run --separate-stderr tx-count --merge "$BATS_TEST_TMPDIR/over.tsv"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *'code "Trust" has 9 segments in 1 docs, more than its group'"'"'s total_segments 5 or total_docs 2'* ]]
}

@test "fuzz attrs-header-only: an attribute sheet with a header and no row (UB: qsort and bsearch of NULL)" {
	# fuzz_attrs, first byte 0x01: a .tsv sheet, a header alone. No
	# document has a row, so --attrs is an error unless --attrs-missing
	# empty, which leaves the sheet's column empty.
	in=$(strip attrs-header-only)
	run --separate-stderr tx-segment --attrs "$in" "$FIX/segment/interview.txt"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "tx-segment: $in: no row for doc \"interview\" ($FIX/segment/interview.txt); --attrs-missing empty leaves its columns empty" ]
	run --separate-stderr tx-segment --attrs "$in" --attrs-missing empty "$FIX/segment/interview.txt"
	assert_success
	[ "${lines[0]}" = "$(printf 'doc\tseg\tspeaker\ttime\tsection\tline\tstart\tend\tlocaliity_rth\ttext')" ]
	[ "$(printf '%s\n' "${lines[@]:1}" | cut -f9 | sort -u)" = "" ]
}

@test "fuzz attrs-speaker-doc-twice: a sheet keyed by doc and speaker joins each turn to its own row" {
	# fuzz_attrs, first byte 0x02: a sniffed sheet with doc and Speaker
	# columns, doc "interviewc" twice. The join of a document finds one of
	# its rows, and each turn then its speaker's (the target's check was
	# for a sheet keyed by doc alone).
	in=$(strip attrs-speaker-doc-twice)
	printf 'Speakeres: hello there.\nSpeake: and you.\n' > interviewc.txt
	run --separate-stderr tx-segment --attrs "$in" interviewc.txt
	assert_success
	assert_output "$(printf '%s\n' \
		"doc	seg	speaker	time	section	line	start	end	text" \
		"interviewc	1	Speakeres			1	11	23	hello there." \
		"interviewc	2	Speake			2	32	40	and you.")"
}

@test "fuzz saturation-no-codes: a stream with documents and no code (UB: qsort of NULL)" {
	# fuzz_saturation, first byte 0x12: --depth 1, 3 permutations of seed
	# 18. One document, whose one segment carries no code: no pair to sort.
	in=$(strip saturation-no-codes)
	run --separate-stderr tx-saturation --depth 1 --permutations 3 --seed 18 "$in"
	assert_success
	assert_output "$(printf 'position\tcumulative\tmean\tlower\tupper\n1\t0\t0\t0\t0')"
	run --separate-stderr tx-saturation --summary "$in"
	assert_success
	assert_line -n 1 "$(printf '1\t0\t4\t\t2\t5\t\t\t\t\t')"
}

@test "fuzz refi-sourceref-no-guid: a case's SourceRef without targetGUID (UB: strcmp of NULL in --attrs)" {
	# fuzz_refi: the XML put in an archive as project.qde beside a
	# source. Its SourceRef's attribute is misspelt, so the case names
	# no source: --attrs gives the source no case.
	python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[2], "w") as z:
    z.writestr("project.qde", open(sys.argv[1], "rb").read())
    z.writestr("sources/a.txt", "Hello\r\nCaf\u00e9 trust here\r\n")' "$R/refi-sourceref-no-guid" p.qdpx
	run --separate-stderr tx-refi --from qdpx --attrs p.qdpx
	assert_success
	assert_equal "${lines[0]}" 'doc,case,Place'
	assert_equal "${lines[1]}" 'three,,'
	assert_equal "${stderr_lines[0]}" 'tx-refi: p.qdpx: project.qde: bad-guid (5 times, first): user guid "{1111;111-1111-4111-8111-111111111111}": not a GUID (the schema wants 8-4-4-4-12 hex digits)'
}

@test "fuzz code-total-budget: a segment past the total match budget is a limit, reported and counted as not matched (exit 1)" {
	# fuzz_code (no option byte: the whole input is one text), with the
	# target's codebook (tests/fixtures/fuzz/code-book.csv) and limits:
	# the Nested code's (\w+\s?)+! passes ten times its match limit over
	# the text. The target took the budget's error for an unknown one.
	text=$(cat "$R/code-total-budget")     # two C0 controls: TSV keeps them
	printf 'doc\tseg\ttext\nd\t1\t%s\n' "$text" > seg.tsv
	run --separate-stderr tx-code --no-cache --match-limit 100000 --depth-limit 100000 "$FIX/fuzz/code-book.csv" seg.tsv
	assert_failure 1
	assert_output "$(printf 'doc\tseg\tcode\thits\tmatch\tcoder\ttext\nd\t1\t\t0\t\tauto\t%s' "$text")"
	assert_equal "$stderr" "tx-code: seg.tsv:2: doc \"d\" seg \"1\" code \"Nested\": total match limit exceeded (10 times --match-limit over the segment) (pattern at $FIX/fuzz/code-book.csv:11): counted as not matched"
}

@test "fuzz: every kept input replayed through its fuzz target (ASan, UBSan)" {
	[ -d "$TX_BUILD/fuzz" ] || skip "fuzz targets not built (make fuzz BUILD=$TX_BUILD)"
	for f in "$R"/*; do
		name=${f##*/}
		target=
		for t in "$TX_BUILD"/fuzz/fuzz_*; do
			case $name in "${t##*/fuzz_}"-*) target=$t;; esac
		done
		[ -n "$target" ] || fail "no fuzz target for $name"
		ASAN_OPTIONS=detect_leaks=0 run "$target" "$f"
		[ "$status" -eq 0 ] || fail "$name: $output"
	done
}
