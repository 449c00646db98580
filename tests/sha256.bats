#!/usr/bin/env bats
# lib/sha256.c through tests/unit/sha256.c: SHA-256 with the processor's
# SHA extensions where it has them and with the portable code (-p), against
# the published test vectors (FIPS 180-2 appendix B, RFC 4231 section 4)
# and against coreutils' sha256sum, an independent implementation.

load helper

SHA=$TX_BUILD/unit/sha256

setup() {
	cd "$BATS_TEST_TMPDIR"
}

@test "sha256: FIPS 180-2 examples, both codes" {
	for p in "" -p; do
		# shellcheck disable=SC2086
		run $SHA $p < /dev/null
		assert_output e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
		run bash -c "printf abc | $SHA $p"
		assert_output ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
		run bash -c "printf abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq | $SHA $p"
		assert_output 248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1
		run bash -c "head -c 1000000 /dev/zero | tr '\\0' a | $SHA $p"
		assert_output cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0
	done
}

@test "hmac-sha256: RFC 4231 test cases 2 and 6" {
	run bash -c "printf 'what do ya want for nothing?' | $SHA -m Jefe"
	assert_output 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843
	# Case 6: a key of 131 bytes 0xaa, longer than a block, hashed first.
	key=$(head -c 131 /dev/zero | tr '\0' '\252')
	run bash -c "printf 'Test Using Larger Than Block-Size Key - Hash Key First' | $SHA -m \"\$1\"" _ "$key"
	assert_output 60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54
}

@test "sha256: every length to 200 bytes and 3 MB agree with sha256sum, both codes" {
	head -c 3000000 /dev/urandom > big
	for n in $(seq 0 200) 3000000; do
		head -c "$n" big > part
		want=$(sha256sum < part | cut -c 1-64)
		got=$($SHA part)
		[ "$got" = "$want" ] || fail "length $n: $got, sha256sum $want"
		got=$($SHA -p part)
		[ "$got" = "$want" ] || fail "length $n, portable: $got, sha256sum $want"
	done
}
