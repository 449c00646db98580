#!/usr/bin/env bats
# The worked examples, run as a newcomer runs them: make in a copy of the
# example directory, with the tools under test.
#
# examples/two-localities is checked exactly against golden files in
# tests/fixtures/examples/two-localities. After a deliberate change to the
# transcripts, the codebook or a tool's output, refresh them with
#   make -C examples/two-localities && cp examples/two-localities/*.tsv \
#     tests/fixtures/examples/two-localities/ && make -s --no-print-directory \
#     -C examples/two-localities results > tests/fixtures/examples/two-localities/results.txt
# and for the saturation table and the framework matrix
#   make -C examples/two-localities saturation.tsv saturation.txt matrix.md &&
#     cp examples/two-localities/saturation.t* examples/two-localities/matrix.md \
#     tests/fixtures/examples/two-localities/
# and read the diff before committing it: the tests below that do not use
# the golden files say what the comparison must still find.

load helper

GOLD=$FIX/examples/two-localities
OUTPUTS="segments.tsv codings.tsv counts.tsv comparison.tsv"

setup() {
	ex=$BATS_TEST_TMPDIR/two-localities
	cv=$BATS_TEST_TMPDIR/covid-inquiry
	cp -r "$EXAMPLES/two-localities" "$ex"
	(cd "$ex" && rm -f $OUTPUTS)
}

# make in the copy, quietly, with the tools under test.
mk() {
	example_make "$ex" "$@"
}

# Modification times of the outputs, to the nanosecond.
stamps() {
	(cd "$ex" && stat -c '%n %y' $OUTPUTS)
}

# A column of a TSV file, found by name (header dropped).
column_of() {
	awk -F'\t' -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next }
		{ print $c }' "$1"
}

@test "two-localities: make writes the four files, exactly as expected" {
	run mk
	assert_success
	for f in $OUTPUTS; do
		run diff -u "$GOLD/$f" "$ex/$f"
		assert_success
	done
}

@test "two-localities: make results prints the table and the quotes, exactly" {
	mk
	run mk results
	assert_success
	diff -u "$GOLD/results.txt" <(printf '%s\n' "$output")
}

@test "two-localities: results on a fresh copy builds what it needs first" {
	run make --no-print-directory -C "$ex" TX_BUILD="$TX_BUILD" results
	assert_success
	assert_line --partial "tx-segment --exclude-speakers '^Interviewer' --attrs participants.csv"
	assert_line '  Staff turnover and vacancies        9/10  90.0%   1/10  10.0%   0.00174512  0.0116341  more in Northvale'
}

@test "two-localities: a second make does nothing and touches nothing" {
	mk
	before=$(stamps)
	run make -q -C "$ex" TX_BUILD="$TX_BUILD"
	assert_success
	run mk
	assert_success
	assert_output ''
	[ "$(stamps)" = "$before" ]
}

@test "two-localities: touching the codebook recodes and recompares, but does not segment" {
	mk
	before=$(stamps)
	touch "$ex/codebook.csv"
	run make -n -C "$ex" TX_BUILD="$TX_BUILD"
	assert_success
	refute_output --partial tx-segment
	assert_output --partial "tx-code codebook.csv segments.tsv"
	assert_output --partial "tx-count --by locality"
	assert_output --partial "tx-compare --by locality"
	mk
	after=$(stamps)
	[ "$(grep segments.tsv <<<"$before")" = "$(grep segments.tsv <<<"$after")" ]
	for f in codings.tsv counts.tsv comparison.tsv; do
		[ "$(grep "$f" <<<"$before")" != "$(grep "$f" <<<"$after")" ] || fail "$f was not remade"
	done
	# and the result is the same, since the codebook did not change
	for f in $OUTPUTS; do cmp "$GOLD/$f" "$ex/$f"; done
}

@test "two-localities: a changed transcript or participant sheet segments again" {
	mk
	touch "$ex/transcripts/P07.txt"
	run make -n -C "$ex" TX_BUILD="$TX_BUILD"
	assert_output --partial tx-segment
	mk
	touch "$ex/participants.csv"
	run make -n -C "$ex" TX_BUILD="$TX_BUILD"
	assert_output --partial tx-segment
}

@test "two-localities: a failing step leaves no file behind" {
	mk
	printf 'code,pattern\nBroken,(unclosed\n' >"$ex/codebook.csv"
	run mk
	[ "$status" -ne 0 ]
	assert_output --partial 'codebook.csv:2'
	[ ! -e "$ex/codings.tsv" ]
	[ -e "$ex/segments.tsv" ]
}

@test "two-localities: clean removes what make made and nothing else" {
	mk
	run mk clean
	assert_success
	for f in $OUTPUTS; do [ ! -e "$ex/$f" ]; done
	[ "$(ls "$ex/transcripts" | wc -l)" -eq 20 ]
	[ -e "$ex/codebook.csv" ]
	[ -e "$ex/participants.csv" ]
}

@test "two-localities: without the tools, make says where they should be (exit 2)" {
	run make -s --no-print-directory -C "$ex" TX_BUILD="$BATS_TEST_TMPDIR/nowhere"
	[ "$status" -eq 2 ]
	assert_output --partial 'not found; run make at the top of the repository'
	for f in $OUTPUTS; do [ ! -e "$ex/$f" ]; done
}

# What the interviews were written to say, checked without the golden files.

@test "two-localities: every participant turn is a segment and no interviewer turn is" {
	mk
	turns=$(cat "$ex"/transcripts/*.txt | grep -c '^P[0-9][0-9]: ')
	[ "$(tail -n +2 "$ex/segments.tsv" | wc -l)" -eq "$turns" ]
	run column_of "$ex/segments.tsv" speaker
	refute_output --partial Interviewer
	[ "$(column_of "$ex/segments.tsv" doc | sort -u | wc -l)" -eq 20 ]
}

@test "two-localities: the comparison finds what the localities share and where they differ" {
	mk
	pattern() {
		awk -F'\t' -v code="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "pattern") p = i; next }
			$1 == code { print $p }' "$ex/comparison.tsv"
	}
	[ "$(pattern 'Workforce engagement/Staff turnover and vacancies')" = 'more in Northvale' ]
	[ "$(pattern 'Workforce engagement/Morale and burnout')" = 'more in Northvale' ]
	[ "$(pattern 'Financial issues')" = 'more in Southmere' ]
	[ "$(pattern 'Financial issues/Budgets and cuts')" = 'more in Southmere' ]
	[ "$(pattern 'Financial issues/GPs as businesses')" = 'only in Southmere' ]
	[ "$(pattern 'Organisational communication/Trust and relationships')" = shared ]
	[ "$(pattern 'Organisational communication/Multidisciplinary meetings')" = shared ]
	[ "$(pattern 'Information systems and data sharing/Incompatible IT systems')" = shared ]
	[ "$(pattern 'Information systems and data sharing/Sharing information')" = shared ]
	# every code of the codebook is compared, themes included
	[ "$(tail -n +2 "$ex/comparison.tsv" | wc -l)" -eq 20 ]
}

@test "two-localities: each quote is in its participant's transcript, and from that locality" {
	mk
	run mk results
	assert_success
	n=0
	while IFS= read -r line; do
		quote=${line#  \"}
		quote=${quote%\" (*}
		ref=${line##*\" (}
		doc=${ref%%,*}
		locality=${ref#*, }
		locality=${locality%)}
		grep -qF -- "$quote" "$ex/transcripts/$doc.txt" || fail "not in $doc: $quote"
		grep -q "^$doc,$locality," "$ex/participants.csv" || fail "$doc is not in $locality"
		n=$((n + 1))
	done < <(grep '^  "' <<<"$output")
	# two per theme and locality
	[ "$n" -eq 16 ]
}

@test "two-localities: make saturation.tsv and saturation.txt, exactly as expected" {
	run mk saturation.tsv saturation.txt
	assert_success
	for f in saturation.tsv saturation.txt; do
		run diff -u "$GOLD/$f" "$ex/$f"
		assert_success
	done
	# saturation at 5 interviews: interviews 6 and 7 add no code (base 4, run 2, <=5%)
	assert_equal "$(tail -n 1 "$ex/saturation.txt")" '20	16	4	13	2	5	6	7	0	0.0	5'
	# and clean removes them
	mk clean
	[ ! -e "$ex/saturation.tsv" ]
	[ ! -e "$ex/saturation.txt" ]
}

@test "two-localities: make matrix.md, exactly as expected; each quote is its participant's" {
	run mk matrix.md
	assert_success
	run diff -u "$GOLD/matrix.md" "$ex/matrix.md"
	assert_success
	# a row per participant, grouped by locality: 10 Northvale rows, then 10 Southmere
	assert_equal "$(grep -c '^| ⁨Northvale⁩ | ⁨P' "$ex/matrix.md")" 10
	assert_equal "$(grep -c '^| ⁨Southmere⁩ | ⁨P' "$ex/matrix.md")" 10
	# every tag names the row's participant
	while IFS= read -r row; do
		doc=$(sed 's/^| ⁨[A-Za-z]*⁩ | ⁨\(P[0-9]*\)⁩.*/\1/' <<<"$row")
		tags=$(grep -o '(⁨P[0-9]*\\#' <<<"$row" | sort -u)
		[ -z "$tags" ] || [ "$tags" = "(⁨$doc\\#" ] || fail "$doc's row quotes $tags"
	done < <(grep '^| ⁨[NS]' "$ex/matrix.md")
	mk clean
	[ ! -e "$ex/matrix.md" ]
}

@test "two-localities: the codebook checks clean" {
	run tx-code --check "$ex/codebook.csv"
	assert_success
}

# The real hearings, when they are beside the checkout.

covid() {
	mkdir -p "$cv"
	cp "$EXAMPLES/covid-inquiry/Makefile" "$EXAMPLES/covid-inquiry/codebook.csv" "$cv/"
	example_make "$cv" DATA="$SHARED/covid-inquiry" "$@"
}

# For each group of BY in segments file $1: "group segments documents".
group_sizes() {
	awk -F'\t' -v by="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ n[$c[by]]++; if (!(($c[by], $c["doc"]) in seen)) { seen[$c[by], $c["doc"]]; d[$c[by]]++ } }
		END { for (g in n) print g, n[g], d[g] }' "$1" | sort
}

# For each group in counts file $1: "group total_segments total_docs".
count_totals() {
	awk -F'\t' -v by="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["code"] == "" { print $c[by], $c["total_segments"], $c["total_docs"] }' "$1" | sort
}

@test "covid-inquiry: three nations, denominators equal each module's segments and days" {
	need_shared covid-inquiry
	run covid
	assert_success
	# one count_ column per nation, in byte order of the values
	run head -n 1 "$cv/nations-comparison.tsv"
	assert_output --regexp '^code	count_northern_ireland	total_northern_ireland	pct_northern_ireland	count_scotland	total_scotland	pct_scotland	count_wales	total_wales	pct_wales	'
	# totals as the segments file has them, and days as the data has files
	[ "$(count_totals "$cv/nations-counts.tsv" locality)" = "$(group_sizes "$cv/nations-segments.tsv" locality)" ]
	run count_totals "$cv/nations-counts.tsv" locality
	days() { ls "$SHARED/covid-inquiry/$1"/*.rst | wc -l; }
	assert_line --regexp "^Scotland [0-9]+ $(days module-2A)\$"
	assert_line --regexp "^Wales [0-9]+ $(days module-2B)\$"
	assert_line --regexp "^Northern Ireland [0-9]+ $(days module-2C)\$"
	# the comparison's totals are the counts' totals
	awk -F'\t' 'NR > 1 && ($3 != T1 || $6 != T2 || $9 != T3) { exit 1 }' \
		T1="$(awk '$1 == "Northern" { print $3 }' <<<"$output")" \
		T2="$(awk '$1 == "Scotland" { print $2 }' <<<"$output")" \
		T3="$(awk '$1 == "Wales" { print $2 }' <<<"$output")" \
		"$cv/nations-comparison.tsv"
	# every code and theme of the codebook is compared
	[ "$(tail -n +2 "$cv/nations-comparison.tsv" | wc -l)" -eq 24 ]
}

@test "covid-inquiry: the witnesses as cases: 36, 39 and 45 witnesses, and no difference holds (README)" {
	need_shared covid-inquiry
	run covid
	assert_success
	# the comparisons test turns in their cases: Rao-Scott, days as clusters
	run awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c["test"] }' "$cv/nations-comparison.tsv"
	assert_equal "$(sort -u <<<"$output")" "rao-scott"
	# the witnesses, counted as cases (--case speaker)
	run awk -F'\t' 'NR == 2 { print $3, $6, $9 }' "$cv/nations-witnesses-comparison.tsv"
	assert_output "36 39 45"
	# every witness turn is a turn whose speaker's last word is in the section
	run awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ n = split($c["speaker"], w, " "); if (!index($c["section"], w[n])) bad++ }
		END { print NR - 1, bad + 0 }' "$cv/nations-witnesses-codings.tsv"
	assert_regex "$output" '^[0-9]+ 0$'
	# as the README says: no code differs between the nations' witnesses
	# (smallest q 0.43), nor their turns in their witnesses (smallest q 0.085)
	for f in nations-witnesses-comparison nations-witnesses-turns; do
		run awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
			$c["q"] < 0.05 || $c["pattern"] ~ /^(more|only) in/ { n++ } END { print n + 0 }' "$cv/$f.tsv"
		assert_output 0
	done
	run awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c["q"] }' "$cv/nations-witnesses-turns.tsv"
	assert_equal "$(sort -g <<<"$output" | head -n 1)" "0.0846318"
	[ "$(grep -c rao-scott "$cv/nations-witnesses-turns.tsv")" -eq 24 ]
}

@test "covid-inquiry: module 3 against module 6, denominators equal each module's" {
	need_shared covid-inquiry
	run covid
	assert_success
	run head -n 1 "$cv/modules-comparison.tsv"
	assert_output --regexp '^code	count_module_3	total_module_3	pct_module_3	count_module_6	total_module_6	pct_module_6	'
	[ "$(count_totals "$cv/modules-counts.tsv" module)" = "$(group_sizes "$cv/modules-segments.tsv" module)" ]
	run count_totals "$cv/modules-counts.tsv" module
	assert_line --regexp "^module-3 [0-9]+ $(ls "$SHARED"/covid-inquiry/module-3/*.rst | wc -l)\$"
	assert_line --regexp "^module-6 [0-9]+ $(ls "$SHARED"/covid-inquiry/module-6/*.rst | wc -l)\$"
	# the care sector talks about care homes far more: a check on the coding
	run awk -F'\t' '$1 == "Care homes/Care homes" { print $NF }' "$cv/modules-comparison.tsv"
	assert_output 'more in module-6'
}

@test "covid-inquiry: without the data, make says so and stops cleanly" {
	mkdir -p "$cv"
	cp "$EXAMPLES/covid-inquiry/Makefile" "$EXAMPLES/covid-inquiry/codebook.csv" "$cv/"
	run make -s --no-print-directory -C "$cv" TX_BUILD="$TX_BUILD" DATA="$BATS_TEST_TMPDIR/absent"
	assert_success
	assert_output --partial 'is absent, so there is nothing to analyse'
	[ -z "$(ls "$cv"/*.tsv 2>/dev/null)" ]
}

@test "covid-inquiry: the codebook checks clean" {
	run tx-code --check "$EXAMPLES/covid-inquiry/codebook.csv"
	assert_success
}

# examples/refi-handcoding: QualCoder's demo project from the shared data;
# its agreement and table are checked exactly against
# tests/fixtures/examples/refi-handcoding (codes and figures only, no
# text of the project). After a deliberate change, refresh them with
#   make -C examples/refi-handcoding && cp examples/refi-handcoding/agreement.tsv \
#     tests/fixtures/examples/refi-handcoding/ && make -s --no-print-directory \
#     -C examples/refi-handcoding results > tests/fixtures/examples/refi-handcoding/results.txt
# and the table in its README.

RH_GOLD=$FIX/examples/refi-handcoding

# make in a copy, into $rh (set by the test: run is a subshell).
refi_handcoding() {
	mkdir -p "$rh"
	cp "$EXAMPLES/refi-handcoding/"{Makefile,codebook.csv,table.awk} "$rh/"
	example_make "$rh" DATA="$SHARED/refi-qda" "$@"
}

@test "refi-handcoding: make and make results, exactly as expected; the README quotes the table" {
	need_shared refi-qda
	rh=$BATS_TEST_TMPDIR/refi-handcoding
	run --separate-stderr refi_handcoding
	assert_success
	assert_output ''
	run diff -u "$RH_GOLD/agreement.tsv" "$rh/agreement.tsv"
	assert_success
	# every span codes a segment (per turn); the team judged the hearing only
	assert_equal "$(wc -c < "$rh/missing.txt")" 0
	assert_equal "$(cut -f 1 "$rh/team.tsv" | tail -n +2 | sort -u)" board_2017
	assert_equal "$(wc -l < "$rh/disagreements.tsv")" 55
	run refi_handcoding results
	assert_success
	diff -u "$RH_GOLD/results.txt" <(printf '%s\n' "$output")
	# the README's table is this one, indented
	while IFS= read -r line; do
		[ -z "$line" ] && continue
		grep -qxF -- "    $line" "$EXAMPLES/refi-handcoding/README.md" ||
		    fail "not in the README: $line"
	done < "$RH_GOLD/results.txt"
}

@test "refi-handcoding: without the project, make says so and stops cleanly" {
	rh=$BATS_TEST_TMPDIR/refi-handcoding
	mkdir -p "$rh"
	cp "$EXAMPLES/refi-handcoding/"{Makefile,codebook.csv,table.awk} "$rh/"
	run example_make "$rh" DATA="$BATS_TEST_TMPDIR/absent"
	assert_success
	assert_line --index 0 "refi-handcoding: $BATS_TEST_TMPDIR/absent/qc_demo_real_interview.qdpx is absent, so there is nothing to compare."
	[ -z "$(ls "$rh"/*.tsv 2>/dev/null)" ]
}

@test "refi-handcoding: the codebook checks clean" {
	run tx-code --check "$EXAMPLES/refi-handcoding/codebook.csv"
	assert_success
}
