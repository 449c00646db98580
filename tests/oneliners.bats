#!/usr/bin/env bats
# The one-liners of README.md, "Working with other tools": each is kept in
# examples/oneliners.sh, must appear in README.md word for word, and gives
# exactly tests/fixtures/oneliners/NAME.out on the two-localities example.

load helper

ROOT=$BATS_TEST_DIRNAME/..
SCRIPT=$EXAMPLES/oneliners.sh

setup_file() {
	export EX=$BATS_FILE_TMPDIR/two-localities
	cp -r "$EXAMPLES/two-localities" "$EX"
	example_make "$EX"
}

# The command named $1 in the script: the lines after "#: $1" up to a blank line.
oneliner() {
	awk -v name="$1" '/^#: / { on = ($2 == name); next } on && /^$/ { on = 0 } on' "$SCRIPT"
}

# Run one-liner $1 in the example and compare with its expected output;
# skip, saying so, when the command it needs is not installed.
check() {
	local cmd needs
	cmd=$(oneliner "$1")
	[ -n "$cmd" ] || fail "no one-liner named $1 in $SCRIPT"
	readme=$(sed 's/^    //' "$ROOT/README.md")
	[[ "$readme" == *"$cmd"* ]] || fail "README.md does not show the $1 one-liner as $SCRIPT has it"
	needs=$(awk -v name="$1" '$1 == "#:" && $2 == name && $3 == "needs" { print $4 }' "$SCRIPT")
	if [ -n "$needs" ] && ! command -v "$needs" >/dev/null; then
		skip "$needs is not installed"
	fi
	run sh -c "cd \"\$EX\" && $cmd"
	assert_success
	diff -u "$FIX/oneliners/$1.out" <(printf '%s\n' "$output")
}

@test "oneliners: every one-liner in the script has a test and expected output" {
	names=$(awk '/^#: / { print $2 }' "$SCRIPT" | sort | paste -sd ' ')
	[ "$names" = "R awk datamash grep mlr sort source" ]
	for n in $names; do [ -s "$FIX/oneliners/$n.out" ] || fail "no $n.out"; done
}

@test "oneliners: grep counts the segments that carry a code" {
	check grep
}

@test "oneliners: awk finds columns by name and lists the participants with a code" {
	check awk
}

@test "oneliners: sort orders the comparison by q" {
	check sort
}

@test "oneliners: mlr --tsv keeps the differences, by column name" {
	check mlr
}

@test "oneliners: datamash counts participants and segments per locality" {
	check datamash
}

@test "oneliners: start and end give a segment's source text back" {
	check source
}

@test "oneliners: R's read.delim reads the comparison" {
	check R
}
