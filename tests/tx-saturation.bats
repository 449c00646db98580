#!/usr/bin/env bats
# tx-saturation: codes per document in interview order, and the saturation
# assessment of Guest, Namey and Chen (2020), "A simple method to assess
# and report thematic saturation in qualitative research", PLOS ONE 15(5):
# e0232076: a base of b documents, runs of k documents after it, each
# run's new codes as a percentage of the base's codes; saturation at the
# documents before the first run at or under the threshold, written n+k
# (6+2: saturation at 6, a run of 2 confirming it). The denominator is the
# base's count throughout (the paper: new themes in the run divided by the
# themes of the base set, 7/37 = 19% in its example).
#
# codings.tsv: 10 interviews I01..I10, written out of order (I03 I01 I10
# I02 I05 I04 I07 I09 I06 I08) with their number in the column interview;
# each has a row with no code. The codes each carries (Access/a..e,
# Cost/f..j, Staff/k..n; I08 carries a twice), and, in interview order,
# the new ones and the cumulative count, worked by hand:
#
#   I01 a b c d   new a b c d   4     I06 b l   new l   12
#   I02 a b e f   new e f       6     I07 c m   new m   13
#   I03 c g h     new g h       8     I08 a b a new -   13
#   I04 a i j     new i j      10     I09 d     new -   13
#   I05 a k       new k        11     I10 e n   new n   14
#
# Base 4: base_codes = 10 (I01..I04). Runs of 2, new codes / 10:
#   5-6: 1+1 = 2, 20.0%   6-7: 1+1 = 2, 20.0%   7-8: 1+0 = 1, 10.0%
#   8-9: 0+0 = 0, 0.0%    9-10: 0+1 = 1, 10.0%
# Threshold 5%: the first run at or under it is 8-9, saturation at 7.
# Threshold 10%: 7-8, saturation at 6. Runs of 3: 5-7 30%, 6-8 20%,
# 7-9 10%, 8-10 10%: none at 5%.
# Themes (--depth 1): I01 Access; I02 +Cost; I03, I04 nothing new
# (base_codes 2); I05 +Staff; nothing after: run 5-6 1/2 = 50.0%, 6-7 0%,
# saturation at 5.

load helper

F=$FIX/saturation/codings.tsv

@test "tx-saturation: the table in interview order, worked by hand" {
	run tx-saturation --order interview "$F"
	assert_success
	assert_output "$(printf '%s\n' \
		'position	doc	codes	new	cumulative	run_new	run_pct' \
		'1	I01	4	4	4		' \
		'2	I02	4	2	6		' \
		'3	I03	3	2	8		' \
		'4	I04	3	2	10		' \
		'5	I05	2	1	11		' \
		'6	I06	2	1	12	2	20.0' \
		'7	I07	2	1	13	2	20.0' \
		'8	I08	2	0	13	1	10.0' \
		'9	I09	1	0	13	0	0.0' \
		'10	I10	2	1	14	1	10.0')"
}

@test "tx-saturation: --summary, defaults 4, 2, 5%: saturation at 7, run 8-9" {
	run tx-saturation --summary --order interview "$F"
	assert_success
	assert_line -n 0 'docs	codes	base	base_codes	run	threshold	run_from	run_to	run_new	run_pct	saturation'
	assert_line -n 1 '10	14	4	10	2	5	8	9	0	0.0	7'
}

@test "tx-saturation: --threshold 10: the run of 10.0% counts (at or under)" {
	run tx-saturation -s --threshold 10 --order interview "$F"
	assert_success
	assert_line -n 1 '10	14	4	10	2	10	7	8	1	10.0	6'
}

@test "tx-saturation: --run 3: no run at 5%, the run's fields empty" {
	run tx-saturation -s --run 3 --order interview "$F"
	assert_success
	assert_line -n 1 '10	14	4	10	3	5					'
}

@test "tx-saturation: --base 2: base_codes 6, runs from document 3" {
	run tx-saturation --base 2 --order interview "$F"
	assert_success
	# run 3-4: 2+2 = 4 of 6, 66.7%; run 8-9: 0, 0.0%
	assert_line -n 3 '3	I03	3	2	8		'
	assert_line -n 4 '4	I04	3	2	10	4	66.7'
	assert_line -n 9 '9	I09	1	0	13	0	0.0'
}

@test "tx-saturation: --depth 1 counts themes" {
	run tx-saturation -s --depth 1 --order interview "$F"
	assert_success
	assert_line -n 1 '10	3	4	2	2	5	6	7	0	0.0	5'
	run tx-saturation --depth 1 --order interview "$F"
	assert_line -n 6 '6	I06	2	0	3	1	50.0'
}

@test "tx-saturation: without --order, documents in the order of the input" {
	run tx-saturation "$F"
	assert_success
	assert_line -n 1 '1	I03	3	3	3		'
	assert_line -n 2 '2	I01	4	3	6		'
	assert_line -n 3 '3	I10	2	2	8		'
}

@test "tx-saturation: order values as numbers (10 after 9), or else as text" {
	run tx-saturation --order interview "$F"
	assert_line -n 10 --partial '10	I10	'
	awk -F'\t' 'BEGIN { OFS = "\t" } NR > 1 { $3 = "day" $3 } { print }' "$F" > text.tsv
	run tx-saturation --order interview text.tsv
	assert_success
	# day1 day10 day2 ...: byte order
	assert_line -n 1 --partial '1	I01	'
	assert_line -n 2 --partial '2	I10	'
	assert_line -n 3 --partial '3	I02	'
}

@test "tx-saturation: --coder keeps one coder's rows; two coders without it: exit 2" {
	awk -F'\t' 'BEGIN { OFS = "\t" } NR > 1 && $1 == "I05" { $7 = "ann" } { print }' "$F" > two.tsv
	run --separate-stderr tx-saturation two.tsv
	assert_equal "$status" 2
	assert_equal "$output" ''
	assert_equal "$stderr" 'tx-saturation: two.tsv:19: coders "auto" and "ann" in one stream: pick one with --coder NAME'
	run tx-saturation --coder ann two.tsv
	assert_success
	assert_output "$(printf '%s\n' 'position	doc	codes	new	cumulative	run_new	run_pct' '1	I05	2	2	2		')"
	run --separate-stderr tx-saturation --coder bob two.tsv
	assert_equal "$status" 2
	assert_equal "$output" ''
	assert_equal "$stderr" 'tx-saturation: two.tsv:1: --coder bob: no row of the stream has that coder'
}

@test "tx-saturation: --permutations: reproducible, and as tests/saturation-perm.py draws them" {
	run tx-saturation --permutations 200 --seed 42 "$F"
	assert_success
	first=$output
	run tx-saturation --permutations 200 --seed 42 "$F"
	assert_equal "$output" "$first"
	assert_line -n 0 'position	cumulative	mean	lower	upper'
	# the last position always has all 14 codes
	assert_line -n 10 '10	14	14	14	14'
	for n in 1 10 37 200; do
		expected=$(python3 "$BATS_TEST_DIRNAME/saturation-perm.py" "$n" 42 "$F")
		actual=$(tx-saturation --permutations "$n" --seed 42 "$F" | cut -f1,3- | tail -n +2)
		assert_equal "$actual" "$expected"
	done
}

@test "tx-saturation: --permutations 10 --seed 3, exactly (interpolated quantiles)" {
	run tx-saturation --permutations 10 --seed 3 "$F"
	assert_success
	assert_line -n 2 '2	6	5.2	4.225	6'
	assert_line -n 3 '3	8	6.6	5.225	7.775'
	run tx-saturation --permutations 10 --seed 4 "$F"
	refute_line -n 3 '3	8	6.6	5.225	7.775'
}

@test "tx-saturation: --summary --permutations: where random orders reach saturation, as tests/saturation-perm.py finds" {
	run tx-saturation --summary --permutations 1000 --seed 7 "$F"
	assert_success
	assert_line -n 0 'docs	codes	base	base_codes	run	threshold	run_from	run_to	run_new	run_pct	saturation	permutations	reached	median	lower	upper'
	# the input's order (I03 I01 I10 ...): base 9 codes, no run at 5%;
	# 141 of 1000 orders reach it, at 7 (median), 4 to 8
	assert_line -n 1 '10	14	4	9	2	5						1000	141	7	4	8'
	for a in "1000 7 4 2 5" "1000 7 4 2 10" "37 3 2 1 0" "50 9 4 3 20" "5 1 8 2 5"; do
		set -- $a
		expected=$(python3 "$BATS_TEST_DIRNAME/saturation-perm.py" "$1" "$2" "$F" "$3" "$4" "$5")
		actual=$(tx-saturation -s --permutations "$1" --seed "$2" -b "$3" -r "$4" -t "$5" "$F" | tail -n 1 | cut -f12-)
		assert_equal "$actual" "$expected"
	done
}

@test "tx-saturation: every document identical: the band is the line" {
	printf 'doc\tcode\n' > same.tsv
	for d in a b c d e; do printf '%s\tX\n%s\tY\n' "$d" "$d" >> same.tsv; done
	run tx-saturation --permutations 50 same.tsv
	assert_success
	assert_line -n 1 '1	2	2	2	2'
	assert_line -n 5 '5	2	2	2	2'
	run tx-saturation -s same.tsv
	assert_line -n 1 '5	2	4	2	2	5					'
}

@test "tx-saturation: a base without codes: run_pct empty, no saturation" {
	printf 'doc\tcode\na\t\nb\t\nc\t\nd\t\ne\tX\nf\t\n' > empty-base.tsv
	run tx-saturation -s empty-base.tsv
	assert_success
	assert_line -n 1 '6	1	4	0	2	5					'
	run tx-saturation empty-base.tsv
	assert_line -n 6 '6	f	0	0	1	1	'
}

@test "tx-saturation: fewer documents than the base: base_codes empty" {
	printf 'doc\tcode\na\tX\nb\tY\n' > two-docs.tsv
	run tx-saturation -s two-docs.tsv
	assert_success
	assert_line -n 1 '2	2	4		2	5					'
}

# Bad input: exit 2 naming file, line and value; nothing written.

@test "tx-saturation: an order column the stream lacks: exit 2" {
	run --separate-stderr tx-saturation --order nope "$F"
	assert_equal "$status" 2
	assert_equal "$output" ''
	assert_equal "$stderr" "tx-saturation: $F:1: --order nope: the stream has no column of that name"
}

@test "tx-saturation: two documents with one order value: exit 2" {
	sed 's/^I05\t\([0-9]*\)\t5\t/I05\t\1\t4\t/' "$F" > tie.tsv
	run --separate-stderr tx-saturation --order interview tie.tsv
	assert_equal "$status" 2
	assert_equal "$output" ''
	assert_regex "$stderr" '^tx-saturation: tie\.tsv:[0-9]+: --order interview: documents "I0[45]" and "I0[45]" have the same value "4": the order needs one value per document$'
	sed 's/^I05\t\([0-9]*\)\t5\t/I05\t\1\t4.0\t/' "$F" > tie.tsv
	run --separate-stderr tx-saturation --order interview tie.tsv
	assert_equal "$status" 2
	assert_regex "$stderr" 'have the same value "4(\.0)?" \(as numbers\)'
}

@test "tx-saturation: a document without an order value, or with two: exit 2" {
	sed 's/^I05\t1\t5\t/I05\t1\t\t/' "$F" > missing.tsv
	run --separate-stderr tx-saturation --order interview missing.tsv
	assert_equal "$status" 2
	assert_equal "$output" ''
	assert_equal "$stderr" 'tx-saturation: missing.tsv:19: --order interview: document "I05" has no value: every document needs one'
	sed 's/^I05\t2\t5\t/I05\t2\t6\t/' "$F" > twice.tsv
	run --separate-stderr tx-saturation --order interview twice.tsv
	assert_equal "$status" 2
	assert_equal "$output" ''
	assert_equal "$stderr" 'tx-saturation: twice.tsv:20: --order interview: document "I05" has the values "5" (twice.tsv:19) and "6": one document, one value'
}

@test "tx-saturation: --permutations beyond 100000, and option errors: exit 2" {
	run --separate-stderr tx-saturation --permutations 100001 "$F"
	assert_equal "$status" 2
	assert_equal "$output" ''
	assert_equal "${stderr_lines[0]}" 'tx-saturation: --permutations: "100001" is not a number from 1 to 100000'
	run --separate-stderr tx-saturation --seed 3 "$F"
	assert_equal "$status" 2
	assert_equal "${stderr_lines[0]}" 'tx-saturation: --seed applies to --permutations'
	run --separate-stderr tx-saturation --threshold 101 "$F"
	assert_equal "$status" 2
	run --separate-stderr tx-saturation --base 0 "$F"
	assert_equal "$status" 2
	run --separate-stderr tx-saturation --run x "$F"
	assert_equal "$status" 2
	run --separate-stderr tx-saturation --depth 0 "$F"
	assert_equal "$status" 2
}

@test "tx-saturation: a ragged stream or one without code: exit 1, nothing written" {
	printf 'doc\tseg\tcode\na\t1\tX\nb\t1\n' > ragged.tsv
	run --separate-stderr tx-saturation ragged.tsv
	assert_equal "$status" 1
	assert_equal "$output" ''
	assert_equal "$stderr" 'tx-saturation: ragged.tsv:3: 2 fields where the header has 3'
	printf 'doc\tseg\tspeaker\na\t1\tA\n' > segments.tsv
	run --separate-stderr tx-saturation segments.tsv
	assert_equal "$status" 1
	assert_equal "$output" ''
	assert_equal "$stderr" 'tx-saturation: segments.tsv:1: no column "code": not a codings stream (a segments stream? code it with tx-code first)'
}

@test "tx-saturation: empty input, a header only, a missing file" {
	run tx-saturation </dev/null
	assert_success
	assert_output ''
	printf 'doc\tcode\n' | tx-saturation > out.tsv
	assert_equal "$(cat out.tsv)" 'position	doc	codes	new	cumulative	run_new	run_pct'
	run --separate-stderr tx-saturation nowhere.tsv
	assert_equal "$status" 1
	assert_regex "$stderr" '^tx-saturation: nowhere\.tsv: '
}

@test "tx-saturation: the man page's example, on the two-localities codings" {
	cp -r "$EXAMPLES/two-localities" ex
	example_make ex codings.tsv
	run tx-saturation --summary ex/codings.tsv
	assert_success
	assert_line -n 1 '20	16	4	13	2	5	6	7	0	0.0	5'
	run tx-saturation ex/codings.tsv
	assert_line -n 2 '2	P02	10	3	11		'
	run tx-saturation --summary --permutations 1000 --seed 7 ex/codings.tsv
	assert_success
	assert_line -n 1 '20	16	4	13	2	5	6	7	0	0.0	5	1000	1000	5	4	7'
	run tx-saturation --depth 1 --run 3 --threshold 0 --summary ex/codings.tsv
	assert_success
	assert_line -n 1 '20	4	4	4	3	0	5	7	0	0.0	4'
	run --separate-stderr tx-saturation --order year --coder auto ex/codings.tsv
	assert_equal "$status" 2
}

@test "tx-saturation: -h and --help print usage; --version" {
	run tx-saturation -h
	assert_success
	assert_line -n 0 --partial 'usage: tx-saturation '
	run tx-saturation --help
	assert_success
	assert_line --partial '--permutations N'
	run tx-saturation --version
	assert_success
	assert_output --regexp '^tx-saturation [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "tx-saturation: --max-field: a longer field is an error naming file and line" {
	printf 'doc\tcode\na\t%s\n' "$(printf 'x%.0s' $(seq 40))" > long.tsv
	run --separate-stderr tx-saturation --max-field 10 long.tsv
	assert_equal "$status" 1
	assert_equal "$output" ''
	assert_equal "$stderr" 'tx-saturation: long.tsv:2: field longer than 10 bytes (--max-field)'
}

@test "tx-saturation: --codebook: a code it lacks is exit 2 naming file, line and code" {
	printf 'code,pattern\nAccess/a,a\nAccess/b,b\n' > cb.csv
	run --separate-stderr tx-saturation --codebook cb.csv --order interview "$F"
	assert_equal "$status" 2
	assert_equal "$output" ''
	assert_equal "$stderr" "tx-saturation: $F:2: code \"Access/c\" is not in the codebook cb.csv"
	{ echo code,pattern; awk -F'\t' 'NR > 1 && $4 != "" { print $4 ",x" }' "$F" | sort -u; } > all.csv
	run tx-saturation -c all.csv -s --order interview "$F"
	assert_success
	assert_line -n 1 '10	14	4	10	2	5	8	9	0	0.0	7'
	printf 'code,pattern\nX,(\n' > bad.csv
	run --separate-stderr tx-saturation -c bad.csv "$F"
	assert_equal "$status" 2
	assert_equal "$output" ''
	assert_equal "$stderr" 'tx-saturation: bad.csv:2: code "X": missing closing parenthesis at offset 1'
}
