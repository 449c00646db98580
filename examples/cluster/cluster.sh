#!/bin/sh
# cluster.sh: code a corpus on several machines with GNU parallel over SSH,
# sharded by document, and merge the counts (see README.md).
#
#   cd CORPUS && cluster.sh -S logins [-n files] [-b cols] [-d regex]
#       [-a attrs] [-t dir] [-s ssh] codebook file ...
#
# Each job takes up to -n transcripts (default 10), copies them to a host
# (--transferfile; codebook, attribute sheet and the job's script once per
# host, --basefile), runs tx-segment | tx-code --no-text | tx-count there,
# and brings its counts back (--return); tx-count --merge adds the shards
# up on this machine and writes the counts to standard output. No document
# is in two jobs, so the merged counts are those of one machine, byte for
# byte. Transcript paths are taken relative to the current folder, as they
# are on the hosts (a --doc-id regex sees the same path on both).
#
#   -S logins  GNU parallel's --sshlogin list, every host over SSH
#              ("4/node1,4/node2": four jobs at a time on each; this
#              machine too as localhost)
#   -s ssh     the ssh command (default ssh), such as "ssh -F cluster.conf"
#   -t dir     where tx is installed on the hosts (default: their PATH)
#   -b cols    tx-count --by (default: the whole corpus)
#   -d regex   tx-segment --doc-id
#   -a attrs   tx-segment --attrs
#   -n files   transcripts a job (default 10)
#
# Needs GNU parallel here, and rsync here and on the hosts (parallel
# copies files with it). Exit status: parallel's, else tx-count's.
set -eu

logins='' ssh=ssh tx='' by='' docid='' attrs='' per=10
usage() {
	echo "usage: cluster.sh -S logins [-n files] [-b cols] [-d regex] [-a attrs] [-t dir] [-s ssh] codebook file ..." >&2
	exit 2
}
while getopts a:b:d:n:s:S:t: o; do
	case $o in
	a) attrs=$OPTARG ;;
	b) by=$OPTARG ;;
	d) docid=$OPTARG ;;
	n) per=$OPTARG ;;
	s) ssh=$OPTARG ;;
	S) logins=$OPTARG ;;
	t) tx=$OPTARG/ ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -lt 2 ] || [ -z "$logins" ]; then usage; fi
codebook=$1
shift

# A word for sh, single-quoted.
quote() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

work=$(mktemp -d "${TMPDIR:-/tmp}/tx-cluster.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir "$work/shards"
cp "$codebook" "$work/codebook.csv"
base="--basefile $work/./codebook.csv --basefile $work/./job.sh"
segopts=
if [ -n "$attrs" ]; then
	cp "$attrs" "$work/attrs"
	base="$base --basefile $work/./attrs"
	segopts="--attrs attrs"
fi
[ -z "$docid" ] || segopts="$segopts --doc-id $(quote "$docid")"
countopts=
[ -z "$by" ] || countopts="--by $(quote "$by")"

# The job, run on a host in its working folder: job.sh OUT FILE...
cat > "$work/job.sh" <<JOB
#!/bin/sh
set -e
out=\$1
shift
$(quote "${tx}tx-segment") $segopts "\$@" |
    $(quote "${tx}tx-code") --no-text codebook.csv |
    $(quote "${tx}tx-count") $countopts > "\$out"
JOB

# On each host the jobs work in ~/.tx-cluster-NAME (NAME: this run's
# temporary folder's), where the files are copied; each writes its counts
# as shards/N.counts, which --return brings back to $work/shards/N.counts;
# --cleanup removes what was copied, and the folder goes at the end.
wd=.tx-cluster-${work##*/tx-cluster.}
status=0
# shellcheck disable=SC2086
parallel --sshlogin "$logins" --ssh "$ssh" --workdir "$wd" \
    $base --transferfile {} --return "$work/./shards/{#}.counts" --cleanup \
    -n "$per" --halt now,fail=1 \
    "mkdir -p shards && sh job.sh shards/{#}.counts {}" ::: "$@" || status=$?
parallel --sshlogin "$logins" --ssh "$ssh" --nonall "rm -rf $wd" || true
[ "$status" -eq 0 ] || exit "$status"
"${tx}tx-count" --merge "$work"/shards/*.counts
