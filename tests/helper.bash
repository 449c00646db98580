# Shared set-up for the bats suite: the tools under test come first on PATH.
TX_BUILD=${TX_BUILD:-$BATS_TEST_DIRNAME/../build}
PATH=$TX_BUILD:$PATH
FIX=$BATS_TEST_DIRNAME/fixtures
# tx-code keeps compiled prefilter databases in $XDG_CACHE_HOME/tx: the
# tests use one of their own, never the user's.
export XDG_CACHE_HOME=${BATS_RUN_TMPDIR:-${TMPDIR:-/tmp}}/xdg-cache
SHARED=$BATS_TEST_DIRNAME/../../shared/data

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

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
