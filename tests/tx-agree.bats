#!/usr/bin/env bats
# tx-agree: agreement between coders, and codebooks against human coding
# (issue 8).
#
# Fixtures in fixtures/agree, written for these tests:
#   auto.tsv, ann.tsv, ben.tsv   three coders' codings of 7 segments of two
#                  documents (Cost/Fees, Cost/Travel, Trust); ben did not
#                  judge B/2. two.out, three.out and disagreements.out were
#                  checked against an independent computation in exact
#                  fractions (Python), and Trust's kappa by hand: p_o = 3/7,
#                  p_e = 23/49, kappa = -2/26.
#   rare.tsv       a code only auto applied, to a segment no one else judged
#   *.tab, *.txt   published data sets, each with its source and published
#                  values in its comments; table.awk and matrix.awk make
#                  them codings streams (a value v is the code D/v)
#
# Published values are checked to 1e-6 where they were published to 7
# digits, else to the digits published; the tool writes 6 significant
# digits.

load helper

A=$FIX/agree

# A published table or matrix of ratings as a codings stream, through
# tx-agree --domain D with any further options.
known() {
	local f=$1
	shift
	case $f in
	*.tab) awk -v domain=D -f "$A/table.awk" "$A/$f" ;;
	*) awk -v domain=D -f "$A/matrix.awk" "$A/$f" ;;
	esac | tx-agree --domain D "$@"
}

# The field of column $2 in the row whose code is $1, from $output.
field() {
	printf '%s\n' "$output" | awk -F'\t' -v code="$1" -v name="$2" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next }
		$1 == code && c { print $c; found = 1 }
		END { exit !found }'
}

# Is column $2 of row $1 within $4 of $3?
near() {
	local got
	got=$(field "$1" "$2") || fail "no column $2 in row $1: $output"
	awk -v g="$got" -v w="$3" -v t="$4" -v name="$2" 'BEGIN {
		if (g == "" || (g - w) > t || (w - g) > t) {
			printf "%s: got \"%s\", want %s (tolerance %s)\n", name, g, w, t
			exit 1
		} }'
}

@test "Cohen (1960) p.45: 200 units, 3 categories, kappa = .492 (0.491525)" {
	run known cohen1960.tab
	assert_success
	near D cohen_kappa 0.4915254 1e-6
	near D agreement 70.0 0.05
	near D units 200 0
	# The counts of a domain: both coders applied some category.
	near D both 200 0
	near D neither 0 0
}

@test "Fleiss (1971): 30 patients, 6 raters, 5 diagnoses, kappa = 0.4302445 (irr)" {
	run known fleiss1971.txt
	assert_success
	near D fleiss_kappa 0.4302445 1e-6
	near D units 30 0
	# Cohen's kappa is for two coders only: empty with six.
	[ "$(field D cohen_kappa)" = "" ]
}

@test "irrCAC distrib.6raters (Fleiss's first 15 patients): Fleiss, Krippendorff, Brennan-Prediger" {
	run bash -c "head -n 25 '$A/fleiss1971.txt' | awk -v domain=D -f '$A/matrix.awk' | tx-agree --domain D"
	assert_success
	near D units 15 0
	near D fleiss_kappa 0.4139265 1e-6
	near D krippendorff_alpha 0.4204384 1e-6
	near D brennan_prediger 0.4388889 1e-6
}

@test "Krippendorff (2011): 4 coders, 12 units, missing values, nominal alpha = 0.743421" {
	run known krippendorff2011.txt
	assert_success
	near D krippendorff_alpha 0.7434211 1e-6
	# irrCAC bp.coeff.raw: 0.77273 (p_a 0.8181818, q = 5): (9/11 - 1/5) / (4/5).
	near D brennan_prediger 0.7727273 1e-6
	# Unit 12 has one value: it is in no statistic.
	near D units 11 0
}

@test "irrCAC cont3x3abstractors: Cohen, Scott (Fleiss with 2 coders), Krippendorff, BP, agreement" {
	run known abstractors.tab
	assert_success
	near D cohen_kappa 0.7964094 1e-6
	near D fleiss_kappa 0.7962397 1e-6
	near D krippendorff_alpha 0.7972585 1e-6
	near D brennan_prediger 0.835 1e-6
	near D agreement 89.0 0.05
}

@test "irr anxiety, raters 2 and 3: kappa2 = -0.006289308" {
	run bash -c "grep -v '^#' '$A/anxiety.txt' | awk '{ print \$2, \$3 }' \
	    | awk -v domain=D -f '$A/matrix.awk' | tx-agree -D D"
	assert_success
	near D cohen_kappa -0.006289308 1e-6
}

@test "a binary code: Wikipedia's 50 proposals, kappa = 0.4, counts both only_a only_b neither" {
	run bash -c "awk -v domain=Fund -f '$A/table.awk' '$A/wikipedia.tab' | tx-agree"
	assert_success
	assert_line --index 0 "$(printf 'code\tunits\tboth\tonly_a\tonly_b\tneither\tagreement\tcohen_kappa\tfleiss_kappa\tkrippendorff_alpha\tbrennan_prediger')"
	assert_line "$(printf 'Fund/x\t50\t20\t5\t10\t15\t70.0\t0.4\t0.393939\t0.4\t0.4')"
}

@test "a binary code: Krippendorff (2011) section A, alpha = 0.095 (2/21)" {
	run bash -c "awk -v domain=K -f '$A/matrix.awk' '$A/krippendorff2011-binary.txt' | tx-agree -R"
	assert_success
	near K/x krippendorff_alpha 0.0952381 1e-6
	near K/x both 1 0
	near K/x neither 5 0
}

@test "two coders: per code with roll-up, then the pooled row" {
	run --separate-stderr tx-agree "$A/auto.tsv" "$A/ann.tsv"
	assert_success
	[ -z "$stderr" ]
	assert_output "$(cat "$A/two.out")"
}

@test "the same from standard input: cat auto.tsv ann.tsv | tx-agree" {
	run bash -c "cat '$A/auto.tsv' '$A/ann.tsv' | tx-agree"
	assert_success
	assert_output "$(cat "$A/two.out")"
}

@test "three coders, one segment not judged by one: --reference gives precision, recall, F1" {
	run tx-agree --reference ann "$A/auto.tsv" "$A/ann.tsv" "$A/ben.tsv"
	assert_success
	assert_output "$(cat "$A/three.out")"
	# No both/only columns, and no Cohen's kappa, with three coders.
	refute_output --partial only_
	[ "$(field Trust cohen_kappa)" = "" ]
}

@test "-r is --reference; precision and recall of the reference itself are not written" {
	run tx-agree -r auto "$A/auto.tsv" "$A/ann.tsv"
	assert_success
	assert_line --index 0 --partial "$(printf 'brennan_prediger\tprecision_ann\trecall_ann\tf1_ann')"
	refute_output --partial precision_auto
	# ann against auto on Trust: tp 1 (B/3), fp 3, fn 1.
	near Trust precision_ann 0.25 1e-9
	near Trust recall_ann 0.5 1e-9
	near Trust f1_ann 0.333333 1e-6
}

@test "--disagreements: doc seg code, 1/0 per coder, empty where not judged, text" {
	run tx-agree --disagreements "$A/auto.tsv" "$A/ann.tsv" "$A/ben.tsv"
	assert_success
	assert_output "$(cat "$A/disagreements.out")"
	assert_line "$(printf 'B\t2\tTrust\t0\t1\t\tNothing else.')"
}

@test "-d is --disagreements; without a text column, none is written" {
	run bash -c "cat '$A/auto.tsv' '$A/ann.tsv' | cut -f 1-7 | tx-agree -d"
	assert_success
	assert_line --index 0 "$(printf 'doc\tseg\tcode\tauto\tann')"
	assert_line "$(printf 'A\t3\tTrust\t0\t1')"
}

@test "--no-rollup: codes as written, no ancestor rows; the pool is the same" {
	run tx-agree --no-rollup "$A/auto.tsv" "$A/ann.tsv"
	assert_success
	refute_line --regexp '^Cost	'
	assert_line "$(grep '^\*' "$A/two.out")"
	run tx-agree -R "$A/auto.tsv" "$A/ann.tsv"
	assert_success
	refute_line --regexp '^Cost	'
}

@test "the pool takes each code as written once: ancestors from roll-up are not in it" {
	run tx-agree "$A/auto.tsv" "$A/ann.tsv"
	# 7 segments x 3 codes written (Cost/Fees, Cost/Travel, Trust).
	near '*' units 21 0
}

@test "a code no coder applied where two judged: kappas and alpha empty, not 1" {
	run tx-agree "$A/auto.tsv" "$A/rare.tsv" "$A/ann.tsv"
	assert_success
	assert_line "$(printf 'Rare\t7\t0\t0\t0\t7\t100.0\t\t\t\t1')"
}

@test "--domain: the children of a path as one nominal variable, with --multi skip" {
	run --separate-stderr tx-agree --domain Cost --multi skip "$A/auto.tsv" "$A/ann.tsv"
	assert_success
	assert_equal "$stderr" 'tx-agree: --domain "Cost": 1 segment left out: a coder applied two or more of its codes'
	assert_line --index 0 "$(head -n 1 "$A/two.out")"
	# A/4 left out: Fees/Fees (A/1), Travel/Travel (B/1), none for the rest.
	assert_line --index 1 "$(printf 'Cost\t6\t2\t0\t0\t4\t100.0\t1\t1\t1\t1')"
	[ "${#lines[@]}" -eq 2 ]
}

@test "--domain: two codes of the domain on a segment are an error naming it; nothing written" {
	run --separate-stderr tx-agree -D Cost "$A/auto.tsv" "$A/ann.tsv"
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'tx-agree: doc "A" seg "4": coder "auto" applied two codes of the domain "Cost": "Cost/Fees" and "Cost/Travel" (--multi skip leaves such segments out)'
	run --separate-stderr tx-agree -D Cost --multi error "$A/auto.tsv" "$A/ann.tsv"
	assert_failure 1
}

@test "--domain with --disagreements: each coder's category, none, or empty" {
	run --separate-stderr tx-agree -D Cost --multi skip -d "$A/auto.tsv" "$A/ann.tsv" "$A/ben.tsv"
	assert_success
	assert_output "$(printf 'doc\tseg\tcode\tauto\tann\tben\ttext')"
	printf 'doc\tseg\tcode\thits\tmatch\tcoder\ttext\nA\t1\tCost/Fees\t1\t\tx\tt\nA\t1\tCost/Travel\t1\t\ty\tt\nA\t2\t\t0\t\tx\tu\nA\t2\tCost/Fees\t1\t\tz\tu\n' > dom.tsv
	run tx-agree -D Cost -d dom.tsv
	assert_success
	assert_line --index 1 "$(printf 'A\t1\tCost\tFees\tTravel\t\tt')"
	assert_line --index 2 "$(printf 'A\t2\tCost\tnone\t\tFees\tu')"
}

@test "--domain with no code below it: a warning and a row with undefined statistics" {
	run --separate-stderr tx-agree --domain Nothing "$A/auto.tsv" "$A/ann.tsv"
	assert_success
	assert_equal "$stderr" 'tx-agree: --domain "Nothing": no code below it in the input'
	assert_line --index 1 "$(printf 'Nothing\t7\t0\t0\t0\t7\t100.0\t\t\t\t')"
}

@test "--domain path must be a path" {
	run --separate-stderr tx-agree --domain /Cost "$A/auto.tsv" "$A/ann.tsv"
	assert_failure 2
	assert_output ''
	run --separate-stderr tx-agree --domain '' "$A/auto.tsv" "$A/ann.tsv"
	assert_failure 2
}

@test "--multi takes error or skip" {
	run --separate-stderr tx-agree --multi sometimes "$A/auto.tsv" "$A/ann.tsv"
	assert_failure 2
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'tx-agree: --multi: "sometimes" is not one of error, skip'
}

@test "--reference naming no coder of the input is a usage error" {
	run --separate-stderr tx-agree --reference nobody "$A/auto.tsv" "$A/ann.tsv"
	assert_failure 2
	assert_output ''
	assert_equal "$stderr" 'tx-agree: --reference "nobody": no such coder in the input'
}

@test "--reference does not go with --disagreements" {
	run --separate-stderr tx-agree -r ann -d "$A/auto.tsv" "$A/ann.tsv"
	assert_failure 2
	assert_output ''
}

@test "one coder only is an error: agreement needs two" {
	run --separate-stderr tx-agree "$A/auto.tsv"
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'tx-agree: one coder only ("auto"): agreement needs the codings of two or more on the same segments (cat auto.tsv human.tsv | tx-agree)'
}

@test "coders that make one column name are an error naming both" {
	sed 's/\tann\t/\tAuto\t/' "$A/ann.tsv" > auto2.tsv
	run --separate-stderr tx-agree "$A/auto.tsv" auto2.tsv
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'tx-agree: coders "auto" and "Auto" both make the column name "auto"'
}

@test "a coder named like a column of --disagreements is an error" {
	sed 's/\tann\t/\tText\t/' "$A/ann.tsv" > text.tsv
	run --separate-stderr tx-agree -d "$A/auto.tsv" text.tsv
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'tx-agree: coder "Text" makes the column name "text", which --disagreements writes already'
}

@test "two coders with another text for one segment: segmented differently, an error" {
	sed 's/They listen\./They listened./' "$A/ann.tsv" > ann2.tsv
	run --separate-stderr tx-agree "$A/auto.tsv" ann2.tsv
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'tx-agree: ann2.tsv:9: doc "B" seg "3": coder "ann" has another text for this segment than coder "auto": were they coded from the same segments?'
}

@test "an empty coder is an error naming file and line" {
	sed '3s/\tann\t/\t\t/' "$A/ann.tsv" > noname.tsv
	run --separate-stderr tx-agree "$A/auto.tsv" noname.tsv
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'tx-agree: noname.tsv:3: empty coder: every row needs one'
}

@test "a stream without a coder column is an error (exit 1)" {
	cut -f 1-6,8 "$A/auto.tsv" > nocoder.tsv
	run --separate-stderr tx-agree nocoder.tsv
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'tx-agree: nocoder.tsv:1: no column "coder": tx-agree reads codings (tx-code output)'
}

@test "empty input: nothing, exit 0; a header alone: the header alone" {
	run tx-agree < /dev/null
	assert_success
	assert_output ''
	run bash -c "head -n 1 '$A/auto.tsv' | tx-agree"
	assert_success
	assert_output "$(printf 'code\tunits\tagreement\tcohen_kappa\tfleiss_kappa\tkrippendorff_alpha\tbrennan_prediger')"
}

@test "CRLF line ends and a byte-order mark are accepted" {
	{ printf '\xef\xbb\xbf'; sed 's/$/\r/' "$A/auto.tsv"; } > crlf.tsv
	run tx-agree crlf.tsv "$A/ann.tsv"
	assert_success
	assert_output "$(cat "$A/two.out")"
}

@test "bad data: a ragged row, invalid UTF-8: exit 1, nothing written" {
	{ cat "$A/auto.tsv"; printf 'A\t9\tP\n'; } > ragged.tsv
	run --separate-stderr tx-agree ragged.tsv "$A/ann.tsv"
	assert_failure 1
	assert_output ''
	[[ "$stderr" == "tx-agree: ragged.tsv:10: "* ]]
	{ cat "$A/auto.tsv"; printf 'A\t9\tP\tTrust\t1\t\tauto\t\xff\n'; } > bad.tsv
	run --separate-stderr tx-agree bad.tsv "$A/ann.tsv"
	assert_failure 1
	assert_output ''
	[[ "$stderr" == *"bad.tsv:10: "*UTF-8* ]]
}

@test "a missing input file is reported, the rest read, exit 1" {
	run --separate-stderr tx-agree "$A/auto.tsv" no-such-file.tsv "$A/ann.tsv"
	assert_failure 1
	assert_output "$(cat "$A/two.out")"
	[[ "$stderr" == *"no-such-file.tsv"* ]]
}

@test "--max-field: a longer field is an error" {
	run --separate-stderr tx-agree --max-field 16 "$A/auto.tsv" "$A/ann.tsv"
	assert_failure 1
	assert_output ''
	run tx-agree --max-field 1K "$A/auto.tsv" "$A/ann.tsv"
	assert_success
}

@test "a full disk is exit 1; a closed pipe ends quietly with exit 0" {
	run --separate-stderr bash -c "tx-agree '$A/auto.tsv' '$A/ann.tsv' > /dev/full"
	assert_failure 1
	[[ "$stderr" == *"No space left on device"* ]]
	# Enough disagreements to fill a pipe: 40000 segments, two coders.
	awk 'BEGIN { OFS = "\t"; print "doc", "seg", "code", "coder"
		for (i = 1; i <= 40000; i++) { print "d", i, "X", "a"; print "d", i, "", "b" } }' > many.tsv
	run --separate-stderr bash -c "tx-agree --disagreements many.tsv | head -n 2; echo \"\${PIPESTATUS[0]}\""
	assert_success
	assert_line --index 2 0
	[ -z "$stderr" ]
}

# --codes: the scope trap (issue "Evidence that holds up", 6). Fixtures in
# fixtures/agree/scope: team coded Keep on D/1 and D/2 and only Other on
# D/3; auto coded Keep on D/1 and D/3. Dropping Other's rows makes D/3 a
# segment the team did not judge (3 units, kappa 0.4: p_o 2/3, p_e 4/9);
# --codes keeps it a judgement of no Keep (4 units, p_o = p_e = 1/2,
# kappa 0).
S=$A/scope

@test "--codes: a stream with the other codes' rows dropped loses their segments" {
	run bash -c "grep -v Other '$S/team.tsv' | cat - '$S/auto.tsv' | tx-agree"
	assert_success
	assert_output "$(printf 'code\tunits\tboth\tonly_team\tonly_auto\tneither\tagreement\tcohen_kappa\tfleiss_kappa\tkrippendorff_alpha\tbrennan_prediger
Keep\t3\t1\t1\t0\t1\t66.7\t0.4\t0.333333\t0.444444\t0.333333
*\t3\t1\t1\t0\t1\t66.7\t0.4\t0.333333\t0.444444\t0.333333')"
}

@test "--codes list: every segment stays judged, only the codes listed compared" {
	want="$(printf 'code\tunits\tboth\tonly_team\tonly_auto\tneither\tagreement\tcohen_kappa\tfleiss_kappa\tkrippendorff_alpha\tbrennan_prediger
Keep\t4\t1\t1\t1\t1\t50.0\t0\t0\t0.125\t0
*\t4\t1\t1\t1\t1\t50.0\t0\t0\t0.125\t0')"
	run --separate-stderr tx-agree --codes "$S/codes.txt" "$S/team.tsv" "$S/auto.tsv"
	assert_success
	[ -z "$stderr" ]
	assert_output "$want"
	# A codebook (its column "code"; a row with no code adds to the one above).
	run tx-agree -c "$S/codebook.csv" "$S/team.tsv" "$S/auto.tsv"
	assert_success
	assert_output "$want"
	# The same codebook from a pipe, read once.
	run --separate-stderr tx-agree -c <(cat "$S/codebook.csv") "$S/team.tsv" "$S/auto.tsv"
	assert_success
	assert_equal "$stderr" ""
	assert_output "$want"
}

@test "--codes: a listed code's descendants count for it with roll-up, not with -R" {
	printf 'Cost\n' > cost.txt
	run tx-agree --codes cost.txt "$A/auto.tsv" "$A/ann.tsv"
	assert_success
	assert_line --index 1 "$(printf 'Cost\t7\t3\t0\t0\t4\t100.0\t1\t1\t1\t1')"
	refute_line --regexp '^(Cost/|Trust)'
	run tx-agree -R --codes cost.txt "$A/auto.tsv" "$A/ann.tsv"
	assert_success
	assert_line --index 1 "$(printf 'Cost\t7\t0\t0\t0\t7\t100.0\t\t\t\t1')"
}

@test "--codes with --domain: Brennan-Prediger's q counts every listed child and none" {
	printf 'D/1\nD/2\nD/3\nD/4\nD/5\n' > values.txt
	# Without: q = 5, the categories that occur: (9/11 - 1/5) / (4/5).
	run known krippendorff2011.txt
	near D brennan_prediger 0.7727273 1e-6
	# With: q = 6, none included: (9/11 - 1/6) / (5/6) = 43/55.
	run known krippendorff2011.txt --codes values.txt
	assert_success
	near D brennan_prediger 0.7818182 1e-6
	near D krippendorff_alpha 0.7434211 1e-6
}

@test "--codes: an empty level, no code, a missing file are usage errors" {
	printf 'Cost//Fees\n' > bad.txt
	run --separate-stderr tx-agree --codes bad.txt "$A/auto.tsv" "$A/ann.tsv"
	assert_failure 2
	assert_output ''
	assert_equal "$stderr" 'tx-agree: bad.txt:1: --codes: code "Cost//Fees": a level of the path is empty'
	printf '\n\n' > none.txt
	run --separate-stderr tx-agree --codes none.txt "$A/auto.tsv"
	assert_failure 2
	assert_equal "$stderr" 'tx-agree: none.txt: --codes: no code in it (a codebook with a column "code", or one code a line)'
	run --separate-stderr tx-agree --codes nonexistent.txt "$A/auto.tsv"
	assert_failure 2
	assert_output ''
}

# The pooled row's Cohen's kappa is De Vries et al.'s (2008). In
# fixtures/agree/pooled.tsv, worked by hand: code A (x on 1 2 3, y on 1 2
# 4, 5 segments) p_o 3/5, p_e 13/25, kappa 1/6; code B (x on 1, y on 1 5)
# p_o 4/5, p_e 14/25, kappa 6/11. Pooled: (7/10 - 27/50) / (1 - 27/50) =
# 8/23 = 0.347826; not the stacked table's 0.4 (p_o 7/10, p_e 1/2), nor
# the mean of the kappas, 47/132 = 0.356061.
@test "the pooled row: Cohen's kappa pooled as De Vries et al. (2008), 8/23" {
	run tx-agree "$A/pooled.tsv"
	assert_success
	near A cohen_kappa 0.1666667 1e-6
	near B cohen_kappa 0.5454545 1e-6
	near '*' cohen_kappa 0.3478261 1e-6
	# The other columns are over the stacked (segment, code) table.
	assert_line "$(printf '*\t10\t3\t1\t2\t4\t70.0\t0.347826\t0.393939\t0.424242\t0.4')"
}

# R's irr 0.84.1: kripp.alpha(rbind(c(1,0,1,0), c(1,0,0,0), c(1,1,0,0)))
# gives 0.342857; Krippendorff's (2011) definition gives 13/35: units 2
# and 3 each put 4 ordered disagreeing pairs of weight 1/2 off the
# diagonal; n = 12 values (5 ones, 7 zeros): alpha = 1 - 11 x 4 /
# (144 - 25 - 49) = 13/35.
@test "Krippendorff's alpha, 3 coders, complete data: 13/35 = 0.371429 (irr's kripp.alpha: 0.342857)" {
	run bash -c "printf 'a b c\n1 1 1\n0 0 1\n1 0 0\n0 0 0\n' | awk -v domain=D -f '$A/matrix.awk' | tx-agree -D D"
	assert_success
	near D krippendorff_alpha 0.3714286 1e-6
}

@test "--help lists every option" {
	run tx-agree --help
	assert_success
	for o in --reference --disagreements --domain --codes --multi --no-rollup --max-field --help --version; do
		assert_output --partial -- "$o"
	done
}

@test "--version" {
	run tx-agree --version
	assert_success
	assert_output --regexp '^tx-agree [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "the man page's examples run" {
	run bash -c "cat '$A/auto.tsv' '$A/ann.tsv' | tx-agree --reference ann | cut -f 1,7,8"
	assert_success
	assert_line "$(printf 'Trust\t42.9\t-0.0769231')"
}

# The worked example over the SERDIF study (examples/serdif-validation).

# make in a copy of the example ($sv), with the tools under test.
serdif() {
	mkdir -p "$sv"
	cp "$EXAMPLES/serdif-validation/"{Makefile,codebook.csv,table.awk} "$sv/"
	example_make "$sv" DATA="$SHARED/serdif-usability" "$@"
}

@test "serdif-validation: the team's 1,930 excerpts imported, the patterns compared per code" {
	need_shared serdif-usability
	sv=$BATS_TEST_TMPDIR/serdif-validation
	run serdif
	assert_success
	# Every excerpt is found but the 72 that are only a stage direction.
	assert_output --partial 'tx-code: 72 of 1930 excerpts not found in the segments'
	run grep -c 'which are in no segment' "$sv/missing.txt"
	assert_output 72
	# A row per code of the codebook (10), the pool, the header.
	run wc -l < "$sv/agreement.tsv"
	assert_output 12
	segs=$(($(wc -l < "$sv/segments.tsv") - 1))
	run awk -F'\t' -v s="$segs" 'NR > 1 && $2 != ($1 == "*" ? 10 * s : s)' "$sv/agreement.tsv"
	assert_output ''
	# The team's codes as imported: 1,858 excerpts on paragraphs.
	run awk -F'\t' 'NR > 1 && $9 != "" { n += $10 } END { print n }' "$sv/team.tsv"
	[ "$output" -ge 1858 ]
	run serdif results
	assert_success
	assert_line --regexp '^\* +[0-9]+ '
}

@test "serdif-validation: without the data, make says so and stops cleanly" {
	sv=$BATS_TEST_TMPDIR/serdif-validation
	mkdir -p "$sv"
	cp "$EXAMPLES/serdif-validation/"{Makefile,codebook.csv,table.awk} "$sv/"
	run make -s --no-print-directory -C "$sv" TX_BUILD="$TX_BUILD" DATA=/nonexistent
	assert_success
	assert_output --partial 'is absent, so there is nothing to validate'
	run ls "$sv"
	refute_output --partial .tsv
}

@test "serdif-validation: the codebook checks clean" {
	run tx-code --check "$EXAMPLES/serdif-validation/codebook.csv"
	assert_success
}

# --case: tests/fixtures/agree/cases.tsv, two coders on four interviews
# (i1..i4, one participant each, P1..P4). In i1 ann puts A on segment 1
# and ben on segment 2: they differ on both segments, and agree on the
# interview. In i2 ann alone applies B; in i3 both A on the one segment.
# By hand, per interview: A is (1,0,1,0) for both coders: agreement 100%,
# kappa 1. B is (0,1,0,0) and (0,0,0,0): agreement 3/4; Cohen's kappa
# (0.75 - 0.75) / (1 - 0.75) = 0; Fleiss' Pe = (1/8)^2 + (7/8)^2 = 50/64,
# kappa (0.75 - 50/64) / (1 - 50/64) = -1/7; Krippendorff's alpha 1 - (2/8)
# / (2*7*1/(8*7)) = 0; Brennan-Prediger (0.75 - 0.5) / 0.5 = 0.5. Pooled
# (De Vries): mean po 0.875, mean pe 0.625, kappa 0.25 / 0.375 = 2/3.

@test "--case doc: agreement on interviews, a code present where any segment carries it" {
	run tx-agree --case doc "$A/cases.tsv"
	assert_success
	assert_output "$(printf '%s\n' \
		"code	units	both	only_ann	only_ben	neither	agreement	cohen_kappa	fleiss_kappa	krippendorff_alpha	brennan_prediger" \
		"A	4	2	0	0	2	100.0	1	1	1	1" \
		"B	4	0	1	0	3	75.0	0	-0.142857	0	0.5" \
		"*	8	2	1	0	5	87.5	0.666667	0.709091	0.727273	0.75")"
	# one participant an interview: the participants are the same cases
	run tx-agree --case speaker "$A/cases.tsv"
	assert_output "$(tx-agree --case doc "$A/cases.tsv")"
	# by segment the coders of i1 differ twice on A
	run tx-agree "$A/cases.tsv"
	assert_line -n 1 "A	6	1	1	1	3	66.7	0.25	0.25	0.3125	0.333333"
}

@test "--case doc -d: the cases and codes on which the coders differ, no text" {
	run tx-agree --case doc --disagreements "$A/cases.tsv"
	assert_success
	assert_output "$(printf '%s\n' "doc	code	ann	ben" "i2	B	1	0")"
}

@test "--case: a column the input lacks, code, or with --domain is exit 2; an empty case exit 1" {
	run --separate-stderr tx-agree --case participant "$A/cases.tsv"
	assert_failure 2
	assert_equal "$output" ""
	assert_equal "$stderr" "tx-agree: $A/cases.tsv:1: no column \"participant\" to take as the cases (--case)"
	run --separate-stderr tx-agree --case code "$A/cases.tsv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "tx-agree: --case code: the cases are the values of a column such as doc or speaker"
	run --separate-stderr tx-agree --case doc --domain A "$A/cases.tsv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "tx-agree: --case does not go with --domain: a case holds many segments, and so several categories of a domain"
	awk -F'\t' -v OFS='\t' 'NR == 3 { $3 = "" } 1' "$A/cases.tsv" > nospeaker.tsv
	run --separate-stderr tx-agree --case speaker nospeaker.tsv
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "tx-agree: nospeaker.tsv:3: speaker is empty: with --case every row needs its case"
}
