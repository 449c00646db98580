#!/usr/bin/env bats
# What every tool promises (design.md, "Every tool"), checked for each tool
# that the build produced.

load helper

@test "there are tools to check" {
	run tools
	assert_success
	assert_output --partial tx-
}

@test "every tool: -h and --help print usage to stdout and exit 0" {
	for t in $(tools); do
		for h in -h --help; do
			run "$t" "$h"
			[ "$status" -eq 0 ] || fail "$t $h exited $status"
			[[ "$output" == *sage:* ]] || fail "$t $h printed no usage: $output"
		done
	done
}

@test "every tool: --version prints its name and version" {
	for t in $(tools); do
		run "$t" --version
		assert_success
		assert_output --regexp "^$t [0-9]+\.[0-9]+\.[0-9]+$"
	done
}

@test "every tool has a man page, and every page is mandoc -Tlint clean" {
	for t in $(tools); do
		[ -f "$BATS_TEST_DIRNAME/../man/$t.1" ] || fail "no man/$t.1"
	done
	[ -f "$BATS_TEST_DIRNAME/../man/tx.7" ]
	run mandoc -Tlint -Wwarning "$BATS_TEST_DIRNAME"/../man/*.[17]
	assert_success
	assert_output ''
}

@test "every long option in --help is in the man page and in the tool's tests" {
	for t in $(tools); do
		man=$BATS_TEST_DIRNAME/../man/$t.1
		# The tool's tests: tests/TOOL.bats and tests/TOOL-*.bats.
		tests=$BATS_TEST_DIRNAME/$t.bats
		for f in "$BATS_TEST_DIRNAME/$t"-*.bats; do
			if [ -e "$f" ]; then tests="$tests $f"; fi
		done
		for o in $("$t" --help | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u); do
			grep -qE -- "Fl -?${o#--}( |$)" "$man" || fail "$t: $o not in man/$t.1"
			grep -qE -- "$o([^a-z-]|$)" $tests || fail "$t: $o not in tests/$t.bats or tests/$t-*.bats"
		done
	done
}

@test "make install honours PREFIX and DESTDIR; make uninstall removes it all" {
	dest=$BATS_TEST_TMPDIR/root
	run make -s -C "$BATS_TEST_DIRNAME/.." install BUILD="$TX_BUILD" \
		PREFIX=/opt/tx DESTDIR="$dest"
	assert_success
	for t in $(tools); do
		[ -x "$dest/opt/tx/bin/$t" ] || fail "$t not installed"
		[ -f "$dest/opt/tx/share/man/man1/$t.1" ] || fail "$t.1 not installed"
	done
	[ -f "$dest/opt/tx/share/man/man7/tx.7" ]
	run make -s -C "$BATS_TEST_DIRNAME/.." uninstall BUILD="$TX_BUILD" \
		PREFIX=/opt/tx DESTDIR="$dest"
	assert_success
	run find "$dest" -type f
	assert_output ''
}
