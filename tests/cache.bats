#!/usr/bin/env bats
# tx-code's cache of compiled Hyperscan databases ($XDG_CACHE_HOME/tx): a
# file there is code for hs_scan, so no one but its user may plant, forge or
# block one (tx-code(1), THE CACHE). Each case runs as the user running the
# suite and, when that is root, again as nobody (runuser or setpriv), in a
# folder of /tmp that both can reach; without those, the second skips,
# saying why. The planted link, the forged file and the FIFO each failed
# (wrote through the link, loaded the file, hung) before the cache was
# made safe.

bats_require_minimum_version 1.5.0
load helper

E=$FIX/code-engines

setup() {
	tx-code --engine hyperscan --version >/dev/null 2>&1 ||
		skip "tx-code was built without Hyperscan"
	W=$(mktemp -d /tmp/tx-cache-test.XXXXXX)
	chmod 1777 "$W"
	cp "$E/constructs.csv" "$E/texts.tsv" "$W/"
	# A copy of the tool nobody can run, wherever the build lies.
	cp "$TX_BUILD/tx-code" "$W/tx-code"
	chmod 644 "$W"/*.csv "$W"/*.tsv
	chmod 755 "$W/tx-code"
	TXC=$W/tx-code
}

teardown() {
	[ -z "${W:-}" ] || rm -rf "$W"
}

# as WHO CMD...: run CMD as WHO (self, or nobody), in $W.
as() {
	local who=$1
	shift
	if [ "$who" = self ]; then
		(cd "$W" && "$@")
	elif command -v runuser >/dev/null; then
		(cd "$W" && runuser -u nobody -- "$@")
	else
		(cd "$W" && setpriv --reuid=nobody --regid=nogroup --clear-groups "$@")
	fi
}

# need WHO: skip the nobody variant where it cannot run.
need() {
	[ "$1" = self ] && return 0
	[ "$(id -u)" = 0 ] || skip "not root: cannot run as nobody"
	command -v runuser >/dev/null || command -v setpriv >/dev/null ||
		skip "neither runuser nor setpriv is installed"
	as nobody "$TXC" --version >/dev/null 2>&1 ||
		skip "nobody cannot run $TXC"
	uid_of[nobody]=$(id -u nobody)
}

# code WHO CACHE [OPTIONS]: the codings, as WHO with XDG_CACHE_HOME=CACHE;
# stdout in out, stderr in err, exit status in rc.
code() {
	local who=$1 cache=$2
	shift 2
	rc=0
	as "$who" env XDG_CACHE_HOME="$cache" timeout 60 "$TXC" --verbose "$@" \
	    constructs.csv texts.tsv >"$W/out" 2>"$W/err" || rc=$?
}

# A cache as WHO's own: made by a first run, its files named in $names.
own_cache() {
	local who=$1
	if [ "$who" = nobody ]; then
		mkdir "$W/home"
		chown nobody "$W/home"
	else
		mkdir "$W/home"
	fi
	code "$who" "$W/home"
	[ "$rc" -eq 0 ]
	grep -q "compiled databases" "$W/err"
	cp "$W/out" "$W/want"
	names=$(cd "$W/home/tx" && ls hs-*.db)
	[ "$(echo "$names" | wc -l)" -eq 2 ]
}

planted_link() {
	need "$1"
	own_cache "$1"
	# The victim: a file the user may write, that tx must never touch.
	echo precious >"$W/victim"
	[ "$1" = self ] || chown nobody "$W/victim"
	for n in $names; do rm "$W/home/tx/$n"; done
	# Links at every name a cache file is written or read through: the
	# final names and, with the pid tx-code will have (exec keeps the
	# shell's), the temporary names a plain fopen("wb") would use.
	as "$1" sh -c 'for n in $0; do
		ln -s "$1" "$2/$n"
		ln -s "$1" "$2/$n.$$.tmp"
	done
	exec env XDG_CACHE_HOME="$3" "$4" --verbose constructs.csv texts.tsv \
	    >link.out 2>link.err' "$names" "$W/victim" "$W/home/tx" "$W/home" "$TXC"
	cmp "$W/want" "$W/link.out"
	run cat "$W/victim"
	assert_output precious
	grep -q "compiled databases" "$W/link.err"
	for n in $names; do
		[ -f "$W/home/tx/$n" ]
		[ ! -L "$W/home/tx/$n" ]
	done
}

@test "cache: a planted link is never written through (as the user)" {
	planted_link self
}

@test "cache: a planted link is never written through (as nobody)" {
	planted_link nobody
}

forged() {
	need "$1"
	own_cache "$1"
	# The same codebook's files from a cache of another key: well formed,
	# checksums right, but not signed with this user's key.
	mkdir "$W/other"
	[ "$1" = self ] || chown nobody "$W/other"
	code "$1" "$W/other"
	for n in $names; do
		cp "$W/other/tx/$n" "$W/home/tx/$n"
	done
	code "$1" "$W/home"
	[ "$rc" -eq 0 ]
	cmp "$W/want" "$W/out"
	grep -q "compiled databases" "$W/err"
	grep -q "is not read: its signature does not match" "$W/err"
	# Rewritten and signed: read again.
	code "$1" "$W/home"
	grep -q "cached databases" "$W/err"
	# A byte of a database changed: not loaded.
	for n in $names; do
		size=$(wc -c <"$W/home/tx/$n")
		printf 'X' | dd of="$W/home/tx/$n" bs=1 seek=$((size - 200)) \
		    conv=notrunc 2>/dev/null
		code "$1" "$W/home"
		[ "$rc" -eq 0 ]
		cmp "$W/want" "$W/out"
		grep -q "compiled databases" "$W/err"
	done
}

@test "cache: a forged or altered file is never loaded (as the user)" {
	forged self
}

@test "cache: a forged or altered file is never loaded (as nobody)" {
	forged nobody
}

fifo() {
	need "$1"
	own_cache "$1"
	for n in $names; do
		rm "$W/home/tx/$n"
		as "$1" mkfifo "$W/home/tx/$n"
	done
	code "$1" "$W/home"
	# 124 would be the timeout's: a hang.
	[ "$rc" -eq 0 ]
	cmp "$W/want" "$W/out"
	grep -q "is not read: not a regular file" "$W/err"
	for n in $names; do [ -f "$W/home/tx/$n" ]; done
}

@test "cache: a FIFO at a cache file's place does not hang (as the user)" {
	fifo self
}

@test "cache: a FIFO at a cache file's place does not hang (as nobody)" {
	fifo nobody
}

# A folder made by someone else, or open to others, is not used at all: not
# read from, nothing written into it, and --verbose says why.
foreign_folder() {
	need "$1"
	own_cache "$1"
	chmod 777 "$W/home/tx"
	code "$1" "$W/home"
	[ "$rc" -eq 0 ]
	cmp "$W/want" "$W/out"
	grep -q "compiled databases" "$W/err"
	run grep -c "the cache folder $W/home/tx is not used: open to others (mode 0777)" "$W/err"
	assert_output 1
	chmod 700 "$W/home/tx"
	# Owned by another: root's folder for nobody, nobody's for root.
	if [ "$1" = self ] && [ "$(id -u)" = 0 ]; then
		chown nobody "$W/home/tx"
		other=$(id -u nobody)
	elif [ "$1" = nobody ]; then
		# Readable by all, so that only its owner tells it apart.
		chown root "$W/home/tx"
		chmod 755 "$W/home/tx"
		other=0
	else
		return 0
	fi
	for n in $names; do rm "$W/home/tx/$n"; done
	code "$1" "$W/home"
	[ "$rc" -eq 0 ]
	cmp "$W/want" "$W/out"
	grep -q "the cache folder $W/home/tx is not used: owned by uid $other, not by you" "$W/err"
	run ls "$W/home/tx"
	assert_output key
}

@test "cache: a folder another user owns or may write is not used (as the user)" {
	foreign_folder self
}

@test "cache: a folder another user owns or may write is not used (as nobody)" {
	foreign_folder nobody
}

@test "cache: a new folder is 0700, its files 0600; a key others may read is not used" {
	need self
	code self "$W/new"
	[ "$rc" -eq 0 ]
	run stat -c '%a %n' "$W/new/tx" "$W/new/tx/key"
	assert_output "700 $W/new/tx
600 $W/new/tx/key"
	run sh -c "stat -c '%a' '$W'/new/tx/hs-*.db | sort -u"
	assert_output 600
	chmod 644 "$W/new/tx/key"
	code self "$W/new"
	[ "$rc" -eq 0 ]
	grep -q "compiled databases" "$W/err"
	grep -q "the cache file key is not read: open to others (mode 0644)" "$W/err"
}
