#!/usr/bin/env bats
# tx-matrix: the framework matrix (issue 20, item 4). Cases grouped by an
# attribute as rows, themes as columns, each cell the case's best quotes
# (tx-report's rule, lib/report/quote.c: most hits, then shortest, then
# first; one per segment here), a count of segments, or an empty summary.
#
# codings.tsv is tx-code's output for segments.tsv and codebook.csv: four
# documents in two localities (North: A1 A2; South: B1 B2). What the cells
# must hold, worked from the rows:
#   A1 Access: seg 1 (Waiting, 2 hits, 41 chars), seg 2 (Distance, 2 hits,
#      28 chars: shorter, so first), seg 5 (Waiting and Distance, 1 hit
#      each: one segment, counted once for Access): 3 segments, quotes
#      seg 2 then seg 1.
#   A2 (speaker Dr Lee): Access seg 2, Trust seg 3, Staff seg 1.
#   B1: Access segs 1 and 2 (1 hit each; seg 1 shorter), Staff seg 2.
#   B2: nothing coded: a row of empty cells.
# by-locality.{tsv,csv,md,html} are the outputs so checked.

load helper

F=$FIX/matrix

@test "tx-matrix: quotes by locality, TSV, exactly" {
	run tx-matrix --by locality -c "$F/codebook.csv" "$F/codings.tsv"
	assert_success
	assert_output "$(cat "$F/by-locality.tsv")"
	assert_line -n 0 'locality	doc	access	trust	staff'
	assert_line -n 1 'North	A1	"The bus is forty miles away." (A1#2)\n"I had to wait six weeks, then wait again." (A1#1)	"We trust the nurses." (A1#3)	'
	assert_line -n 4 'South	B2			'
}

@test "tx-matrix: CSV for a spreadsheet: RFC 4180 quoting, quotes one a line" {
	run tx-matrix --by locality -c "$F/codebook.csv" --to csv "$F/codings.tsv"
	assert_success
	assert_output "$(cat "$F/by-locality.csv")"
	assert_line -n 0 'locality,doc,access,trust,staff'
	assert_line -n 1 'North,A1,"""The bus is forty miles away."" (A1#2)'
	assert_line -n 2 '""I had to wait six weeks, then wait again."" (A1#1)","""We trust the nurses."" (A1#3)",'
}

@test "tx-matrix: Markdown, with the report's marks and isolates" {
	run tx-matrix --by locality -c "$F/codebook.csv" -T md "$F/codings.tsv"
	assert_success
	assert_output "$(cat "$F/by-locality.md")"
	assert_line '| locality | doc | Access | Trust | Staff |'
	assert_line --partial '| ⁨South⁩ | ⁨B2⁩ |  |  |  |'
}

@test "tx-matrix: HTML, one well-formed page, a group row per locality" {
	tx-matrix --by locality -c "$F/codebook.csv" -T html "$F/codings.tsv" > page.html
	diff -u "$F/by-locality.html" page.html
	xmllint --noout page.html
	assert_equal "$(xmllint --xpath "count(//*[local-name()='tr'][@class='group'])" page.html)" 2
	assert_equal "$(xmllint --xpath "count(//*[local-name()='mark'])" page.html)" 11
	assert_equal "$(xmllint --xpath "string(//*[local-name()='title'])" page.html)" $'\u2068Framework matrix by locality\u2069'
}

@test "tx-matrix: --cell count: segments, a segment once per theme; themes in path order without a codebook" {
	run tx-matrix --by locality --cell count "$F/codings.tsv"
	assert_success
	assert_output "$(printf '%s\n' \
		'locality	doc	access	staff	trust' \
		'North	A1	3	0	1' \
		'North	A2	1	1	1' \
		'South	B1	2	1	0' \
		'South	B2	0	0	0')"
}

@test "tx-matrix: --depth 2 with --codebook: its codes in its order" {
	run tx-matrix --depth 2 --cell count --codebook "$F/codebook.csv" "$F/codings.tsv"
	assert_success
	assert_line -n 0 'doc	access_waiting	access_distance	trust	staff_turnover'
	assert_line -n 1 'A1	2	2	1	0'
	assert_line -n 4 'B2	0	0	0	0'
}

@test "tx-matrix: --cell summary: empty cells for the team to write in" {
	run tx-matrix --by locality --cell summary -T csv -c "$F/codebook.csv" "$F/codings.tsv"
	assert_success
	assert_output "$(printf '%s\n' 'locality,doc,access,trust,staff' 'North,A1,,,' 'North,A2,,,' 'South,B1,,,' 'South,B2,,,')"
	run tx-matrix --cell summary -T html "$F/codings.tsv"
	assert_output --partial '<td class="summary"></td><td class="summary"></td>'
}

@test "tx-matrix: --quotes 1 --width 40: the best quote, trimmed as tx-report trims" {
	run tx-matrix --quotes 1 --width 40 "$F/codings.tsv"
	assert_success
	assert_line -n 1 'A1	"The bus is forty miles away." (A1#2)		"We trust the nurses." (A1#3)'
	assert_line -n 3 'B1	"No wait at all." (B1#1)	"Three staff left this year and we wait …" (B1#2)	'
}

@test "tx-matrix: --case speaker: the rows are speakers" {
	run tx-matrix --case speaker --cell count "$F/codings.tsv"
	assert_success
	assert_output "$(printf '%s\n' 'speaker	access	staff	trust' 'A1	3	0	1' 'Dr Lee	1	1	1' '	2	1	0')"
}

@test "tx-matrix: --coder keeps one coder's rows; two coders without it: exit 2" {
	awk -F'\t' 'BEGIN { OFS = "\t" } NR > 1 && $1 == "A2" { $8 = "ann" } { print }' "$F/codings.tsv" > two.tsv
	run --separate-stderr tx-matrix two.tsv
	assert_equal "$status" 2
	assert_equal "$output" ''
	assert_equal "$stderr" 'tx-matrix: two.tsv:8: coders "auto" and "ann" in one stream: pick one with --coder NAME'
	run tx-matrix --coder ann --cell count two.tsv
	assert_success
	assert_output "$(printf '%s\n' 'doc	access	staff	trust' 'A2	1	1	1')"
}

@test "tx-matrix: --title names the page" {
	run tx-matrix -T md --title 'Access by site' "$F/codings.tsv"
	assert_success
	assert_line -n 0 '# Access by site'
}

# Bad input: exit 2 naming file, line and value; nothing written.

@test "tx-matrix: a code the codebook lacks: exit 2 naming file, line and code" {
	printf 'code,pattern\nAccess/Waiting,wait\nTrust,trust\nStaff/Turnover,left\n' > cb.csv
	run --separate-stderr tx-matrix -c cb.csv "$F/codings.tsv"
	assert_equal "$status" 2
	assert_equal "$output" ''
	assert_equal "$stderr" "tx-matrix: $F/codings.tsv:3: code \"Access/Distance\" is not in the codebook cb.csv"
}

@test "tx-matrix: a codebook that does not load: exit 2" {
	printf 'code,pattern\nX,(\n' > bad.csv
	run --separate-stderr tx-matrix -c bad.csv "$F/codings.tsv"
	assert_equal "$status" 2
	assert_equal "$output" ''
	assert_equal "$stderr" 'tx-matrix: bad.csv:2: code "X": missing closing parenthesis at offset 1'
}

@test "tx-matrix: a --by or --case column the stream lacks: exit 2" {
	run --separate-stderr tx-matrix --by region "$F/codings.tsv"
	assert_equal "$status" 2
	assert_equal "$output" ''
	assert_equal "$stderr" "tx-matrix: $F/codings.tsv:1: no column \"region\" to group by (--by)"
	run --separate-stderr tx-matrix --case witness "$F/codings.tsv"
	assert_equal "$status" 2
	assert_equal "$output" ''
	assert_equal "$stderr" "tx-matrix: $F/codings.tsv:1: --case witness: the stream has no column of that name"
}

@test "tx-matrix: option errors: exit 2" {
	run --separate-stderr tx-matrix --by locality,doc "$F/codings.tsv"
	assert_equal "$status" 2
	assert_equal "${stderr_lines[0]}" 'tx-matrix: --by locality,doc: the rows are grouped by one column'
	run --separate-stderr tx-matrix --by doc --case doc "$F/codings.tsv"
	assert_equal "$status" 2
	assert_equal "${stderr_lines[0]}" 'tx-matrix: --by and --case name one column: doc'
	run --separate-stderr tx-matrix --case seg "$F/codings.tsv"
	assert_equal "$status" 2
	run --separate-stderr tx-matrix --by code "$F/codings.tsv"
	assert_equal "$status" 2
	run --separate-stderr tx-matrix --depth 0 "$F/codings.tsv"
	assert_equal "$status" 2
	run --separate-stderr tx-matrix --quotes 0 "$F/codings.tsv"
	assert_equal "$status" 2
}

@test "tx-matrix: quotes need text: exit 1; a count does not" {
	cut -f1-8 "$F/codings.tsv" > notext.tsv
	run --separate-stderr tx-matrix notext.tsv
	assert_equal "$status" 1
	assert_equal "$output" ''
	assert_equal "$stderr" "tx-matrix: notext.tsv:1: no column \"text\": the quotes are the segments' text (code without --no-text, or use --cell count)"
	run tx-matrix --cell count notext.tsv
	assert_success
	assert_line -n 1 'A1	3	0	1'
}

@test "tx-matrix: two themes that make one column name: exit 1 naming both" {
	printf 'doc\tseg\tcode\thits\ttext\na\t1\tA b\t1\tx\na\t2\tA-B\t1\ty\n' > clash.tsv
	run --separate-stderr tx-matrix clash.tsv
	assert_equal "$status" 1
	assert_equal "$output" ''
	assert_equal "$stderr" 'tx-matrix: themes "A b" and "A-B" both make the column name "a_b"'
}

@test "tx-matrix: a ragged stream: exit 1, nothing written" {
	printf 'doc\tseg\tcode\thits\ttext\na\t1\tX\t1\n' > ragged.tsv
	run --separate-stderr tx-matrix ragged.tsv
	assert_equal "$status" 1
	assert_equal "$output" ''
	assert_equal "$stderr" 'tx-matrix: ragged.tsv:2: 4 fields where the header has 5'
}

@test "tx-matrix: empty input, a header only" {
	run tx-matrix </dev/null
	assert_success
	assert_output ''
	printf 'doc\tseg\tcode\thits\ttext\n' | tx-matrix > out.tsv
	assert_equal "$(cat out.tsv)" 'doc'
	printf 'doc\tseg\tcode\thits\ttext\n' | tx-matrix -c "$F/codebook.csv" -T csv > out.csv
	assert_equal "$(cat out.csv)" 'doc,access,trust,staff'
}

@test "tx-matrix: -h and --help print usage; --version; --max-field" {
	run tx-matrix --help
	assert_success
	assert_line -n 0 --partial 'usage: tx-matrix '
	run tx-matrix --version
	assert_output --regexp '^tx-matrix [0-9]+\.[0-9]+\.[0-9]+$'
	run --separate-stderr tx-matrix --max-field 10 "$F/codings.tsv"
	assert_equal "$status" 1
	assert_equal "$stderr" "tx-matrix: $F/codings.tsv:2: field longer than 10 bytes (--max-field)"
}

@test "tx-matrix: rules: a quote marks only the matches its coding counted; a theme's quote, its code's; the document as speaker is kept for speakers" {
	# fixtures/report/rules*: see tests/tx-report.bats. The Money theme
	# quotes Money/Budgets: A#1's negated "budgets" and C#1's "Budgets"
	# (not just before it) unmarked; P1#1's speaker P1 is its document, not
	# shown, and its nurse is marked (speakers ^P1$)
	run tx-matrix --by locality -c "$FIX/report/rules.csv" -T md "$FIX/report/rules-codings.tsv"
	assert_success
	assert_output "$(cat "$FIX/report/rules-matrix.md")"
}

@test "tx-matrix: -T csv quotes a field that begins or ends with white space, as a sheet read back would trim it" {
	printf 'doc\tseg\tcode\thits\ttext\n P1\t1\tX\t1\thi\nP2 \t1\tX\t1\tho\n' > ws.tsv
	run --separate-stderr tx-matrix -T csv ws.tsv
	assert_success
	assert_equal "${lines[0]}" 'doc,x'
	assert_equal "${lines[1]}" '" P1","""hi"" ( P1#1)"'
	assert_equal "${lines[2]}" '"P2 ","""ho"" (P2 #1)"'
	assert_equal "$stderr" ''
}
