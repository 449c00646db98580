#!/usr/bin/env bats
# tx-kwic: every match in context, with its source offsets (man/tx-kwic.1).
# Fixtures: tests/fixtures/kwic (a.txt has CRLF line ends).

load helper

K=$BATS_TEST_DIRNAME/fixtures/kwic

setup() {
	cd "$BATS_TEST_TMPDIR"
	tx-segment "$K/a.txt" "$K/b.txt" > seg.tsv 2>/dev/null
}

@test "tx-kwic -e: every match, not only the first, with 5 words each side" {
	run --separate-stderr tx-kwic -e trust seg.tsv
	assert_success
	assert_output "$(printf '%s\n' \
	    $'doc\tseg\tspeaker\ttime\tsection\tline\tpattern\tstart\tend\tleft\tmatch\tright' \
	    $'a\t1\tAnn\t\t\t1\ttrust\t7\t12\tI\ttrust\tthe GP, I really trust' \
	    $'a\t1\tAnn\t\t\t1\ttrust\t30\t35\ttrust the GP, I really\ttrust\ther.' \
	    $'a\t2\tBob\t\t\t2\ttrust\t50\t55\tNo\ttrust\tat all in the system.' \
	    $'b\t1\tCat\t\t\t1\ttrust\t8\t13\tDis\ttrust\tof doctors is common.')"
}

@test "tx-kwic: start and end give the match back from a CRLF source with tail and head" {
	tx-kwic -e 'trust|system' seg.tsv | awk -F'\t' 'NR > 1 { print $1, $8, $9 }' > spans
	while read -r doc start end; do
		tail -c +$((start + 1)) "$K/$doc.txt" | head -c $((end - start))
		echo
	done < spans > back
	assert_equal "$(cat back)" "$(printf 'trust\ntrust\ntrust\nsystem\ntrust')"
}

@test "tx-kwic: offsets are empty where the text is not the source's bytes" {
	printf 'doc\tseg\tstart\tend\ttext\nx\t1\t0\t99\tsome trust\n' > odd.tsv
	run --separate-stderr tx-kwic -e trust odd.tsv
	assert_output "$(printf 'doc\tseg\tpattern\tstart\tend\tleft\tmatch\tright\nx\t1\ttrust\t\t\tsome\ttrust\t')"
}

@test "tx-kwic --words 1 and --chars 3" {
	run tx-kwic -w 1 -e doctor seg.tsv
	assert_line --index 1 $'b\t1\tCat\t\t\t1\tdoctor\t17\t23\tof\tdoctor\ts'
	run tx-kwic --chars 3 --regexp doctor seg.tsv
	assert_line --index 1 $'b\t1\tCat\t\t\t1\tdoctor\t17\t23\tof\tdoctor\ts i'
}

@test "tx-kwic --sort left: by the word nearest the match, then the next" {
	run --separate-stderr tx-kwic -s left -e trust seg.tsv
	assert_success
	assert_equal "$(cut -f10 <<< "$output" | tail -n +2 | paste -sd'|')" "Dis|I|No|trust the GP, I really"
}

@test "tx-kwic --sort right, match and doc" {
	run tx-kwic --sort right -e trust seg.tsv
	assert_equal "$(cut -f12 <<< "$output" | tail -n +2 | paste -sd'|')" "at all in the system.|her.|of doctors is common.|the GP, I really trust"
	run tx-kwic --sort match -e 'trust|doctor' seg.tsv
	assert_equal "$(cut -f11 <<< "$output" | tail -n +2 | paste -sd'|')" "doctor|trust|trust|trust|trust"
	run tx-kwic --sort doc -e 'trust|doctor' seg.tsv
	assert_equal "$(cut -f1,2,8 <<< "$output" | tail -n +2 | paste -sd'|')" "$(printf 'a\t1\t7|a\t1\t30|a\t2\t50|b\t1\t8|b\t1\t17')"
}

@test "tx-kwic --code: the patterns of the code and below it, and the exclude that vetoed one" {
	run --separate-stderr tx-kwic -w 2 -c "$K/codebook.csv" --code Trust seg.tsv
	assert_success
	assert_output "$(printf '%s\n' \
	    $'doc\tseg\tspeaker\ttime\tsection\tline\tcode\tpattern\tvetoed_by\tstart\tend\tleft\tmatch\tright' \
	    $'a\t1\tAnn\t\t\t1\tTrust\t\\\\btrust\\\\w*\t\t7\t12\tI\ttrust\tthe GP,' \
	    $'a\t1\tAnn\t\t\t1\tTrust\t\\\\btrust\\\\w*\t\t30\t35\tI really\ttrust\ther.' \
	    $'a\t2\tBob\t\t\t2\tTrust\t\\\\btrust\\\\w*\t\\\\bno trust\t50\t55\tNo\ttrust\tat all' \
	    $'b\t1\tCat\t\t\t1\tTrust/Doctors\tdoctor\t\t17\t23\tDistrust of\tdoctor\ts is')"
}

@test "tx-kwic --code on human codings: coded_by, and a row for a coded segment no pattern finds" {
	run --separate-stderr tx-kwic --codebook "$K/codebook.csv" --code Trust "$K/human.tsv"
	assert_success
	assert_output "$(printf '%s\n' \
	    $'doc\tseg\tspeaker\tcoded_by\tcode\tpattern\tvetoed_by\tstart\tend\tleft\tmatch\tright' \
	    $'a\t1\tAnn\t\tTrust\t\\\\btrust\\\\w*\t\t7\t12\tI\ttrust\tthe GP, I really trust' \
	    $'a\t1\tAnn\t\tTrust\t\\\\btrust\\\\w*\t\t30\t35\ttrust the GP, I really\ttrust\ther.' \
	    $'b\t1\tCat\tteam,ana\tTrust/Doctors\tdoctor\t\t17\t23\tDistrust of\tdoctor\ts is common.' \
	    $'b\t2\tCat\tana\t\t\t\t\t\t\t\t')"
}

@test "tx-kwic: an unknown code, a code without patterns: exit 2 naming the codebook" {
	run --separate-stderr tx-kwic -c "$K/codebook.csv" --code Nope seg.tsv
	assert_equal "$status" 2
	assert_equal "$output" ''
	assert_equal "$stderr" "tx-kwic: $K/codebook.csv: no code \"Nope\" (tx-code -l $K/codebook.csv lists the codes)"
	run --separate-stderr tx-kwic -c "$K/codebook.csv" --code Cost seg.tsv
	assert_equal "$status" 2
	assert_equal "$stderr" "tx-kwic: $K/codebook.csv: code \"Cost\" has no pattern, nor has any code below it"
}

@test "tx-kwic: a codebook that does not load: exit 2, nothing written" {
	printf 'code,pattern\nA,(\n' > bad.csv
	run --separate-stderr tx-kwic -c bad.csv --code A seg.tsv
	assert_equal "$status" 2
	assert_equal "$output" ''
	assert_equal "$stderr" 'tx-kwic: bad.csv:2: code "A": missing closing parenthesis at offset 1'
}

@test "tx-kwic -e: a bad regex, one that matches empty: exit 2" {
	run --separate-stderr tx-kwic -e '(' seg.tsv
	assert_equal "$status" 2
	assert_equal "$stderr" 'tx-kwic: -e "(": missing closing parenthesis at offset 1'
	run --separate-stderr tx-kwic -e 'a*' seg.tsv
	assert_equal "$status" 2
	assert_equal "$stderr" 'tx-kwic: -e "a*": can match the empty string'
}

@test "tx-kwic: a ragged stream is exit 1 naming file and line; no text column is exit 1" {
	printf 'doc\tseg\ttext\na\t1\n' > ragged.tsv
	run --separate-stderr tx-kwic -e x ragged.tsv
	assert_equal "$status" 1
	assert_equal "$stderr" 'tx-kwic: ragged.tsv:2: 2 fields where the header has 3'
	printf 'doc\tseg\n' > notext.tsv
	run --separate-stderr tx-kwic -e x notext.tsv
	assert_equal "$status" 1
	assert_equal "$output" ''
	assert_equal "$stderr" 'tx-kwic: notext.tsv:1: no column "text": tx-kwic reads segments or codings with their text'
}

@test "tx-kwic: empty input gives nothing; a header gives the header" {
	run --separate-stderr tx-kwic -e x < /dev/null
	assert_success
	assert_output ''
	printf 'doc\ttext\n' | tx-kwic -e x > out
	assert_equal "$(cat out)" "$(printf 'doc\tpattern\tstart\tend\tleft\tmatch\tright')"
}

@test "tx-kwic --max-field: a longer field is exit 1" {
	run --separate-stderr tx-kwic --max-field 4 -e trust seg.tsv
	assert_equal "$status" 1
}

@test "tx-kwic: options that do not go together are usage errors" {
	run --separate-stderr tx-kwic -e x --chars 3 --words 2 seg.tsv
	assert_equal "$status" 2
	assert_equal "$status" 2
	assert_equal "${stderr_lines[0]}" 'tx-kwic: --words and --chars: give one'
	run --separate-stderr tx-kwic --code A seg.tsv
	assert_equal "${stderr_lines[0]}" 'tx-kwic: --code and --codebook go together'
	run --separate-stderr tx-kwic seg.tsv
	assert_equal "${stderr_lines[0]}" 'tx-kwic: nothing to look for: give -e regex, or --code path with --codebook file'
}

@test "tx-kwic: -h and --help print usage; --version" {
	run tx-kwic -h
	assert_success
	assert_line --index 0 --partial "usage: tx-kwic"
	run tx-kwic --help
	assert_success
	assert_output --partial "--max-field"
	run tx-kwic --version
	assert_output "tx-kwic 0.1.0"
}

@test "tx-kwic --code: a codings stream without coder is exit 1" {
	cut -f1-8,10 "$K/human.tsv" > nocoder.tsv
	run --separate-stderr tx-kwic -c "$K/codebook.csv" --code Trust nocoder.tsv
	assert_equal "$status" 1
	assert_equal "$output" ''
	assert_equal "$stderr" 'tx-kwic: nocoder.tsv:1: no column "coder": a codings stream names its coder'
}
