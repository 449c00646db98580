#!/usr/bin/env bats
# The bad-input matrix (issue 9): every tool of $TX_BUILD fed each bad input
# the design names. For each: the exit status the design fixes, a message
# naming file and line where there is one, no crash (status < 128), done
# within 20 seconds, and no partial record on standard output (every line
# has the header's number of fields, and the output ends with a line end).
#
# Tools are found in $TX_BUILD, so a new tool is covered at once: it must
# have a row in the table below, which says what input it takes, or every
# test fails naming it. Tools that read transcripts (kind "text") get the
# transcript-shaped equivalent of each input; where a case has none for a
# kind, the test says so in a comment and checks what it can.

load helper

# --- the table: what each tool takes ------------------------------------
#   kind    what it reads: tsv (a TSV stream) or text (transcripts)
#   out     what it writes: tsv (checked field by field), text (a
#           transcript, byte for byte) or doc (a report)
#   args    before the inputs; $BOOK a codebook, $KEY a redaction key
#   fargs   added when the inputs are files rather than standard input
#   header  a minimal valid stream's header (words, made TAB-separated)
#   records its records, "|" between them (words, made TAB-separated)
#   need    a column the tool requires (exit 1 without it)
declare -gA KIND OUT ARGS FARGS HEADER RECORDS NEED
row() {
	KIND[$1]=$2 OUT[$1]=$3 ARGS[$1]=$4 FARGS[$1]=$5 HEADER[$1]=$6
	RECORDS[$1]=$7 NEED[$1]=$8
}
row tx-segment text tsv  ''        ''           '' '' ''
row tx-redact  text text '-k $KEY' '-o $OUTDIR' '' '' ''
row tx-code    tsv  tsv  '$BOOK'   '' 'doc seg text' 'd 1 the_waiting_list|d 2 funding' text
row tx-count   tsv  tsv  ''        '' 'doc seg code hits coder text' 'd 1 A 1 auto t|e 1 B 2 auto u' code
row tx-compare tsv  tsv  '--by g'  '' 'g doc seg code hits text' 'x d 1 A 1 t|y e 1 A 1 u' code
row tx-agree   tsv  tsv  ''        '' 'doc seg code hits coder text' 'd 1 A 1 auto t|d 2 A 1 ann u' coder
row tx-report  tsv  doc  '--by g'  '' 'g doc seg code hits match coder text' 'x d 1 A 1 m auto t|y e 1 A 1 m auto u' code
row tx-kwic    tsv  tsv  '-e wait' '' 'doc seg text' 'd 1 the_waiting_list|d 2 funding' text
row tx-diff    tsv  tsv  '$BOOK $BOOK' '' 'doc seg text' 'd 1 the_waiting_list|d 2 funding' text
row tx-saturation tsv tsv ''      '' 'doc seg code hits coder text' 'd 1 A 1 auto t|e 1 B 2 auto u' code
row tx-matrix  tsv  tsv  '--by g'  '' 'g doc seg code hits coder text' 'x d 1 A 1 auto t|y e 1 B 2 auto u' code
row tx-refi    tsv  doc  '--to qdpx -o -' '' 'doc start end code coder text' 'd 0 5 A auto t|e 0 3 B ann u' code
# ------------------------------------------------------------------------

setup() {
	D=$BATS_TEST_TMPDIR
	BOOK=$D/book.csv
	printf 'code,pattern\nAccess/Waiting,\\bwait(ing)?\\b\nFunding,\\bfund(s|ing)?\\b\n' >"$BOOK"
	KEY=$D/key.tsv
	OUTDIR=$D/out
	mkdir -p "$OUTDIR"
	TRANSCRIPT=$'Bob: we waited six weeks for the funding.\nAnn: and the list grew.\n'
	for t in $(tools); do
		[ -n "${KIND[$t]:-}" ] ||
			fail "$t has no row in the table of tests/badinput.bats"
	done
}

# The tools (setup has checked that each has a row).
each_tool() {
	tools
}

# words -> TAB-separated line
tabs() { printf '%s\n' "$*" | tr ' ' '\t'; }

# Record $2 (1-based) of tool $1's table row, as words.
record() {
	local IFS='|' r
	r=(${RECORDS[$1]})
	echo "${r[($2 - 1) % ${#r[@]}]}"
}

# A valid stream for tool $1: header, then $2 records (default 2).
stream() {
	local t=$1 n=${2:-2} i
	tabs ${HEADER[$t]}
	for ((i = 1; i <= n; i++)); do tabs $(record "$t" "$i"); done
}

# The stream of tool $1 whose record $2 (1-based, after the header) has its
# last field replaced by $3 (printf %b: raw bytes).
stream_with() {
	local t=$1 at=$2 last=$3 i f
	tabs ${HEADER[$t]}
	for ((i = 1; i <= 2; i++)); do
		f=($(record "$t" "$i"))
		if [ "$i" -eq "$at" ]; then
			printf '%s\t' "${f[@]:0:${#f[@]}-1}"
			printf '%b\n' "$last"
		else
			tabs "${f[@]}"
		fi
	done
}

# Run tool $1 on files ${@:2} (none: standard input from $STDIN, default
# /dev/null), with a 20 s limit: $status, $out (stdout file), $err (text).
try() {
	local t=$1; shift
	local args
	eval "args=(${ARGS[$t]})"
	if [ $# -gt 0 ]; then
		eval "args+=(${FARGS[$t]})"
		rm -rf "$OUTDIR" && mkdir -p "$OUTDIR"
	fi
	out=$D/$t.out
	status=0
	timeout 20 "$t" "${args[@]}" "$@" <"${STDIN:-/dev/null}" >"$out" 2>"$D/$t.err" ||
		status=$?
	err=$(cat "$D/$t.err")
}

# The checks every case makes: no crash, no timeout, exit $2, and no
# partial record (for TSV output: every line has the header's fields).
check() {
	local t=$1 want=$2
	[ "$status" -lt 124 ] || fail "$t: crashed or timed out (status $status): $err"
	[ "$status" -eq "$want" ] || fail "$t: exit $status, not $want: $err"
	[ "${OUT[$t]}" = tsv ] || return 0
	[ -s "$out" ] || return 0
	[ "$(tail -c1 "$out" | od -An -c | tr -d ' ')" = '\n' ] ||
		fail "$t: output does not end with a line end"
	# Only TABs and line ends count (and awk is slow on a 50 MB line).
	tr -cd '\t\n' <"$out" | awk -F'\t' -v t="$t" 'NR == 1 { n = NF } NF != n {
		printf "%s: line %d has %d fields, the header %d\n", t, NR, NF, n
		bad = 1; exit } END { exit bad }' || fail "$(head -c 300 "$out")"
}

# stderr names the tool, and file and line when given: msg TOOL FILE LINE TEXT
msg() {
	local t=$1 file=$2 line=$3 text=$4 where
	where=$file${line:+:$line}
	[[ "$err" == *"$t: $where: "*"$text"* ]] ||
		fail "$t: message is not \"$t: $where: ...$text...\": $err"
}

# No records written: header only or nothing (a report may say "empty").
records_none() {
	case ${OUT[$1]} in
	tsv) [ "$(wc -l <"$out")" -le 1 ] || fail "$1 wrote records: $(cat "$out")";;
	text) [ ! -s "$out" ] || fail "$1 wrote: $(cat "$out")";;
	esac
}

# A redacting run on an error writes no file (its design: all or nothing).
no_redacted_output() {
	[ -z "$(ls -A "$OUTDIR")" ] || fail "tx-redact left files in --out: $(ls "$OUTDIR")"
}

@test "badinput: every tool has a row in the table" {
	run each_tool
	assert_success
	[ "${#lines[@]}" -ge 5 ]
}

@test "badinput: empty input (no bytes) is exit 0, header only or nothing" {
	: >"$D/empty"
	for t in $(each_tool); do
		try "$t" "$D/empty"
		check "$t" 0
		records_none "$t"
		STDIN=$D/empty try "$t"
		check "$t" 0
		records_none "$t"
	done
}

@test "badinput: header only gives a header-only result, exit 0" {
	for t in $(each_tool); do
		case ${KIND[$t]} in
		tsv) stream "$t" 0 >"$D/in";;
		text) printf 'WEBVTT\n\n' >"$D/in";;
		esac
		STDIN=$D/in try "$t"
		check "$t" 0
		case ${OUT[$t]} in
		text) cmp -s "$D/in" "$out" || fail "$t changed a file with nothing to redact";;
		tsv) [ "$(wc -l <"$out")" -eq 1 ] || fail "$t: not header only: $(cat "$out")";;
		esac
	done
}

@test "badinput: a missing required column is exit 1 naming file and line 1; a wrong sheet is exit 2" {
	for t in $(each_tool); do
		case ${KIND[$t]} in
		tsv)
			stream "$t" | awk -F'\t' -v OFS='\t' -v c="${NEED[$t]}" '
				NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i }
				{ $k = ""; sub(/\t\t/, "\t"); sub(/^\t|\t$/, ""); print }' >"$D/in.tsv"
			grep -qw "${NEED[$t]}" <(head -1 "$D/in.tsv") && fail "column not removed"
			try "$t" "$D/in.tsv"
			check "$t" 1
			msg "$t" "$D/in.tsv" 1 "no column \"${NEED[$t]}\""
			[ ! -s "$out" ] || fail "$t wrote output: $(cat "$out")"
			;;
		text)
			# A transcript has no columns: its sheets do. An attribute
			# sheet (tx-segment) or names list (tx-redact) without the
			# column it keys on is a configuration error, exit 2.
			printf '%s' "$TRANSCRIPT" >"$D/4B.txt"
			if [ "$t" = tx-segment ]; then
				printf 'locality\nNorth\n' >"$D/sheet.csv"
				try "$t" --attrs "$D/sheet.csv" "$D/4B.txt"
				check "$t" 2
				[[ "$err" == *"$D/sheet.csv"* ]] || fail "$t: sheet not named: $err"
			else
				printf 'category,replacement\nPERSON,x\n' >"$D/sheet.csv"
				try "$t" --names "$D/sheet.csv" "$D/4B.txt"
				check "$t" 2
				[[ "$err" == *"$D/sheet.csv"* ]] || fail "$t: sheet not named: $err"
				no_redacted_output
			fi
			;;
		esac
	done
}

@test "badinput: a wrong column count on line 3 is exit 1 naming file and line 3" {
	for t in $(each_tool); do
		case ${KIND[$t]} in
		tsv)
			stream_with "$t" 2 'x\ty' >"$D/in.tsv"
			try "$t" "$D/in.tsv"
			check "$t" 1
			msg "$t" "$D/in.tsv" 3 "fields where the header has"
			printf 'a\n' >"$D/short.tsv"
			stream "$t" 1 >"$D/in.tsv"
			tabs a b >>"$D/in.tsv"
			try "$t" "$D/in.tsv"
			check "$t" 1
			msg "$t" "$D/in.tsv" 3 "2 fields where the header has"
			;;
		text)
			# Transcripts have no columns; their sheets do: a row of
			# line 3 with more fields than the header is exit 2.
			printf '%s' "$TRANSCRIPT" >"$D/4B.txt"
			if [ "$t" = tx-segment ]; then
				printf 'doc,locality\n7A,South\n4B,North,extra\n' >"$D/sheet.csv"
				try "$t" --attrs "$D/sheet.csv" "$D/4B.txt"
			else
				printf 'text,category\nBob,PERSON\nAnn,PERSON,x\n' >"$D/sheet.csv"
				try "$t" --names "$D/sheet.csv" "$D/4B.txt"
				no_redacted_output
			fi
			check "$t" 2
			msg "$t" "$D/sheet.csv" 3 "3 fields where the header has 2"
			;;
		esac
	done
}

@test "badinput: invalid UTF-8 is exit 1 naming file and line" {
	for t in $(each_tool); do
		case ${KIND[$t]} in
		tsv) stream_with "$t" 2 'caf\xe9' >"$D/in.tsv"; f=$D/in.tsv; line=3;;
		text) printf 'Bob: fine\nAnn: caf\xe9\n' >"$D/in.txt"; f=$D/in.txt; line=2;;
		esac
		try "$t" "$f"
		check "$t" 1
		msg "$t" "$f" "$line" "invalid UTF-8"
		if [ "$t" = tx-redact ]; then no_redacted_output; fi
	done
}

@test "badinput: a NUL byte is exit 1 naming file and line" {
	for t in $(each_tool); do
		case ${KIND[$t]} in
		tsv) stream_with "$t" 2 'a\0b' >"$D/in.tsv"; f=$D/in.tsv; line=3;;
		text) printf 'Bob: fine\nAnn: a\0b\n' >"$D/in.txt"; f=$D/in.txt; line=2;;
		esac
		try "$t" "$f"
		check "$t" 1
		msg "$t" "$f" "$line" "NUL byte"
		if [ "$t" = tx-redact ]; then no_redacted_output; fi
	done
}

@test "badinput: CRLF line ends are accepted and dropped" {
	for t in $(each_tool); do
		case ${KIND[$t]} in
		tsv)
			stream "$t" >"$D/lf"
			sed 's/$/\r/' "$D/lf" >"$D/crlf"
			STDIN=$D/lf try "$t"; check "$t" 0; cp "$out" "$D/want"
			STDIN=$D/crlf try "$t"; check "$t" 0
			# a report lists its input's SHA-256, which CRLF changes
			[ "$t" != tx-report ] || sed -i '/^<dt>Inputs<\/dt>/d' "$D/want" "$out"
			cmp -s "$D/want" "$out" || fail "$t: CRLF gives other output: $(cat "$out")"
			;;
		text)
			printf '%s' "$TRANSCRIPT" | sed 's/$/\r/' >"$D/crlf"
			STDIN=$D/crlf try "$t"
			check "$t" 0
			if [ "$t" = tx-redact ]; then
				cmp -s "$D/crlf" "$out" || fail "tx-redact lost the CRLF"
			else
				grep -q 'waited six weeks' "$out" || fail "$t: text lost"
				! grep -qF '\r' "$out" || fail "$t: CR kept in text: $(cat "$out")"
			fi
			;;
		esac
	done
}

@test "badinput: a byte-order mark is accepted and dropped" {
	for t in $(each_tool); do
		case ${KIND[$t]} in
		tsv)
			stream "$t" >"$D/plain"
			{ printf '\xef\xbb\xbf'; cat "$D/plain"; } >"$D/bom"
			STDIN=$D/plain try "$t"; check "$t" 0; cp "$out" "$D/want"
			STDIN=$D/bom try "$t"; check "$t" 0
			# a report lists its input's SHA-256, which the BOM changes
			[ "$t" != tx-report ] || sed -i '/^<dt>Inputs<\/dt>/d' "$D/want" "$out"
			cmp -s "$D/want" "$out" || fail "$t: a BOM gives other output: $(cat "$out")"
			;;
		text)
			{ printf '\xef\xbb\xbf'; printf '%s' "$TRANSCRIPT"; } >"$D/bom"
			STDIN=$D/bom try "$t"
			check "$t" 0
			if [ "$t" = tx-redact ]; then
				cmp -s "$D/bom" "$out" || fail "tx-redact lost the BOM"
			else
				! grep -q $'\xef\xbb\xbf' "$out" || fail "$t: BOM in output"
				[ "$(cut -f3 "$out" | sed -n 2p)" = Bob ] || fail "$t: $(cat "$out")"
			fi
			;;
		esac
	done
}

@test "badinput: a 50 MB line is taken whole, within the time limit" {
	yes 'the waiting list grew while the funding fell' | head -c 50000000 |
		tr '\n' ' ' >"$D/big"
	for t in $(each_tool); do
		case ${KIND[$t]} in
		tsv)
			{ tabs ${HEADER[$t]}; f=($(record "$t" 1))
			  printf '%s\t' "${f[@]:0:${#f[@]}-1}"; cat "$D/big"; echo
			  tabs $(record "$t" 2); } >"$D/in.tsv"
			try "$t" "$D/in.tsv"
			;;
		text)
			{ printf 'Bob: '; cat "$D/big"; echo; } >"$D/in.txt"
			try "$t" "$D/in.txt"
			;;
		esac
		check "$t" 0
		if [ "$t" = tx-redact ]; then
			cmp -s "$D/in.txt" "$OUTDIR/in.txt" || fail "tx-redact changed the line"
		elif [ "${OUT[$t]}" = tsv ] && [ "${KIND[$t]}" = text ]; then
			[ "$(wc -c <"$out")" -gt 50000000 ] || fail "$t lost the text"
		fi
	done
}

@test "badinput: a lone backslash at the end of a field is exit 1 naming file and line" {
	for t in $(each_tool); do
		case ${KIND[$t]} in
		tsv)
			stream_with "$t" 2 'ends in \\' >"$D/in.tsv"
			try "$t" "$D/in.tsv"
			check "$t" 1
			msg "$t" "$D/in.tsv" 3 'unknown escape "\"'
			;;
		text)
			# In a transcript a backslash is text: kept, and escaped
			# on output so that it decodes back.
			printf 'Bob: ends in \\\n' >"$D/in.txt"
			STDIN=$D/in.txt try "$t"
			check "$t" 0
			if [ "$t" = tx-redact ]; then
				cmp -s "$D/in.txt" "$out" || fail "tx-redact changed it"
			else
				[ "$(cut -f9 "$out" | sed -n 2p)" = 'ends in \\' ] ||
					fail "$t: $(cat "$out")"
			fi
			;;
		esac
	done
}

@test "badinput: an unknown escape (\\x) is exit 1 naming file, line and field" {
	for t in $(each_tool); do
		case ${KIND[$t]} in
		tsv)
			stream_with "$t" 2 'a \\x b' >"$D/in.tsv"
			try "$t" "$D/in.tsv"
			check "$t" 1
			msg "$t" "$D/in.tsv" 3 'unknown escape "\x"'
			;;
		text)
			printf 'Bob: a \\x b\n' >"$D/in.txt"
			STDIN=$D/in.txt try "$t"
			check "$t" 0
			if [ "$t" = tx-redact ]; then
				cmp -s "$D/in.txt" "$OUTDIR/in.txt" 2>/dev/null ||
					cmp -s "$D/in.txt" "$out" || fail "tx-redact changed it"
			else
				[ "$(cut -f9 "$out" | sed -n 2p)" = 'a \\x b' ] ||
					fail "$t: $(cat "$out")"
			fi
			;;
		esac
	done
}

@test "badinput: 10,000 columns are taken (and passed through where the tool keeps them)" {
	extra=$(seq -f 'c%g' 1 10000 | paste -sd '\t')
	vals=$(seq 1 10000 | paste -sd '\t')
	for t in $(each_tool); do
		case ${KIND[$t]} in
		tsv)
			stream "$t" | awk -v e="$extra" -v v="$vals" \
				'{ print (NR == 1 ? e : v) "\t" $0 }' >"$D/in.tsv"
			try "$t" "$D/in.tsv"
			check "$t" 0
			if [ "$t" = tx-code ]; then
				[ "$(head -1 "$out" | awk -F'\t' '{ print NF }')" -eq 10007 ] ||
					fail "tx-code lost columns"
			fi
			;;
		text)
			# A transcript line of 10,000 TABs: text, escaped on output.
			{ printf 'Bob: '; printf '%s\n' "$vals"; } >"$D/in.txt"
			STDIN=$D/in.txt try "$t"
			check "$t" 0
			if [ "$t" = tx-redact ]; then
				cmp -s "$D/in.txt" "$out" || fail "tx-redact changed it"
			fi
			;;
		esac
	done
}

@test "badinput: a catastrophic pattern on a long text ends within the limit" {
	long="$(head -c 30000 /dev/zero | tr '\0' a)b"
	printf 'code,pattern\nCatastrophe,(a+)+$\nTrap,(\\w+\\s?)+!\n' >"$D/cat.csv"
	for t in $(each_tool); do
		case $t in
		tx-code)
			stream_with "$t" 1 "$long" >"$D/in.tsv"
			BOOK=$D/cat.csv try "$t" "$D/in.tsv"
			# A limit hit is reported, counted as not matched, exit 1;
			# an engine that decides without hitting one exits 0.
			if [ "$status" -eq 1 ]; then
				msg "$t" "$D/in.tsv" 2 'limit exceeded'
			else
				check "$t" 0
			fi
			[ "$(wc -l <"$out")" -eq 3 ] || fail "$t: $(cut -c1-80 "$out")"
			;;
		tx-segment)
			printf 'Bob: x\n%s\n' "${long%b}" >"$D/in.txt"
			try "$t" --label-regex '(?<speaker>(a|aa)+)+b' "$D/in.txt"
			check "$t" 1
			msg "$t" "$D/in.txt" 2 'match limit exceeded'
			;;
		tx-compare|tx-report)
			# Read the codebook for its order only: no matching.
			stream "$t" >"$D/in.tsv"
			try "$t" --codebook "$D/cat.csv" "$D/in.tsv"
			check "$t" 0
			;;
		*)
			# No patterns of the user's: the long text alone.
			case ${KIND[$t]} in
			tsv) stream_with "$t" 1 "$long" >"$D/in";;
			text) printf 'Bob: %s\n' "$long" >"$D/in";;
			esac
			STDIN=$D/in try "$t"
			check "$t" 0
			;;
		esac
	done
}

@test "badinput: a file that does not exist is exit 1 naming it; the others are read" {
	for t in $(each_tool); do
		case ${KIND[$t]} in
		tsv) stream "$t" >"$D/ok";;
		text) printf '%s' "$TRANSCRIPT" >"$D/ok";;
		esac
		try "$t" "$D/ok" "$D/absent"
		check "$t" 1
		[[ "$err" == *"$t: $D/absent: No such file or directory"* ]] ||
			fail "$t: $err"
		if [ "$t" = tx-redact ]; then no_redacted_output; fi
		if [ "$t" = tx-segment ]; then
			[ "$(wc -l <"$out")" -eq 3 ] || fail "$t: $(cat "$out")"
		fi
	done
}

@test "badinput: a directory as a file is exit 1 naming it" {
	mkdir -p "$D/dir"
	for t in $(each_tool); do
		try "$t" "$D/dir"
		check "$t" 1
		[[ "$err" == *"$t: $D/dir: "*"directory"* ]] || fail "$t: $err"
		if [ "$t" = tx-redact ]; then no_redacted_output; fi
		STDIN=$D/dir try "$t"
		check "$t" 1
		[[ "$err" == *"$t: "*"directory"* ]] || fail "$t (stdin): $err"
	done
}

@test "badinput: a closed standard output (| head -c1) ends quietly with exit 0" {
	for t in $(each_tool); do
		case ${KIND[$t]} in
		tsv) stream "$t" | awk 'NR == 1 { print; next }
			{ for (i = 0; i < 10000; i++) print }' >"$D/in";;
		text) printf '%s' "$TRANSCRIPT" | awk '{ for (i = 0; i < 2000; i++) print }' >"$D/in";;
		esac
		eval "args=(${ARGS[$t]})"
		run bash -c 'timeout 20 "$@" <"$0" 2>"$0.err" | head -c1 >/dev/null;
			echo "${PIPESTATUS[0]}"' "$D/in" "$t" "${args[@]}"
		[ "$output" = 0 ] || fail "$t: exit $output: $(cat "$D/in.err")"
		[ ! -s "$D/in.err" ] || fail "$t: said $(cat "$D/in.err")"
	done
}

@test "badinput: a full disk (>/dev/full) is exit 1 with a message" {
	for t in $(each_tool); do
		case ${KIND[$t]} in
		tsv) stream "$t" >"$D/in";;
		text) printf '%s' "$TRANSCRIPT" >"$D/in";;
		esac
		eval "args=(${ARGS[$t]})"
		status=0
		timeout 20 "$t" "${args[@]}" <"$D/in" >/dev/full 2>"$D/err" || status=$?
		err=$(cat "$D/err")
		[ "$status" -eq 1 ] || fail "$t: exit $status: $err"
		[[ "$err" == "$t: "*"No space left on device"* ]] || fail "$t: $err"
	done
}
