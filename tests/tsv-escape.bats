#!/usr/bin/env bats
# lib/tsv.c's tsv_plain_run, sixteen or eight bytes at a time, against
# the plain rule byte by byte (tests/unit/escape.c): every writer of TSV
# escapes what it finds.

load helper

@test "tsv_plain_run: every length to 80, each stopping and each near-miss byte at every position" {
	run "$TX_BUILD/unit/escape"
	assert_success
	assert_output "43173 cases agree"
}
