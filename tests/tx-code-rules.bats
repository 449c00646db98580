#!/usr/bin/env bats
# tx-code's rules (issue 19): the codebook columns near, not_near, window,
# direction, within, speakers and rule, the requires column, and --check's
# lints (--sample).
#
# Fixtures in fixtures/code-rules, written for these tests:
#   rules.csv      every rule column: not_near before within 1w and after in
#                  the segment, near in 3w (any) and in the sentence, near
#                  after, within a theme and nested within, speakers, two
#                  Boolean codes (& ! and | with parentheses) under a theme
#   segments.tsv   eight segments, each for one or more of them
#   rules.out      the codings, checked by hand:
#                  A/1 "not very helpful" dropped (1 word), the later
#                      "Helpful" kept (hits 1, match "Helpful"); nurse in P1's turn
#                  A/2 "Helpful? Not": a not after, kept (before only);
#                      "useful, not that": a not after it, dropped
#                  A/3 pilot funding (0 words); staff within Money; agency
#                      within Staff; nurses not coded (speaker I); Any of
#                      three: Budgets, match "budgets"
#                  B/1 the first funding kept (pilot 2 words on), the second
#                      dropped (9 words from a pilot); Funding worries =
#                      Money & !Budgets, hits 1, match Money's "funding"
#                  B/2 "Records are shared?" and "We share": two sentences;
#                      "access the records": one
#                  C/1 the first "waited" has the GP after it, the second not
#                  C/2 the GP before "wait": no code
#   list.out       tx-code --list rules.csv, checked by hand
#   errors.csv     one row per kind of error; errors.err the messages
#   lint.csv, sample.tsv   what --check warns of; lint.err without the
#                  sample, lint-sample.err with it (checked by hand:
#                  test* matches 8 times in the sample, 7 inside words)

load helper

R=$FIX/code-rules

@test "rules: every column and direction, the codings checked by hand" {
	run --separate-stderr tx-code "$R/rules.csv" "$R/segments.tsv"
	assert_success
	assert_output "$(cat "$R/rules.out")"
	[ -z "$stderr" ]
}

@test "not_near drops one match and keeps another in the same segment" {
	run tx-code --coded-only "$R/rules.csv" <(head -n 2 "$R/segments.tsv")
	assert_success
	assert_equal "$(cut -f 4-6 <<<"${lines[1]}")" "$(printf 'Views/Helpful\t1\tHelpful')"
}

@test "--verbose: what each near and not_near row kept and dropped" {
	cd "$R"
	run --separate-stderr tx-code --verbose --engine pcre2 rules.csv segments.tsv
	assert_success
	assert_equal "$stderr" "$(cat <<'EOT'
tx-code: rules.csv:3: code "Views/Helpful": kept 2 of the pattern's 3 matches in the segments it was tried on; not_near dropped 1
tx-code: rules.csv:4: code "Views/Helpful": kept 0 of the pattern's 1 matches in the segments it was tried on; not_near dropped 1
tx-code: rules.csv:6: code "Money/Short-term funding": kept 2 of the pattern's 3 matches in the segments it was tried on; near dropped 1 (no match of near in the window)
tx-code: rules.csv:8: code "Records/Shared records": kept 1 of the pattern's 2 matches in the segments it was tried on; near dropped 1 (no match of near in the window)
tx-code: rules.csv:9: code "Waiting": kept 1 of the pattern's 3 matches in the segments it was tried on; near dropped 2 (no match of near in the window)
EOT
)"
}

@test "Boolean codes roll up into their theme as any code does" {
	tx-code "$R/rules.csv" "$R/segments.tsv" | tx-count >counts.tsv
	run grep '^Concerns' counts.tsv
	assert_output "$(printf 'Concerns\t4\t3\t4\t8\t3\nConcerns/Any of three\t3\t3\t3\t8\t3\nConcerns/Funding worries\t1\t1\t1\t8\t3')"
}

@test "rules: the engines, -j 2 and --no-jit write the same" {
	tx-code --engine pcre2 "$R/rules.csv" "$R/segments.tsv" >ref.out
	cmp ref.out "$R/rules.out"
	for v in "-j 2" "-j 3 --engine pcre2" "--no-jit" "--engine auto"; do
		# shellcheck disable=SC2086
		tx-code $v "$R/rules.csv" "$R/segments.tsv" | cmp - ref.out
	done
}

@test "window: Nw counts the words between, don't is one word" {
	printf 'code,pattern,near,window,direction\nX,\\bfunding\\b,\\bpilot\\b,1w,before\n' >w.csv
	printf 'doc\tseg\ttext\nd\t1\tpilot, don'\''t funding\nd\t2\tpilot, do not funding\nd\t3\tpilot funding\nd\t4\tfunding pilot\n' >s.tsv
	run tx-code --coded-only w.csv s.tsv
	assert_success
	assert_equal "$(cut -f 2 <<<"$output" | tail -n +2 | tr '\n' ' ')" "1 3 "
}

# Words are counted byte by byte on ASCII text and on text whose only
# other characters are punctuation (’ among them), and by PCRE2 on other
# text (café): the same words either way.
@test "window: ' and ’ join a word in ASCII, neutral and other text; a lone one does not" {
	printf 'code,pattern,near,window,direction\nX,\\bfunding\\b,\\bpilot\\b,1w,before\n' >w.csv
	{
		printf 'doc\tseg\ttext\n'
		printf 'd\t1\tpilot, don’t funding\n'
		printf 'd\t2\tpilot, don ’t funding\n'
		printf 'd\t3\tpilot, café’s funding\n'
		printf 'd\t4\tpilot, rock'\''n'\''roll funding\n'
		printf 'd\t5\tpilot, x'\'' funding\n'
		printf 'd\t6\tpilot, '\''tis_2 funding\n'
		printf 'd\t7\tpilot, two words funding\n'
		printf 'd\t8\tpilot, don’’t funding\n'
		printf 'd\t9\tpilot,don’t,funding\n'
		printf 'd\t10\tpilot — café — funding\n'
		printf 'd\t11\tpilot “ab” “cd” funding\n'
	} >s.tsv
	run tx-code --coded-only w.csv s.tsv
	assert_success
	assert_equal "$(cut -f 2 <<<"$output" | tail -n +2 | tr '\n' ' ')" "1 3 4 5 6 9 10 "
}

@test "window sentence uses tx-segment's rule: Dr. and e.g. end no sentence" {
	printf 'code,pattern,near,window\nX,\\brecords?\\b,\\bshare\\b,sentence\n' >w.csv
	printf 'doc\tseg\ttext\nd\t1\tDr. Jones will share records.\nd\t2\tWe share. Records are kept.\nd\t3\tWe share e.g. records.\n' >s.tsv
	run tx-code --coded-only w.csv s.tsv
	assert_equal "$(cut -f 2 <<<"$output" | tail -n +2 | tr '\n' ' ')" "1 3 "
}

@test "the next sentence end, sixteen bytes at a time, is where the rule tried at each byte finds it" {
	run "$TX_BUILD/unit/sentence"
	assert_success
	assert_output "1061136 cases agree"
}

# 200 sentences in one segment, four kinds in turn: "We share the records."
# (share before), "Records are kept." (none), "Dr. Lee keeps records, e.g.
# notes!" (none: Dr. and e.g. end no sentence), "Records wait... we share
# them?" (share after: an ellipsis ends none). Each window is decided by
# the sentence ends of the whole segment, wherever the nearest share lies.
@test "window sentence: a long segment of many sentences and matches" {
	printf 'code,pattern,near,not_near,window,direction\nX,\\brecords\\b,\\bshare\\b,,sentence,\nY,\\brecords\\b,\\bshare\\b,,sentence,before\nZ,\\brecords\\b,,\\bshare\\b,sentence,\n' >w.csv
	{
		printf 'doc\tseg\ttext\nd\t1\t'
		for k in $(seq 50); do
			printf 'We share the records. Records are kept. Dr. Lee keeps records, e.g. notes! Records wait... we share them? '
		done
		printf '\n'
	} >s.tsv
	run --separate-stderr tx-code --coded-only --verbose --engine pcre2 w.csv s.tsv
	assert_success
	assert_equal "$(cut -f 3-5 <<<"$output")" "$(printf 'code\thits\tmatch\nX\t100\trecords\nY\t50\trecords\nZ\t100\tRecords')"
	assert_equal "$stderr" "$(cat <<'EOT'
tx-code: w.csv:2: code "X": kept 100 of the pattern's 200 matches in the segments it was tried on; near dropped 100 (no match of near in the window)
tx-code: w.csv:3: code "Y": kept 50 of the pattern's 200 matches in the segments it was tried on; near dropped 150 (no match of near in the window)
tx-code: w.csv:4: code "Z": kept 100 of the pattern's 200 matches in the segments it was tried on; not_near dropped 100
EOT
)"
	tx-code --coded-only w.csv s.tsv | cmp - <(printf '%s\n' "$output")
}

@test "speakers: a codebook with speakers needs the speaker column (exit 1)" {
	printf 'doc\tseg\ttext\nd\t1\tnurses\n' >s.tsv
	run --separate-stderr tx-code "$R/rules.csv" s.tsv
	assert_failure 1
	[ -z "$output" ]
	assert_equal "$stderr" 'tx-code: s.tsv:1: no column "speaker": the codebook has speakers rules, which read it'
}

@test "bad rules: exit 2 naming file, line, code and what is wrong, every error at once" {
	cd "$R"
	run --separate-stderr tx-code errors.csv segments.tsv
	assert_failure 2
	[ -z "$output" ]
	assert_equal "$stderr" "$(cat errors.err)"
	run --separate-stderr tx-code --check errors.csv
	assert_failure 2
	assert_equal "$stderr" "$(cat errors.err)"
}

@test "requires: a later codebook version is refused, nothing written" {
	printf 'code,pattern,requires,later_rule\nA,\\ba\\b,3,x\n' >later.csv
	run --separate-stderr tx-code later.csv "$R/segments.tsv"
	assert_failure 2
	[ -z "$output" ]
	assert_equal "$stderr" 'tx-code: later.csv:2: requires codebook version 3; this tx-code reads versions 1 to 2 (install a newer tx)'
	printf 'code,pattern,requires\nA,\\bnurse\\b,2\nB,\\bGP\\b,\n' >now.csv
	run tx-code --coded-only now.csv "$R/segments.tsv"
	assert_success
	assert_equal "${#lines[@]}" 4
}

@test "requires alone, or empty rule columns: coded as before" {
	printf 'code,pattern,requires,near,rule\nStaff,\\bnurses?\\b,1,,\n' >a.csv
	printf 'code,pattern\nStaff,\\bnurses?\\b\n' >b.csv
	tx-code a.csv "$R/segments.tsv" >a.out
	tx-code b.csv "$R/segments.tsv" | cmp - a.out
}

@test "--check warns of wildcards, a near that cannot hold, within and rule on codes none carries" {
	cd "$R"
	run --separate-stderr tx-code --check lint.csv
	assert_success
	[ -z "$output" ]
	assert_equal "$stderr" "$(cat lint.err)"
}

@test "--check --sample: matches inside words, with share and examples; a near that never held" {
	cd "$R"
	run --separate-stderr tx-code --check --sample sample.tsv lint.csv
	assert_success
	[ -z "$output" ]
	assert_equal "$stderr" "$(cat lint-sample.err)"
	run --separate-stderr tx-code --check --sample sample.tsv rules.csv
	assert_success
	[ -z "$stderr" ]
}

@test "--sample: only with --check; a missing sample is exit 1" {
	run --separate-stderr tx-code --sample "$R/sample.tsv" "$R/lint.csv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "tx-code: --sample goes with --check"
	run --separate-stderr tx-code --check --sample nosuch.tsv "$R/lint.csv"
	assert_failure 1
	[[ "$stderr" == *"nosuch.tsv"* ]]
}

@test "a rule regex that hits the match limit: reported as its column, exit 1" {
	printf 'code,pattern,near\nX,\\bb\\b,(a+)+$\n' >c.csv
	printf 'doc\tseg\ttext\nd\t1\tb %sb\n' "$(printf 'a%.0s' $(seq 1 40))" >s.tsv
	run --separate-stderr tx-code --match-limit 10000 --engine pcre2 c.csv s.tsv
	assert_failure 1
	[[ "$stderr" == *'code "X": match limit exceeded (near at c.csv:2): counted as not matched'* ]] || fail "$stderr"
}

@test "tx-code(1)'s examples of rules run as shown" {
	cd "$R"
	run bash -c "tx-code --coded-only rules.csv segments.tsv |
	    awk -F '\\t' '{ print \$1, \$2, \$5, \$6, \$4 }'"
	assert_output "$(cat <<'EOT'
doc seg hits match code
A 1 1 Helpful Views/Helpful
A 1 1 nurse Staff
A 2 1 Helpful Views/Helpful
A 3 1 funding Money/Short-term funding
A 3 1 budgets Money/Budgets
A 3 1 staff Staff
A 3 1 agency Staff/Agency
A 3 1 budgets Concerns/Any of three
B 1 1 funding Money/Short-term funding
B 1 1 nurses Staff
B 1 1 Agency Staff/Agency
B 1 1 funding Concerns/Funding worries
B 2 1 records Records/Shared records
B 2 1 records Concerns/Any of three
C 1 1 waited Waiting
C 1 1 waited Concerns/Any of three
EOT
)"
	run --separate-stderr tx-code --verbose rules.csv segments.tsv
	assert_equal "${stderr_lines[-5]}" "tx-code: rules.csv:3: code \"Views/Helpful\": kept 2 of the pattern's 3 matches in the segments it was tried on; not_near dropped 1"
	cd "$BATS_TEST_TMPDIR"
	printf 'code,pattern,requires\nA,\\ba\\b,3\n' >later.csv
	run --separate-stderr tx-code --check later.csv
	assert_failure 2
	assert_equal "$stderr" 'tx-code: later.csv:2: requires codebook version 3; this tx-code reads versions 1 to 2 (install a newer tx)'
}

@test "--list shows each pattern's rules under it, and each Boolean code's rule" {
	run tx-code --list "$R/rules.csv"
	assert_success
	assert_output "$(cat "$R/list.out")"
}
