# Shared set-up for the bats suite (every .bats file loads it): the tools
# under test come first on PATH, and what several files use is here once.
TX_BUILD=${TX_BUILD:-$BATS_TEST_DIRNAME/../build}
PATH=$TX_BUILD:$PATH
FIX=$BATS_TEST_DIRNAME/fixtures
EXAMPLES=$BATS_TEST_DIRNAME/../examples
# tx-code keeps compiled prefilter databases in $XDG_CACHE_HOME/tx: the
# tests use one of their own, never the user's.
export XDG_CACHE_HOME=${BATS_RUN_TMPDIR:-${TMPDIR:-/tmp}}/xdg-cache
SHARED=$BATS_TEST_DIRNAME/../../shared/data

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

# Each test runs in a directory of its own, so that it may write files
# by plain names; a file that defines its own setup replaces this one.
setup() {
	cd "$BATS_TEST_TMPDIR"
}

# The tools the build produced, one name a line.
tools() {
	for t in "$TX_BUILD"/tx-*; do
		[ -x "$t" ] && basename "$t"
	done
}

# Skip, saying why, when the shared corpora are not beside the checkout.
need_shared() {
	[ -z "${TX_NO_SHARED:-}" ] || skip "TX_NO_SHARED is set (sanitizer run)"
	[ -d "$SHARED/${1:-}" ] || skip "../shared/data/${1:-} is absent"
}

# make in a copy of an example, quietly, with the tools under test:
# example_make DIR [VAR=value ...] [target ...]
example_make() {
	local dir=$1
	shift
	make -s --no-print-directory -C "$dir" TX_BUILD="$TX_BUILD" "$@"
}

# Fail, saying so, when the unit-test program tests/unit/$1.c is not built.
need_unit() {
	[ -x "$TX_BUILD/unit/$1" ] || fail "$TX_BUILD/unit/$1 is not built (make units)"
}

# Case $2 of the unit-test program $1 (tests/unit/unit.h): it must exit 0,
# say it passed, compare at least one value, and report no failure.
unit_case() {
	need_unit "$1"
	run "$TX_BUILD/unit/$1" "$2"
	assert_success
	assert_line "$2: passed"
	assert_line --regexp '^ok   '
	refute_line --regexp '^FAIL '
}

# The case must-fail of the unit-test program $1 fails (exit 1): the
# checker can fail.
unit_must_fail() {
	need_unit "$1"
	run "$TX_BUILD/unit/$1" must-fail
	assert_failure 1
	assert_line --regexp '^FAIL 1 is not 2: want 2 got 1 '
	assert_line 'must-fail: FAILED'
}

# Every case of the unit-test program $1 but must-fail has its
# "unit_case $1 CASE;" in the calling .bats file.
unit_cases_tested() {
	need_unit "$1"
	run "$TX_BUILD/unit/$1" list
	assert_success
	for c in "${lines[@]}"; do
		[ "$c" != must-fail ] || continue
		grep -q "unit_case $1 $c;" "$BATS_TEST_FILENAME" ||
			fail "case $c of $1 has no @test in $(basename "$BATS_TEST_FILENAME")"
	done
}

# fails_with STATUS MESSAGE TOOL ARGS...: "TOOL ARGS" exits STATUS, writes
# nothing on stdout and exactly "TOOL: MESSAGE" on stderr.
fails_with() {
	local status=$1 message=$2 tool=$3
	shift 3
	run --separate-stderr "$tool" "$@"
	assert_failure "$status"
	assert_equal "$output" ""
	assert_equal "$stderr" "$tool: $message"
}
