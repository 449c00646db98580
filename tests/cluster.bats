#!/usr/bin/env bats
# Coding across machines (issue 21): examples/cluster/cluster.sh shards a
# corpus by document over SSH hosts with GNU parallel (--transferfile,
# --basefile, --return) and merges the shards' counts with tx-count
# --merge. Two sshd on 127.0.0.1, started here as the current user on free
# ports with a throwaway key, stand for the hosts; the merged counts must
# be byte-identical to counting on one machine. The servers are stopped
# at the end. Where sshd cannot start (not installed, no privilege
# separation folder), the tests skip, saying why.
#
# fixtures/cluster: six transcripts in north/ and south/ (the same base
# names in both, so documents are named by --doc-id from the path) and a
# participant sheet; the codebook is fixtures/code's.

load helper

K=$FIX/cluster
SCRIPT=$EXAMPLES/cluster/cluster.sh

# Two free TCP ports on 127.0.0.1.
free_ports() {
	python3 -c 'import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(" ".join(str(x.getsockname()[1]) for x in s))'
}

# Why the servers cannot run here, or nothing.
cannot() {
	local c
	for c in /usr/sbin/sshd ssh ssh-keygen parallel rsync python3; do
		command -v "$c" >/dev/null || { echo "$c is not installed (make deps)"; return; }
	done
	# As root, sshd needs its privilege separation folder (its service
	# makes it at boot).
	if [ "$(id -u)" = 0 ] && [ ! -d /run/sshd ] && ! mkdir -m 0755 /run/sshd 2>/dev/null; then
		echo "sshd: no /run/sshd, and it cannot be made"
	fi
}

setup_file() {
	local why dir i p
	why=$(cannot)
	[ -z "$why" ] || skip "$why"
	dir=$BATS_FILE_TMPDIR/ssh
	mkdir -p "$dir"
	ssh-keygen -q -t ed25519 -N '' -f "$dir/hostkey"
	ssh-keygen -q -t ed25519 -N '' -f "$dir/userkey"
	cp "$dir/userkey.pub" "$dir/authorized_keys"
	chmod 600 "$dir/authorized_keys"
	: >"$dir/ssh_config"
	i=0
	for p in $(free_ports); do
		i=$((i + 1))
		cat >"$dir/sshd$i.conf" <<-CONF
		Port $p
		ListenAddress 127.0.0.1
		HostKey $dir/hostkey
		PidFile $dir/sshd$i.pid
		AuthorizedKeysFile $dir/authorized_keys
		PasswordAuthentication no
		KbdInteractiveAuthentication no
		UsePAM no
		StrictModes no
		PermitRootLogin prohibit-password
		MaxStartups 100:30:200
		CONF
		/usr/sbin/sshd -f "$dir/sshd$i.conf" -E "$dir/sshd$i.log" ||
			skip "sshd would not start: $(tail -n 1 "$dir/sshd$i.log")"
		cat >>"$dir/ssh_config" <<-CONF
		Host txhost$i
		HostName 127.0.0.1
		Port $p
		User $(id -un)
		IdentityFile $dir/userkey
		IdentitiesOnly yes
		UserKnownHostsFile /dev/null
		StrictHostKeyChecking no
		BatchMode yes
		LogLevel ERROR
		CONF
	done
	for i in 1 2; do
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			ssh -F "$dir/ssh_config" "txhost$i" true 2>/dev/null && continue 2
			sleep 0.5
		done
		skip "sshd started, but ssh txhost$i fails: $(tail -n 1 "$dir/sshd$i.log")"
	done
}

teardown_file() {
	local f
	for f in "$BATS_FILE_TMPDIR"/ssh/sshd*.pid; do
		[ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null
	done
	return 0
}

ssh_cmd() {
	echo "ssh -F $BATS_FILE_TMPDIR/ssh/ssh_config"
}

@test "cluster.sh: shards over two SSH hosts merge to the counts of one machine, byte for byte" {
	cd "$K"
	tx-segment --doc-id '([a-z]+/[0-9]+)' --attrs participants.csv ./*/*.txt |
		tx-code --no-text "$FIX/code/codebook.csv" | tx-count --by locality >"$BATS_TEST_TMPDIR/one.counts"
	run --separate-stderr sh "$SCRIPT" -S txhost1,txhost2 -s "$(ssh_cmd)" -t "$TX_BUILD" \
		-n 3 -b locality -d '([a-z]+/[0-9]+)' -a participants.csv "$FIX/code/codebook.csv" \
		north/*.txt south/*.txt
	assert_success
	assert_output "$(cat "$BATS_TEST_TMPDIR/one.counts")"
	# Both hosts counted a shard: each has its documents' totals.
	assert_line "$(printf 'North\t\t4\t0\t0\t9\t3')"
	assert_line "$(printf 'South\t\t4\t1\t0\t7\t3')"
	# Nothing is left in the hosts' working folders.
	run bash -c 'ls -d ~/.tx-cluster-* 2>/dev/null'
	assert_output ''
}

@test "cluster.sh: hosts are named (-S), a codebook and files given; else usage, exit 2" {
	run --separate-stderr sh "$SCRIPT" "$FIX/code/codebook.csv" north/01.txt
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "usage: cluster.sh -S logins [-n files] [-b cols] [-d regex] [-a attrs] [-t dir] [-s ssh] codebook file ..."
	run --separate-stderr sh "$SCRIPT" -S txhost1 "$FIX/code/codebook.csv"
	assert_failure 2
}
