#!/usr/bin/env bats
# tx-compare: the groups of one column compared code by code (issue 5).
#
# The codings are made by tables.awk from *.tables files that state each
# group's documents and how many carry each code, so that the 2 x k tables
# tested are the published ones:
#   tea.tables      Fisher (1935), the lady tasting tea, [[3,1],[1,3]]:
#                   two-sided p = 0.4857143.
#   chisq.tables    R's ?chisq.test example matrix(c(12, 5, 7, 7), ncol = 2),
#                   [[12,7],[5,7]]: X-squared = 0.64112 with Yates'
#                   correction, p = 0.4233054; fisher.test p = 0.2883081.
#   agresti.tables  Agresti (2007) An Introduction to Categorical Data
#                   Analysis, p.39 (party identification by gender; R's
#                   ?chisq.test): X-squared = 30.07015, df = 2,
#                   p = 2.953589e-07; G-squared = 30.02 (Agresti, same page).
# Values from the textbook formulas (checked with Python's math module):
# uncorrected X^2 of [[12,7],[5,7]] = 1.371646, p = erfc(sqrt(X^2/2)) =
# 0.2415293; Yates X^2 of the tea table = 0.5, p = 0.4795001; the
# Freeman-Halton p of the Agresti table, 3.027480e-07, and of
# [[3,0,4],[3,5,3]], 0.1531549, by exact enumeration in rational arithmetic.
# Output is %.6g, so each value is asserted to 6 significant digits.

load helper

C=$FIX/compare

codings() {
	awk -f "$C/tables.awk" "$C/$1.tables"
}

# The value of column $2 in the row of code $1 (wide output on stdin).
field() {
	awk -F'\t' -v code="$1" -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) at[$i] = i; next }
		$1 == code { print $at[col] }'
}

@test "Fisher's tea tasting: two-sided p = 0.4857143 (auto picks Fisher)" {
	codings tea > tea.tsv
	run tx-compare --by locality tea.tsv
	assert_success
	assert_output "$(printf '%s\n' \
		"code	count_a	total_a	pct_a	count_b	total_b	pct_b	test	statistic	df	p	q	diff	log_ratio	h	only_in	pattern" \
		"Tea	3	4	75.0	1	4	25.0	fisher			0.485714	0.485714	50.0	1.58496	1.047		similar" \
		"Tea/Milk first	3	4	75.0	1	4	25.0	fisher			0.485714	0.485714	50.0	1.58496	1.047		similar")"
}

@test "R's chisq.test example: Yates X^2 = 0.64112, p = 0.4233054; Fisher p = 0.2883081" {
	codings chisq > chisq.tsv
	run tx-compare --by locality chisq.tsv
	assert_success
	assert_line --index 1 "Access	12	17	70.6	7	14	50.0	chi2 (yates)	0.64112	1	0.423305	0.423305	20.6	0.4975	0.424		shared"
	run tx-compare --by locality --test fisher chisq.tsv
	assert_line --index 1 "Access	12	17	70.6	7	14	50.0	fisher			0.288308	0.288308	20.6	0.4975	0.424		shared"
}

@test "--no-yates: Pearson's X^2 without the correction" {
	codings chisq > chisq.tsv
	run tx-compare --by locality --no-yates chisq.tsv
	assert_success
	assert_line --index 1 --partial "	chi2	1.37165	1	0.241529	"
	# --test chi2 forces chi2 where auto would choose Fisher (tea: E = 2).
	codings tea > tea.tsv
	run tx-compare --by locality --test chi2 tea.tsv
	assert_line --index 2 --partial "	chi2 (yates)	0.5	1	0.4795	"
}

@test "Agresti's 2 x 3 table: X^2 = 30.07015, df 2, p = 2.953589e-07, Cramer's V" {
	codings agresti > agresti.tsv
	run tx-compare --by locality agresti.tsv
	assert_success
	assert_line --index 0 "code	count_democrat	total_democrat	pct_democrat	count_independent	total_independent	pct_independent	count_republican	total_republican	pct_republican	test	statistic	df	p	q	cramers_v	h	only_in	pattern"
	# V = sqrt(30.07015 / 2757)
	assert_line --index 2 "Gender/Female	762	1246	61.2	327	566	57.8	468	945	49.5	chi2	30.0701	2	2.95359e-07	2.95359e-07	0.104436	0.235		more in Democrat"
}

@test "the Agresti table as a counts table gives the same comparison" {
	codings agresti > agresti.tsv
	printf 'locality\tcode\tsegments\tdocs\thits\ttotal_segments\ttotal_docs\n' > agresti.counts
	printf 'Democrat\t\t484\t484\t0\t1246\t1246\nDemocrat\tGender/Female\t762\t762\t762\t1246\t1246\n' >> agresti.counts
	printf 'Independent\t\t239\t239\t0\t566\t566\nIndependent\tGender/Female\t327\t327\t327\t566\t566\n' >> agresti.counts
	printf 'Republican\t\t477\t477\t0\t945\t945\nRepublican\tGender/Female\t468\t468\t468\t945\t945\n' >> agresti.counts
	run tx-compare --by locality agresti.counts
	assert_success
	assert_line --index 1 "Gender/Female	762	1246	61.2	327	566	57.8	468	945	49.5	chi2	30.0701	2	2.95359e-07	2.95359e-07	0.104436	0.235		more in Democrat"
	[ "$(tx-count --by locality agresti.tsv | tx-compare --by locality)" = "$(tx-compare --by locality agresti.tsv)" ]
}

@test "--test g2: Agresti's G^2 = 30.02, df 2" {
	codings agresti > agresti.tsv
	run tx-compare --by locality --test g2 agresti.tsv
	assert_line --index 2 --partial "	g2	30.0167	2	3.0336e-07	"
}

@test "--test fisher on 2 x k: Freeman-Halton by enumeration" {
	codings agresti > agresti.tsv
	run tx-compare --by locality --test fisher agresti.tsv
	assert_success
	assert_line --index 2 --partial "	fisher			3.02748e-07	"
	printf 'A\t6\tX=3\nB\t5\tX=0\nC\t7\tX=4\n' > small.tables
	awk -f "$C/tables.awk" small.tables > small.tsv
	run tx-compare --by locality small.tsv
	assert_line --index 1 --partial "	fisher			0.153155	"
}

@test "--fisher-limit: past it chi2 is used, with a warning, and the test column says so" {
	codings agresti > agresti.tsv
	run --separate-stderr tx-compare --by locality --test fisher --fisher-limit 1000 agresti.tsv
	assert_success
	assert_line --index 2 --partial "	chi2 (fisher limit)	30.0701	2	2.95359e-07	"
	[[ "$stderr" == *'tx-compare: code "Gender/Female": Fisher'*'more than 1000 tables (--fisher-limit); chi2 used instead'* ]]
}

@test "q is Benjamini-Hochberg across codes; the pattern rules in order" {
	codings pattern > pattern.tsv
	run tx-compare --by locality pattern.tsv
	assert_success
	# p: 9.3046e-06 0.230769 1 0.740269 0.73007 (m = 5): q = p * 5 / rank,
	# made monotone: 4.6523e-05 0.576923 1 0.925337 0.925337. Only North
	# carries Only, but q is not below 0.05: only_in says so, not the pattern.
	# h = |2 asin(sqrt(p1)) - 2 asin(sqrt(p2))| (python3 -c 'import math; ...'):
	# .9/.15 1.703, .15/0 0.795, .6/.7 0.210, .25/.35 0.219.
	assert_output "$(printf '%s\n' \
		"code	count_north	total_north	pct_north	count_south	total_south	pct_south	test	statistic	df	p	q	diff	log_ratio	h	only_in	pattern" \
		"Diff	18	20	90.0	3	20	15.0	chi2 (yates)	19.6491	1	9.3046e-06	4.6523e-05	75.0	2.58496	1.703		more in North" \
		"Only	3	20	15.0	0	20	0.0	fisher			0.230769	0.576923	15.0	2.58496	0.795	North	similar" \
		"Rare	1	20	5.0	1	20	5.0	fisher			1	1	0.0	0	0.000		rare" \
		"Shared	12	20	60.0	14	20	70.0	chi2 (yates)	0.10989	1	0.740269	0.925337	-10.0	-0.222392	0.210		shared" \
		"Similar	5	20	25.0	7	20	35.0	chi2 (yates)	0.119048	1	0.73007	0.925337	-10.0	-0.485427	0.219		similar")"
}

@test "--alpha, --shared-min and --rare-max move the labels" {
	codings pattern > pattern.tsv
	run bash -c "tx-compare --by locality --alpha 0.00001 pattern.tsv | cut -f1,17 | paste -sd,"
	assert_output "code	pattern,Diff	similar,Only	similar,Rare	rare,Shared	shared,Similar	similar"
	run bash -c "tx-compare --by locality --alpha 0.6 pattern.tsv | cut -f17 | paste -sd,"
	assert_output "pattern,more in North,only in North,rare,shared,similar"
	run bash -c "tx-compare --by locality --shared-min 25 pattern.tsv | cut -f17 | paste -sd,"
	assert_output "pattern,more in North,similar,rare,shared,shared"
	run bash -c "tx-compare --by locality --rare-max 40 pattern.tsv | cut -f17 | paste -sd,"
	assert_output "pattern,more in North,rare,rare,shared,rare"
	# shared is tried before rare
	run bash -c "tx-compare --by locality --rare-max 40 --shared-min 25 pattern.tsv | cut -f17 | paste -sd,"
	assert_output "pattern,more in North,rare,rare,shared,shared"
}

# A counts table by hand: group, cases carrying A, cases (twos to the end).
hand_counts() {
	printf 'locality\tcode\tsegments\tdocs\thits\ttotal_segments\ttotal_docs\n'
	while [ $# -gt 0 ]; do
		printf '%s\t\t0\t0\t0\t%s\t%s\n' "$1" "$3" "$3"
		printf '%s\tA\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$2" "$2" "$3" "$3"
		shift 3
	done
}

@test "only in needs evidence: 1 of 30 against 0 of 30 is rare, with only_in North" {
	hand_counts North 1 30 South 0 30 > one.counts
	run tx-compare --by locality one.counts
	assert_success
	# h = 2 asin(sqrt(1/30)) = 0.3672 (python3 -c 'import math; ...'), but p = 1
	assert_line --index 1 "A	1	30	3.3	0	30	0.0	fisher			1	1	3.3	1	0.367	North	rare"
	# with evidence it is a finding: 10 of 20 against 0 of 20
	hand_counts North 10 20 South 0 20 > ten.counts
	run bash -c "tx-compare --by locality ten.counts | cut -f11- | tail -n 1"
	assert_output "0.001015	0.001015	50.0	4.32193	1.571	North	only in North"
}

@test "--min-effect: q below alpha is not enough; Cohen's h must reach 0.2" {
	# 30% against 26% of 5000 each: q far below 0.05, h = 0.0888
	hand_counts North 1500 5000 South 1300 5000 > big.counts
	run bash -c "tx-compare --by locality big.counts | cut -f12,15- | tail -n 1"
	assert_output "9.33274e-06	0.089		similar"
	run bash -c "tx-compare --by locality --min-effect 0.08 big.counts | cut -f17 | tail -n 1"
	assert_output "more in North"
	# 0 asks for evidence alone, as before
	run bash -c "tx-compare --by locality --min-effect 0 big.counts | cut -f17 | tail -n 1"
	assert_output "more in North"
	# for more groups, h is that of the highest and the lowest
	hand_counts East 1400 5000 North 1500 5000 South 1300 5000 > three.counts
	run bash -c "tx-compare --by locality three.counts | cut -f17- | tail -n 1"
	assert_output "0.089		similar"
	run --separate-stderr tx-compare --by locality --min-effect 4 big.counts
	assert_failure 2
	[[ "$stderr" == *"--min-effect"* ]]
	run --separate-stderr tx-compare --by locality --min-effect x big.counts
	assert_failure 2
}

@test "a group with no cases takes no part in the tests and patterns, with a warning" {
	hand_counts Empty 0 0 North 9 10 South 1 10 > e1.counts
	run --separate-stderr tx-compare --by locality e1.counts
	assert_success
	assert_line --index 1 "A	0	0		9	10	90.0	1	10	10.0	chi2 (yates)	9.8	1	0.00174512	0.00174512	0.8	1.855		more in North"
	[ "$stderr" = 'tx-compare: group "Empty" of locality has no cases: it takes no part in the tests and patterns' ]
	# the same test as without the group
	run bash -c "tx-compare --by locality --groups North,South e1.counts | cut -f8-12"
	assert_line --index 1 "chi2 (yates)	9.8	1	0.00174512	0.00174512"
	hand_counts North 1 20 South 1 20 Empty 0 0 > e2.counts
	run bash -c "tx-compare --by locality e2.counts 2>/dev/null | cut -f18,19 | tail -n 1"
	assert_output "	rare"
	# fewer than two groups with cases: no comparison
	hand_counts Empty 0 0 North 9 10 > e3.counts
	run --separate-stderr tx-compare --by locality e3.counts
	assert_failure 1
	assert_output ''
	[[ "$stderr" == *'tx-compare: 1 group of locality has cases: a comparison needs two or more' ]]
}

@test "more in: groups tied for the highest percentage are all named" {
	codings ties > ties.tsv
	run tx-compare --by locality ties.tsv
	assert_success
	assert_line --index 1 "All but C	10	10	100.0	10	10	100.0	0	10	0.0	fisher			9.98502e-08	9.98502e-08	1	3.142		more in A, B"
}

@test "--groups chooses and orders the groups: diff is first minus second" {
	codings pattern > pattern.tsv
	run tx-compare --by locality --groups South,North pattern.tsv
	assert_success
	assert_line --index 0 --partial "code	count_south	total_south	pct_south	count_north"
	assert_line --index 1 --partial "	-75.0	-2.58496	1.703		more in North"
	# Two of Agresti's three groups: now a 2 x 2 table, with diff and log_ratio.
	codings agresti > agresti.tsv
	run tx-compare --by locality --groups Republican,Democrat agresti.tsv
	assert_line --index 0 "code	count_republican	total_republican	pct_republican	count_democrat	total_democrat	pct_democrat	test	statistic	df	p	q	diff	log_ratio	h	only_in	pattern"
	tx-compare --by locality --groups Republican,Democrat agresti.tsv > rd.tsv
	run field Gender/Female diff < rd.tsv
	assert_output "-11.6"  # 49.524 - 61.156
}

@test "--groups: codes carried only in groups left out are not listed" {
	printf 'North\t20\tA=5\nSouth\t20\tA=6\nEast\t10\tB=3\n' > three.tables
	awk -f "$C/tables.awk" three.tables > three.tsv
	run bash -c "tx-compare --by locality three.tsv | cut -f1 | paste -sd,"
	assert_output "code,A,B"
	run bash -c "tx-compare --by locality --groups North,South three.tsv | cut -f1 | paste -sd,"
	assert_output "code,A"
}

@test "--groups naming one group, or one that is not there, is a usage error" {
	codings pattern > pattern.tsv
	run --separate-stderr tx-compare --by locality --groups North pattern.tsv
	assert_failure 2
	assert_output ''
	[[ "$stderr" == "tx-compare: --groups names 1 group of locality: a comparison needs two or more"* ]]
	run --separate-stderr tx-compare --by locality --groups North,East pattern.tsv
	assert_failure 2
	[[ "$stderr" == 'tx-compare: --groups: no group "East" in column locality'* ]]
}

@test "--measure segments counts segments, not documents" {
	run tx-compare --by locality --measure segments "$FIX/count/codings.tsv"
	assert_success
	assert_line --index 1 --partial "Financial issues	2	5	40.0	1	6	16.7	rao-scott"
	run tx-compare --by locality --measure docs "$FIX/count/codings.tsv"
	assert_line --index 1 --partial "Financial issues	1	2	50.0	1	3	33.3	fisher"
}

@test "--long: one row per code and group" {
	codings chisq > chisq.tsv
	run tx-compare --by locality --long chisq.tsv
	assert_success
	assert_output "$(printf '%s\n' \
		"code	group	count	total	pct	test	statistic	df	p	q	diff	log_ratio	h	only_in	pattern" \
		"Access	North	12	17	70.6	chi2 (yates)	0.64112	1	0.423305	0.423305	20.6	0.4975	0.424		shared" \
		"Access	South	7	14	50.0	chi2 (yates)	0.64112	1	0.423305	0.423305	20.6	0.4975	0.424		shared")"
}

@test "--sort p, --sort diff, --sort code; default path order" {
	codings pattern > pattern.tsv
	run bash -c "tx-compare --by locality --sort p pattern.tsv | cut -f1 | paste -sd,"
	assert_output "code,Diff,Only,Similar,Shared,Rare"
	run bash -c "tx-compare --by locality --sort diff pattern.tsv | cut -f1 | paste -sd,"
	assert_output "code,Diff,Only,Shared,Similar,Rare"
	run bash -c "tx-compare --by locality --sort code pattern.tsv | cut -f1 | paste -sd,"
	assert_output "code,Diff,Only,Rare,Shared,Similar"
	run bash -c "tx-compare --by locality '$FIX/count/codings.tsv' | cut -f1 | paste -sd,"
	assert_output "code,Financial issues,Financial issues/GPs,Financial issues and costs,Trust,Workforce,Workforce/Recruitment,Workforce/Retention"
}

@test "--codebook: codes in the codebook's order, codes it lacks after" {
	codings pattern > pattern.tsv
	run bash -c "tx-compare --by locality --codebook '$C/codebook.csv' pattern.tsv | cut -f1 | paste -sd,"
	assert_success
	assert_output "code,Similar,Rare,Shared,Diff,Only"
	# ties of --sort diff fall back to the codebook order
	run bash -c "tx-compare --by locality -c '$C/codebook.csv' --sort diff pattern.tsv | cut -f1 | paste -sd,"
	assert_output "code,Diff,Only,Similar,Shared,Rare"
	printf 'code,pattern\nX,(\n' > bad.csv
	run --separate-stderr tx-compare --by locality --codebook bad.csv pattern.tsv
	assert_failure 2
	assert_output ''
}

@test "counts from shards are merged: the same comparison as from the whole" {
	codings pattern > pattern.tsv
	awk -F'\t' 'NR == 1 { h = $0; next } { f = "shard-" $1 ".tsv"; if (!(f in s)) { print h > f; s[f] = 1 } print > f }' pattern.tsv
	parallel --will-cite -j 2 'tx-count --by locality {} > {.}.counts' ::: shard-*.tsv
	run tx-compare --by locality shard-*.counts
	assert_success
	[ "$output" = "$(tx-compare --by locality pattern.tsv)" ]
}

@test "a missing --by, counts made without the column, a --by the input lacks: exit 2" {
	codings pattern > pattern.tsv
	run --separate-stderr tx-compare pattern.tsv
	assert_failure 2
	[[ "$stderr" == "tx-compare: --by COL is required"* ]]
	run --separate-stderr tx-compare --by region pattern.tsv
	assert_failure 2
	assert_output ''
	[[ "$stderr" == *'no column "region" to group by (--by)' ]]
	# a column that differs only in case: codings and a counts table
	run --separate-stderr tx-compare --by Locality pattern.tsv
	assert_failure 2
	[[ "$stderr" == *"pattern.tsv:1: no column \"Locality\" to group by (--by); columns are lower-case: did you mean 'locality'?" ]]
	tx-count --by locality pattern.tsv > pattern.counts
	run --separate-stderr tx-compare --by LOCALITY pattern.counts
	assert_failure 2
	[[ "$stderr" == *"no column \"LOCALITY\" to group by (--by); columns are lower-case: did you mean 'locality'?" ]]
	tx-count --by role "$FIX/count/codings.tsv" > role.counts
	run --separate-stderr tx-compare --by locality role.counts
	assert_failure 2
	assert_output ''
	[[ "$stderr" == *"role.counts:1: counts made without that column: tx-compare --by locality needs counts made with tx-count --by locality (or the codings stream)" ]]
	tx-count --by locality,role "$FIX/count/codings.tsv" > two.counts
	run --separate-stderr tx-compare --by locality two.counts
	assert_failure 2
	[[ "$stderr" == *"counts made with other --by columns too"* ]]
	run tx-compare --by locality,role pattern.tsv
	assert_failure 2
}

@test "fewer than two groups is a usage error" {
	grep -v South "$(printf '%s' "$FIX/count/codings.tsv")" > north.tsv
	run --separate-stderr tx-compare --by locality north.tsv
	assert_failure 2
	assert_output ''
	[[ "$stderr" == "tx-compare: only 1 group of locality: a comparison needs two or more" ]]
}

@test "bad option values are usage errors" {
	for bad in "--test t" "--measure words" "--sort size" "--alpha 2" "--shared-min x" "--rare-max -1" "--fisher-limit 0"; do
		run --separate-stderr tx-compare --by locality $bad "$FIX/count/codings.tsv"
		[ "$status" -eq 2 ] || fail "$bad exited $status"
		[ -z "$output" ] || fail "$bad wrote $output"
	done
}

@test "a segments stream, a ragged row: bad data, exit 1, nothing written" {
	cut -f1-10,15 "$FIX/count/codings.tsv" > segments.tsv
	run --separate-stderr tx-compare --by locality segments.tsv
	assert_failure 1
	assert_output ''
	[[ "$stderr" == *'no column "code": not a codings stream'* ]]
	{ cat "$FIX/count/codings.tsv"; printf 'x\ty\n'; } > ragged.tsv
	run --separate-stderr tx-compare --by locality ragged.tsv
	assert_failure 1
	assert_output ''
	[ "$stderr" = "tx-compare: ragged.tsv:16: 2 fields where the header has 15" ]
}

@test "two groups that make one column name are an error naming both" {
	printf 'North-East\t3\tX=1\nNorth East\t3\tX=2\n' > clash.tables
	awk -f "$C/tables.awk" clash.tables > clash.tsv
	run --separate-stderr tx-compare --by locality clash.tsv
	assert_failure 1
	assert_output ''
	[ "$stderr" = 'tx-compare: groups "North East" and "North-East" both make the column name "north_east"' ]
}

@test "empty input gives nothing; a header-only stream a header-only result" {
	run tx-compare --by locality < /dev/null
	assert_success
	assert_output ''
	head -n 1 "$FIX/count/codings.tsv" > header.tsv
	run tx-compare --by locality header.tsv
	assert_success
	assert_output "code	test	statistic	df	p	q	diff	log_ratio	h	only_in	pattern"
	# segments of a codings stream are tested with Rao-Scott: its ddf too
	run tx-compare --by locality --measure segments header.tsv
	assert_success
	assert_output "code	test	statistic	df	ddf	p	q	diff	log_ratio	h	only_in	pattern"
}

@test "a full disk is exit 1; a closed pipe ends quietly with exit 0" {
	codings agresti > agresti.tsv
	run --separate-stderr bash -c "tx-compare --by locality agresti.tsv > /dev/full"
	assert_failure 1
	[[ "$stderr" == *"write error"* ]]
	# many codes, so that the output outlasts the pipe's buffer
	awk 'BEGIN { OFS = "\t"; print "doc", "seg", "locality", "code", "hits"
		for (d = 1; d <= 40; d++) for (c = 1; c <= 3000; c++)
			if ((d * c) % 3) print "d" d, c, (d % 2 ? "A" : "B"), "Code " c, 1 }' > many.tsv
	run --separate-stderr bash -c 'set -o pipefail; tx-compare --by locality --long many.tsv | head -n 1'
	assert_success
	[ -z "$stderr" ]
}

@test "-h and --help print usage; --version" {
	run tx-compare -h
	assert_success
	assert_line --index 0 --partial "usage: tx-compare"
	run tx-compare --help
	assert_output --partial "--fisher-limit"
	run tx-compare --version
	assert_output "tx-compare 0.1.0"
}

@test "--max-field: a longer field is an error naming file and line, nothing written" {
	long=$BATS_TEST_TMPDIR/long.tsv
	printf 'doc\tseg\tcode\thits\tg\ttext\nd\t1\tA\t1\tx\tshort\ne\t2\tA\t1\ty\t%s\n' \
		"$(printf '%040d' 0)" >"$long"
	run --separate-stderr tx-compare --by g --max-field 10 "$long"
	[ "$status" -eq 1 ]
	[ "$stderr" = "tx-compare: $long:3: field longer than 10 bytes (--max-field)" ]
	[ -z "$output" ]
	run tx-compare --by g --max-field 1M "$long"
	assert_success
	assert_line --index 1 --partial "$(printf 'A\t1\t1\t100')"
	run --separate-stderr tx-compare --by g --max-field -1 "$long"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = 'tx-compare: --max-field: "-1" is not a size in bytes (a number, or with K, M or G)' ]
}

# Cases and clustered segments (issue "Evidence that holds up").
# tests/fixtures/cases: f1, f2, f3 are codings of segments nested in cases
# (speaker) by group (day), one code K; hearing.tsv has speakers A, B, C
# over two days, A on both. The expected Rao-Scott values are R's (4.x,
# survey package), the segments as rows:
#   library(survey); options(digits = 15)
#   d <- data.frame(case, day, carries)            one row per segment
#   r <- svychisq(~carries + day, svydesign(ids = ~case, data = d))
#   r$statistic; r$parameter; r$p.value
# f1: F = 12.5559440559441, ndf = 1, ddf = 5, p = 0.0165021708266835
# f2: F = 11.0201640656045, ndf = 1.8303127743494, ddf = 12.8121894204458,
#     p = 0.00194753509332914
# f3: F = 4.42859637460728, ndf = 1, ddf = 4, p = 0.103137173572069
# hearing.tsv, code X/y: F = 3.77142857142857, ndf = 1, ddf = 2,
#     p = 0.191627965269299
# count/codings.tsv, Financial issues, cases = doc, by locality
#     (segments carrying any Financial issues code):
#     F = 0.840465235173824, ndf = 1, ddf = 4, p = 0.411136197369229
# (lib/stats.c is checked to 1e-6 against the same values in
# tests/unit/stats.c; the output has 6 significant digits.)

@test "--measure segments: Rao-Scott F with cases as clusters, as R's svychisq (f1)" {
	run tx-compare --by day --case speaker --measure segments "$FIX/cases/f1.tsv"
	assert_success
	assert_line --index 0 "code	count_x	total_x	pct_x	count_y	total_y	pct_y	test	statistic	df	ddf	p	q	diff	log_ratio	h	only_in	pattern"
	assert_line --index 1 "K	8	12	66.7	3	15	20.0	rao-scott	12.5559	1	5	0.0165022	0.0165022	46.7	1.73697	0.983		more in x"
}

@test "Rao-Scott on three groups: F, fractional ndf and ddf, p as R's svychisq (f2)" {
	run tx-compare --by day --case speaker --measure segments "$FIX/cases/f2.tsv"
	assert_success
	assert_line --index 1 "K	3	13	23.1	7	10	70.0	4	14	28.6	rao-scott	11.0202	1.83031	12.8122	0.00194754	0.00194754	0.406474	0.980		more in y"
}

@test "Rao-Scott: a case in two groups is one cluster (f3: ddf 4 of 5 cases)" {
	run tx-compare --by day --case speaker --measure segments "$FIX/cases/f3.tsv"
	assert_success
	assert_line --index 1 "K	5	9	55.6	0	10	0.0	rao-scott	4.4286	1	4	0.103137	0.103137	55.6	3.47393	1.682	x	similar"
}

@test "Rao-Scott: witnesses interleaved in a day, one heard on both days" {
	run tx-compare --by day --case speaker --measure segments "$FIX/cases/hearing.tsv"
	assert_success
	assert_line --index 1 "X	2	3	66.7	2	3	66.7	rao-scott	0	1	2	1	1	0.0	0	0.000		shared"
	assert_line --index 2 "X/y	1	3	33.3	0	3	0.0	rao-scott	3.77143	1	2	0.191628	0.383256	33.3	1	1.231	mon	similar"
}

@test "--measure segments without --case: the documents are the clusters" {
	run tx-compare --by locality --measure segments "$FIX/count/codings.tsv"
	assert_success
	assert_line --index 1 "Financial issues	2	5	40.0	1	6	16.7	rao-scott	0.840465	1	4	0.411136	0.437519	23.3	1.26303	0.528		similar"
}

@test "--test chi2 keeps the plain chi-square on segments, no ddf column" {
	run tx-compare --by day --case speaker --measure segments --test chi2 --no-yates "$FIX/cases/f1.tsv"
	assert_success
	assert_line --index 0 "code	count_x	total_x	pct_x	count_y	total_y	pct_y	test	statistic	df	p	q	diff	log_ratio	h	only_in	pattern"
	assert_line --index 1 "K	8	12	66.7	3	15	20.0	chi2	6.01364	1	0.0141957	0.0141957	46.7	1.73697	0.983		more in x"
}

@test "Rao-Scott with the long form: ddf after df on every row" {
	run tx-compare --by day --case speaker --measure segments --long "$FIX/cases/f1.tsv"
	assert_success
	assert_line --index 0 "code	group	count	total	pct	test	statistic	df	ddf	p	q	diff	log_ratio	h	only_in	pattern"
	assert_line --index 2 "K	y	3	15	20.0	rao-scott	12.5559	1	5	0.0165022	0.0165022	46.7	1.73697	0.983		more in x"
}

@test "Rao-Scott: a group of one case cannot be corrected, and the row says so" {
	run --separate-stderr tx-compare --by day --measure segments "$FIX/cases/f1.tsv"
	assert_success
	assert_line --index 1 "K	8	12	66.7	3	15	20.0	rao-scott unavailable: 1 case of doc in group x						46.7	1.73697	0.983		similar"
	[ "$stderr" = "tx-compare: rao-scott unavailable: 1 case of doc in group x: segments nested in cases cannot be tested (--test chi2 tests them as independent)" ]
}

@test "--case speaker: the groups' witnesses are counted, not their documents" {
	run tx-compare --by day --case speaker "$FIX/cases/hearing.tsv"
	assert_success
	assert_line --index 1 "X	1	2	50.0	2	3	66.7	fisher			1	1	-16.7	-0.415037	0.340		shared"
	assert_line --index 2 "X/y	1	2	50.0	0	3	0.0	fisher			0.4	0.8	50.0	1.58496	1.571	mon	similar"
}

@test "a counts table and --measure segments: no Rao-Scott, a warning, the test named" {
	tx-count --by day --case speaker "$FIX/cases/f1.tsv" > f1.counts
	run --separate-stderr tx-compare --by day --measure segments f1.counts
	assert_success
	assert_line --index 1 "K	8	12	66.7	3	15	20.0	fisher			0.0219919	0.0219919	46.7	1.73697	0.983		more in x"
	[ "$stderr" = "tx-compare: a counts table has no segments per speaker: Rao-Scott is unavailable, and segments are tested as independent units (the test column names the test; give the codings stream to test them in their cases)" ]
}

@test "a counts table of cases: compared as the cases it counted" {
	tx-count --by day --case speaker "$FIX/cases/hearing.tsv" > hearing.counts
	run tx-compare --by day hearing.counts
	assert_success
	assert_line --index 1 "X	1	2	50.0	2	3	66.7	fisher			1	1	-16.7	-0.415037	0.340		shared"
}

@test "--case and a counts table of another unit: exit 2" {
	tx-count --by day --case speaker "$FIX/cases/hearing.tsv" > hearing.counts
	run --separate-stderr tx-compare --by day --case doc hearing.counts
	assert_failure 2
	[ "$stderr" = "tx-compare: hearing.counts:2: counts of doc and of speaker: counts of two units (--case) neither add up nor compare; count both by one" ]
}

@test "--test rao-scott needs segments, and the codings stream" {
	run --separate-stderr tx-compare --by day --test rao-scott "$FIX/cases/f1.tsv"
	assert_failure 2
	[ "${stderr_lines[0]}" = "tx-compare: --test rao-scott: for --measure segments (with --measure docs, the cases are the units)" ]
	tx-count --by day "$FIX/cases/f1.tsv" > f1.counts
	run --separate-stderr tx-compare --by day --measure segments --test rao-scott f1.counts
	assert_failure 2
	[ "$stderr" = "tx-compare: --test rao-scott needs the segments of each case: give the codings stream, not a counts table" ]
}

@test "--case: a column the codings lack is exit 2; code is not a case" {
	run --separate-stderr tx-compare --by day --case witness "$FIX/cases/f1.tsv"
	assert_failure 2
	[ "$stderr" = "tx-compare: $FIX/cases/f1.tsv:1: no column \"witness\" to count as the cases (--case)" ]
	run --separate-stderr tx-compare --by day --case code "$FIX/cases/f1.tsv"
	assert_failure 2
	[ "${stderr_lines[0]}" = "tx-compare: --case code: the cases are the values of a column such as doc or speaker" ]
}

# --cases FILE: tests/fixtures/cases/witnesses.csv lists Eve in Scotland,
# who has no turn in nations.tsv: Scotland's cases are 3 (Cat, Dan, Eve),
# of which Dan carries X; Wales's 2 (Ann, Bob), of which Ann carries X
# and X/y. Fisher's p for 1/3 against 1/2: 1; for 0/3 against 1/2: 0.4
# (R: fisher.test(matrix(c(0, 3, 1, 1), 2))$p.value).

@test "--cases: a witness with no turn is in the group's total of cases" {
	run tx-compare --by nation --case speaker --cases "$FIX/cases/witnesses.csv" "$FIX/cases/nations.tsv"
	assert_success
	assert_output "$(printf '%s\n' \
		"code	count_scotland	total_scotland	pct_scotland	count_wales	total_wales	pct_wales	test	statistic	df	p	q	diff	log_ratio	h	only_in	pattern" \
		"X	1	3	33.3	1	2	50.0	fisher			1	1	-16.7	-0.584963	0.340		similar" \
		"X/y	0	3	0.0	1	2	50.0	fisher			0.4	0.8	-50.0	-1.58496	1.571	Wales	similar")"
}

@test "--cases with segments: totals of segments unchanged, Rao-Scott's clusters too" {
	run tx-compare --by nation --case speaker --measure segments --cases "$FIX/cases/witnesses.csv" "$FIX/cases/nations.tsv"
	assert_success
	assert_output "$(tx-compare --by nation --case speaker --measure segments "$FIX/cases/nations.tsv")"
}

@test "--cases: with a counts table exit 2; a sheet that disagrees exit 1; nothing written" {
	tx-count --by nation --case speaker "$FIX/cases/nations.tsv" > counts.tsv
	fails_with 2 "counts.tsv:1: a counts table: --cases needs the codings stream (or give it to tx-count)" \
		tx-compare --by nation --cases "$FIX/cases/witnesses.csv" counts.tsv
	grep -v '^Dan' "$FIX/cases/witnesses.csv" > nodan.csv
	fails_with 1 'nodan.csv: speaker "Dan" of the codings is not in the sheet: --cases lists every case, one row each' \
		tx-compare --by nation --case speaker --cases nodan.csv "$FIX/cases/nations.tsv"
}
