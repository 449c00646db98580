#!/usr/bin/env bats
# Usage errors, the same in every tool (design.md, "Every tool"; lib/tx.h,
# tx_usage): an unknown option, an option without its argument, a bad
# number and a bad choice each exit 2, write nothing on stdout, and write
# exactly this on stderr:
#   tx-NAME: what was wrong
#   the synopsis (the lines of --help before its first blank or option line)
#   Try 'tx-NAME --help'.
# One row per tool and kind. A tool without an option of a kind is named
# in NONE, and the last test checks that every tool has its rows.

load helper

NONE="tx-redact:number tx-redact:choice tx-saturation:choice tx-segment:number"

# The synopsis: the lines of --help before its first blank or option line.
synopsis() {
	"$1" --help | awk '/^$/ || /^  -/ { exit } { print }'
}

# usage_error TOOL WHAT ARGS...: "TOOL ARGS" is a usage error that says
# "TOOL: WHAT", then the synopsis, then the Try line. The tool is run by
# its path, so that a message naming argv[0] would show it.
usage_error() {
	local t=$1 what=$2
	shift 2
	run --separate-stderr "$TX_BUILD/$t" "$@" </dev/null
	assert_equal "$status" 2
	assert_equal "$output" ''
	assert_equal "${stderr_lines[0]}" "$t: $what"
	assert_regex "${stderr_lines[1]}" "^usage: $t "
	assert_equal "$(printf '%s\n' "${stderr_lines[@]:1:${#stderr_lines[@]}-2}")" "$(synopsis "$t")"
	assert_equal "${stderr_lines[-1]}" "Try '$t --help'."
}

@test "tx-agree: an unknown option"   { usage_error tx-agree "unrecognized option '--no-such-option'" --no-such-option; }
@test "tx-agree: a missing argument"  { usage_error tx-agree "option '--reference' requires an argument" --reference; }
@test "tx-agree: a bad number"        { usage_error tx-agree '--max-field: "0" is not a size in bytes (a number, or with K, M or G)' --max-field 0; }
@test "tx-agree: a bad choice"        { usage_error tx-agree '--multi: "maybe" is not one of error, skip' --multi maybe; }

@test "tx-code: an unknown option"    { usage_error tx-code "invalid option -- 'z'" -z codebook.csv; }
@test "tx-code: a missing argument"   { usage_error tx-code "option '--coder' requires an argument" --coder; }
@test "tx-code: a bad number"         { usage_error tx-code '--jobs: "x" is not a number from 0 to 256' -j x codebook.csv; }
@test "tx-code: a bad choice"         { usage_error tx-code '--engine: "fast" is not one of auto, pcre2, hyperscan' --engine fast codebook.csv; }

@test "tx-compare: an unknown option" { usage_error tx-compare "unrecognized option '--no-such-option'" --by g --no-such-option; }
@test "tx-compare: a missing argument" { usage_error tx-compare "option '--by' requires an argument" --by; }
@test "tx-compare: a bad number"      { usage_error tx-compare '--alpha: "2" is not a number from 0 to 1' --by g --alpha 2; }
@test "tx-compare: a bad choice"      { usage_error tx-compare '--test: "t" is not one of auto, chi2, fisher, g2, rao-scott' --by g --test t; }

@test "tx-count: an unknown option"   { usage_error tx-count "unrecognized option '--no-such-option'" --no-such-option; }
@test "tx-count: a missing argument"  { usage_error tx-count "option requires an argument -- 'b'" -b; }
@test "tx-count: a bad number"        { usage_error tx-count '--max-field: "12Q" is not a size in bytes (a number, or with K, M or G)' --max-field 12Q; }
@test "tx-count: a bad choice"        { usage_error tx-count '--value: "median" is not one of docs, segments, hits, pct' --wide --value median; }

@test "tx-diff: an unknown option"    { usage_error tx-diff "unrecognized option '--no-such-option'" --no-such-option a.csv b.csv; }
@test "tx-diff: a missing argument"   { usage_error tx-diff "option '--by' requires an argument" --by; }
@test "tx-diff: a bad number"         { usage_error tx-diff '--max-field: "0" is not a size in bytes (a number, or with K, M or G)' --max-field 0 a.csv b.csv; }
@test "tx-diff: a bad choice"         { usage_error tx-diff '--to: "html" is not one of tsv, md' --to html a.csv b.csv; }

@test "tx-kwic: an unknown option"    { usage_error tx-kwic "unrecognized option '--no-such-option'" --no-such-option; }
@test "tx-kwic: a missing argument"   { usage_error tx-kwic "option '--code' requires an argument" --code; }
@test "tx-kwic: a bad number"         { usage_error tx-kwic '--words: "x" is not a number from 0 to 1000' -e a --words x; }
@test "tx-kwic: a bad choice"         { usage_error tx-kwic '--sort: "up" is not one of left, right, match, doc' -e a --sort up; }

@test "tx-matrix: an unknown option"   { usage_error tx-matrix "unrecognized option '--no-such-option'" --no-such-option; }
@test "tx-matrix: a missing argument"  { usage_error tx-matrix "option '--cell' requires an argument" --cell; }
@test "tx-matrix: a bad number"        { usage_error tx-matrix '--quotes: "0" is not a number from 1 to 100' --quotes 0; }
@test "tx-matrix: a bad choice"        { usage_error tx-matrix '--to: "pdf" is not one of tsv, csv, md, html' --to pdf; }

@test "tx-redact: an unknown option"  { usage_error tx-redact "unrecognized option '--no-such-option'" --no-such-option; }
@test "tx-redact: a missing argument" { usage_error tx-redact "option '--key' requires an argument" --key; }

@test "tx-refi: an unknown option"    { usage_error tx-refi "unrecognized option '--no-such-option'" --no-such-option; }
@test "tx-refi: a missing argument"   { usage_error tx-refi "option '--to' requires an argument" --to; }
@test "tx-refi: a bad number"         { usage_error tx-refi '--max-entry: "0" is not a number from 1 to 4096' --max-entry 0 --check x.qdpx; }
@test "tx-refi: a bad choice"         { usage_error tx-refi '--to: "nvp" is not one of qdc, qdpx' --to nvp; }

@test "tx-report: an unknown option"  { usage_error tx-report "unrecognized option '--no-such-option'" --by g --no-such-option; }
@test "tx-report: a missing argument" { usage_error tx-report "option '--to' requires an argument" --by g --to; }
@test "tx-report: a bad number"       { usage_error tx-report '--quotes: "101" is not a number from 0 to 100' --by g --quotes 101; }
@test "tx-report: a bad choice"       { usage_error tx-report '--to: "pdf" is not one of html, md' --by g --to pdf; }

@test "tx-saturation: an unknown option"   { usage_error tx-saturation "unrecognized option '--no-such-option'" --no-such-option; }
@test "tx-saturation: a missing argument"  { usage_error tx-saturation "option '--order' requires an argument" --order; }
@test "tx-saturation: a bad number"        { usage_error tx-saturation '--permutations: "100001" is not a number from 1 to 100000' --permutations 100001; }

@test "tx-segment: an unknown option" { usage_error tx-segment "unrecognized option '--no-such-option'" --no-such-option; }
@test "tx-segment: a missing argument" { usage_error tx-segment "option '--unit' requires an argument" --unit; }
@test "tx-segment: a bad choice"      { usage_error tx-segment '--unit: "word" is not one of turn, paragraph, sentence, line' --unit word; }

@test "every tool of the build has a row of each kind here, or is in NONE" {
	for t in $(tools); do
		for kind in "an unknown option" "a missing argument" "a bad number" "a bad choice"; do
			[[ " $NONE " != *" $t:${kind##* } "* ]] || continue
			grep -q "^@test \"$t: $kind\"" "$BATS_TEST_FILENAME" ||
				fail "$t has no row for $kind"
		done
	done
}

# -c means a codebook (tx-compare, tx-report; tx-agree's --codes takes one):
# where an option is another idea it has its long name only.
@test "-c is a codebook or nothing: tx-code --coder, tx-count --cooccur have no -c" {
	usage_error tx-code "invalid option -- 'c'" -c name codebook.csv
	usage_error tx-count "invalid option -- 'c'" -c
	usage_error tx-compare "invalid option -- 'e'" --by g -e 0.3
}
