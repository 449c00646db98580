#!/usr/bin/env bats
# tx-code: apply a coding framework to segments (issue 3).
#
# Fixtures in fixtures/code, written for these tests:
#   segments.tsv   7 segments of two documents, with a user column (locality)
#   codebook.csv   a two-level framework: an implicit ancestor (Financial
#                  issues), an ancestor declared after its child (Access), a
#                  code declared late (Financial issues/Funding), spaces around
#                  "/", a code given by three rows (two patterns, an exclude
#                  on a row of its own), overlapping patterns (Care homes),
#                  quoted descriptions with commas, quotes and a newline
#   codings.out    its codings, checked by hand: 4B/2 has business, Profit,
#                  businesses (3 hits); 4B/4 is excluded ("not for profit");
#                  7A/1 has "Care home" x2 + Care, carers, care (5 hits)
#   list.out       tx-code --list codebook.csv, checked by hand
#   errors.csv     one row for every codebook error; errors.err the messages

load helper

C=$FIX/code

@test "codes segments: hierarchy, OR of rows, exclude, hits, codebook order" {
	run --separate-stderr tx-code "$C/codebook.csv" "$C/segments.tsv"
	assert_success
	[ -z "$stderr" ]
	assert_output "$(cat "$C/codings.out")"
}

@test "the columns: every input column, code hits match coder before text" {
	run tx-code "$C/codebook.csv" "$C/segments.tsv"
	assert_line --index 0 "$(printf 'doc\tseg\tspeaker\ttime\tsection\tline\tstart\tend\tlocality\tcode\thits\tmatch\tcoder\ttext')"
	assert_line --index 5 "$(printf '7A\t1\tP7\t00:00:30\t\t2\t10\t74\tSouthdale\tCare homes\t5\tCare home\tauto\tCare home staff and carers were stretched; the care home closed.')"
}

@test "text is moved last when the input has it elsewhere" {
	printf 'text\tdoc\textra\nwe wait\td1\tx\n' > in.tsv
	run tx-code "$C/codebook.csv" in.tsv
	assert_success
	assert_output "$(printf 'doc\textra\tcode\thits\tmatch\tcoder\ttext\nd1\tx\tAccess/Waiting\t1\twait\tauto\twe wait')"
}

@test "columns pass through as written: escapes, text mid-row, CR, BOM, CRLF, -j" {
	# Rows are written from the raw bytes of each record (lib/tsv.c
	# tsv_keep_raw): every escape, before, in and after text, must come out
	# as it went in; a literal CR comes out escaped (\r), as the writer
	# would; an empty last column keeps its TAB.
	printf 'code,pattern\nWait,wait\nTab,a\\tb\n' > cb.csv
	printf '\357\273\277doc\ttext\tnote\textra\r\n' > in.tsv
	printf 'd\\\\1\twe wait\\there\\nand\\r\\\\ a\\tb\tn\\to\\nt\\re\\\\\t\r\n' >> in.tsv
	printf 'd2\tno code\tx\rcr\tlast\r\n' >> in.tsv
	printf 'd3\tliteral\rcr wait\t\t\n' >> in.tsv
	for j in 1 2; do
		run tx-code -j $j cb.csv in.tsv
		assert_success
		assert_output "$(printf '%s\n' 'doc	note	extra	code	hits	match	coder	text' \
			'd\\1	n\to\nt\re\\		Wait	1	wait	auto	we wait\there\nand\r\\ a\tb' \
			'd\\1	n\to\nt\re\\		Tab	1	a\tb	auto	we wait\there\nand\r\\ a\tb' \
			'd2	x\rcr	last		0		auto	no code' \
			'd3			Wait	1	wait	auto	literal\rcr wait')"
	done
}

@test "a code or coder with a backslash is written escaped, row after row" {
	printf 'code,pattern\nBack\\slash,wait\n' > cb.csv
	printf 'doc\ttext\nd1\twe wait\nd2\twait\n' > in.tsv
	for j in 1 2; do
		run tx-code -j $j --coder 'me\you' cb.csv in.tsv
		assert_success
		assert_output "$(printf '%s\n' 'doc	code	hits	match	coder	text' \
			'd1	Back\\slash	1	wait	me\\you	we wait' \
			'd2	Back\\slash	1	wait	me\\you	wait')"
	done
}

@test "a segment with no code gives one row: empty code, hits 0, empty match" {
	run tx-code "$C/codebook.csv" "$C/segments.tsv"
	assert_line --index 1 "$(printf '4B\t1\tInterviewer\t00:00:05\t\t3\t20\t56\tNorthvale\t\t0\t\tauto\tCan you tell me about your practice?')"
}

@test "hits: non-overlapping matches of each pattern, counted separately, summed" {
	printf 'code,pattern\nPairs,aa\nCare,\\bcare home\nCare,\\bcare\\w*\nCare,home\n' > cb.csv
	printf 'doc\tseg\ttext\nd\t1\taaaaa\nd\t2\tthe care home; carers at home\n' > in.tsv
	run tx-code cb.csv in.tsv
	assert_success
	assert_output "$(printf 'doc\tseg\tcode\thits\tmatch\tcoder\ttext
d\t1\tPairs\t2\taa\tauto\taaaaa
d\t2\tCare\t5\tcare home\tauto\tthe care home; carers at home')"
}

@test "match is the leftmost match across the code's patterns" {
	printf 'code,pattern\nX,\\bzebra\nX,\\bapple\n' > cb.csv
	printf 'doc\tseg\ttext\nd\t1\tan apple, a zebra, an Apple\n' > in.tsv
	run tx-code cb.csv in.tsv
	assert_output "$(printf 'doc\tseg\tcode\thits\tmatch\tcoder\ttext\nd\t1\tX\t3\tapple\tauto\tan apple, a zebra, an Apple')"
}

@test "an exclusion belongs to the code, whichever row states it, and to no other" {
	printf 'code,pattern,exclude\nA,\\bone\\b,\nA,\\btwo\\b,\\bthree\\b\nB,\\bone\\b,\n' > cb.csv
	printf 'doc\tseg\ttext\nd\t1\tone and three\nd\t2\tone and two\n' > in.tsv
	run tx-code cb.csv in.tsv
	assert_output "$(printf 'doc\tseg\tcode\thits\tmatch\tcoder\ttext
d\t1\tB\t1\tone\tauto\tone and three
d\t2\tA\t2\tone\tauto\tone and two
d\t2\tB\t1\tone\tauto\tone and two')"
}

@test "codebook order: ancestors first, siblings by first appearance, declared late or never" {
	run bash -c "tx-code --coded-only '$C/codebook.csv' '$C/segments.tsv' | awk -F '\t' '\$1 == \"7A\" && \$2 == 2 { print \$10 }'"
	assert_output "Financial issues/GPs as businesses
Financial issues/Funding
Access/Waiting
Care homes"
}

@test "Unicode: caseless É/é, ẞ/ß (not SS), Greek, curly quotes, (?-i), \\b after é" {
	run tx-code "$C/unicode.csv" "$C/unicode.tsv"
	assert_success
	assert_output "$(printf 'doc\tseg\tcode\thits\tmatch\tcoder\ttext
u1\t1\tCafe\t2\tCAFÉ\tauto\tCAFÉ and Café
u1\t2\t\t0\t\tauto\tSTRASSE
u1\t3\tSharp s\t2\tSTRAẞE\tauto\tSTRAẞE and straße
u1\t4\tQuote\t1\tDON’T\tauto\tI DON’T know; don'"'"'t
u1\t5\tSigma\t1\tΣΟΦΊΑ\tauto\tΣΟΦΊΑ
u1\t6\tCase kept\t1\tNHS\tauto\tthe nhs and the NHS
u1\t7\t\t0\t\tauto\tcafés')"
}

@test "escapes: patterns run on decoded text, match is escaped again" {
	run tx-code "$C/escapes.csv" "$C/escapes.tsv"
	assert_success
	assert_output "$(printf '%s\n' 'doc	seg	code	hits	match	coder	text' \
		'e1	1	Two lines	1	line one\nline two	auto	line one\nline two\tand a tab' \
		'e1	1	Tab	1	two\tand	auto	line one\nline two\tand a tab' \
		'e1	2		0		auto	line one line two' \
		'e1	3	Path	1	C:\\path	auto	saved in C:\\path\\file')"
}

@test "--coded-only drops the rows of uncoded segments" {
	run tx-code --coded-only "$C/codebook.csv" "$C/segments.tsv"
	assert_success
	assert_output "$(grep -v "$(printf '\t\t0\t\tauto\t')" "$C/codings.out")"
	[ "${#lines[@]}" -eq 8 ]
}

@test "--coder NAME and -c NAME set the coder column" {
	run tx-code --coder anna "$C/codebook.csv" "$C/segments.tsv"
	assert_output "$(sed '2,$s/\tauto\t/\tanna\t/' "$C/codings.out")"
	run tx-code --coder 'Bob Jones' --coded-only "$C/codebook.csv" "$C/segments.tsv"
	assert_line --index 1 --partial "$(printf '\t3\tbusiness\tBob Jones\t')"
}

@test "--coder with an empty name is a usage error" {
	run --separate-stderr tx-code --coder '' "$C/codebook.csv" "$C/segments.tsv"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = "tx-code: --coder: empty name" ]
}

@test "--coder that is not UTF-8 is a usage error, shown escaped" {
	run --separate-stderr tx-code --coder $'caf\xe9' "$C/codebook.csv" "$C/segments.tsv"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = 'tx-code: --coder: "caf\xe9" is not UTF-8' ]
}

@test "standard input, -, and several inputs as one stream" {
	run tx-code "$C/codebook.csv" < "$C/segments.tsv"
	assert_output "$(cat "$C/codings.out")"
	run tx-code "$C/codebook.csv" - < "$C/segments.tsv"
	assert_output "$(cat "$C/codings.out")"
	run tx-code "$C/codebook.csv" "$C/segments.tsv" "$C/segments.tsv"
	assert_output "$(cat "$C/codings.out"; tail -n +2 "$C/codings.out")"
}

@test "TSV codebook, extra columns ignored" {
	run tx-code "$C/codebook.tsv" "$C/segments.tsv"
	assert_success
	assert_output "$(cat "$C/codings.out")"
}

@test "a codebook without extension is sniffed: TSV and CSV" {
	run tx-code "$C/codebook-tsv-noext" "$C/segments.tsv"
	assert_output "$(cat "$C/codings.out")"
	run tx-code "$C/codebook-csv-noext" "$C/segments.tsv"
	assert_output "$(cat "$C/codings.out")"
}

@test "a codebook with a BOM and CRLF line ends" {
	printf '\357\273\277' > cb.csv
	sed 's/$/\r/' "$C/codebook.csv" >> cb.csv
	run tx-code cb.csv "$C/segments.tsv"
	assert_success
	assert_output "$(cat "$C/codings.out")"
}

@test "CSV codebook: quoted commas, quotes and newlines; header names caseless" {
	cat > cb.csv <<-'EOF'
	Code,Pattern,Description
	Refusal,"\bwell, no\b","says ""no"", politely"
	Quoted,"""\w+""","a word in quotes,
	on two lines"
	EOF
	printf 'doc\tseg\ttext\nd\t1\tWell, no. I said "never".\n' > in.tsv
	run tx-code cb.csv in.tsv
	assert_success
	assert_output "$(printf 'doc\tseg\tcode\thits\tmatch\tcoder\ttext
d\t1\tRefusal\t1\tWell, no\tauto\tWell, no. I said "never".
d\t1\tQuoted\t1\t"never"\tauto\tWell, no. I said "never".')"
	run tx-code --list cb.csv
	assert_output 'Refusal
    pattern: \bwell, no\b
    description: says "no", politely
Quoted
    pattern: "\w+"
    description: a word in quotes,
                 on two lines'
}

@test "--list prints the framework as an indented tree" {
	run --separate-stderr tx-code --list "$C/codebook.csv"
	assert_success
	[ -z "$stderr" ]
	assert_output "$(cat "$C/list.out")"
	run tx-code -l "$C/codebook.csv"
	assert_output "$(cat "$C/list.out")"
}

@test "--list shows an ancestor that has no row" {
	printf 'code,pattern\nA/B/C,\\bc\\b\n' > cb.csv
	run tx-code --list cb.csv
	assert_output 'A
  B
    C
        pattern: \bc\b'
}

@test "--check: a good codebook exits 0 and writes nothing" {
	run --separate-stderr tx-code --check "$C/codebook.csv"
	assert_success
	[ -z "$output" ]
	[ -z "$stderr" ]
}

@test "--check: a bad codebook exits 2 with every error" {
	cd "$C"
	run --separate-stderr tx-code --check errors.csv
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "$(cat "$C/errors.err")" ]
}

@test "--check and --list take the codebook only" {
	run --separate-stderr tx-code --check "$C/codebook.csv" "$C/segments.tsv"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "tx-code: --check takes the codebook only" ]
	run --separate-stderr tx-code --list "$C/codebook.csv" "$C/segments.tsv"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "tx-code: --list takes the codebook only" ]
}

@test "every codebook error is reported, exit 2, nothing on stdout" {
	cd "$C"
	run --separate-stderr tx-code errors.csv segments.tsv
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "$(cat "$C/errors.err")" ]
	# One message per error, each of the forms the brief names.
	[ "${#stderr_lines[@]}" -eq 11 ]
}

@test "codebook error: a pattern that does not compile names file, line, code, offset" {
	printf 'code,pattern\nTrust,\\btrust\nTrust,(trust\n' > codebook.csv
	run --separate-stderr tx-code codebook.csv "$C/segments.tsv"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = 'tx-code: codebook.csv:3: code "Trust": missing closing parenthesis at offset 6' ]
}

@test "codebook error: no code or pattern column" {
	printf 'name,regex\nA,a\n' > cb.csv
	run --separate-stderr tx-code cb.csv "$C/segments.tsv"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = 'tx-code: cb.csv:1: no "code" column (a codebook'"'"'s header needs code and pattern)
tx-code: cb.csv:1: no "pattern" column (a codebook'"'"'s header needs code and pattern)' ]
}

@test "codebook error: empty, missing, a directory, ragged, unclosed quote, bad UTF-8" {
	: > empty.csv
	run --separate-stderr tx-code empty.csv "$C/segments.tsv"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "tx-code: empty.csv: empty: a header is required" ]
	run --separate-stderr tx-code missing.csv "$C/segments.tsv"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "tx-code: missing.csv: No such file or directory" ]
	mkdir dir.csv
	run --separate-stderr tx-code dir.csv "$C/segments.tsv"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "tx-code: dir.csv: is a directory" ]
	printf 'code,pattern\nA,a,extra\n' > ragged.csv
	run --separate-stderr tx-code ragged.csv "$C/segments.tsv"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "tx-code: ragged.csv:2: 3 fields where the header has 2" ]
	printf 'code,pattern\nA,a\nB,"b\nC,c\n' > quote.csv
	run --separate-stderr tx-code quote.csv "$C/segments.tsv"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "tx-code: quote.csv:3: quoted field not closed" ]
	printf 'code,pattern\nA,caf\351\n' > latin1.csv
	run --separate-stderr tx-code latin1.csv "$C/segments.tsv"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "tx-code: latin1.csv:2: invalid UTF-8" ]
}

@test "a header-only codebook codes nothing" {
	printf 'code,pattern\n' > cb.csv
	run tx-code --coded-only cb.csv "$C/segments.tsv"
	assert_success
	assert_output "$(head -1 "$C/codings.out")"
}

# Limits are PCRE2's: the Hyperscan prefilter proves that (a+)+$ cannot
# match "a...ab" and never runs it, so the tests of a limit hit use
# --engine pcre2 (tx-code-engines.bats compares the engines).
@test "limits: (a+)+\$ on a long run of a ends quickly with the limit message, exit 1, stream whole" {
	SECONDS=0
	run --separate-stderr timeout 10 tx-code --engine pcre2 "$C/catastrophe.csv" "$C/catastrophe.tsv"
	[ "$SECONDS" -lt 5 ]
	[ "$status" -eq 1 ]
	[ "$stderr" = "tx-code: $C/catastrophe.tsv:2: doc \"c1\" seg \"1\" code \"Catastrophe\": match limit exceeded (pattern at $C/catastrophe.csv:2): counted as not matched" ]
	assert_output "$(printf 'doc\tseg\tcode\thits\tmatch\tcoder\ttext
c1\t1\tPlain\t1\taaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\tauto\taaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab
c1\t2\tCatastrophe\t1\taaa\tauto\taaa
c1\t2\tPlain\t1\taaa\tauto\taaa')"
}

@test "limits: --no-jit hits the same match limit, with the interpreter" {
	run --separate-stderr timeout 10 tx-code --engine pcre2 --no-jit "$C/catastrophe.csv" "$C/catastrophe.tsv"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *'code "Catastrophe": match limit exceeded'* ]]
	[ "${#lines[@]}" -eq 4 ]
}

@test "limits: --match-limit lowers the limit" {
	printf 'doc\tseg\ttext\nc1\t1\taaaaaaaaaaaaaaaaab\n' > in.tsv
	run --separate-stderr tx-code "$C/catastrophe.csv" in.tsv
	assert_success
	[ -z "$stderr" ]
	run --separate-stderr tx-code --engine pcre2 --match-limit 1000 "$C/catastrophe.csv" in.tsv
	[ "$status" -eq 1 ]
	[ "$stderr" = "tx-code: in.tsv:2: doc \"c1\" seg \"1\" code \"Catastrophe\": match limit exceeded (pattern at $C/catastrophe.csv:2): counted as not matched" ]
	assert_output "$(printf 'doc\tseg\tcode\thits\tmatch\tcoder\ttext\nc1\t1\tPlain\t1\taaaaaaaaaaaaaaaaab\tauto\taaaaaaaaaaaaaaaaab')"
}

@test "limits: a total of 10 times --match-limit per segment and regex, the same with every engine and -j 2" {
	# Runs that each fail just under the limit, at every start position:
	# one alone is decided; 40 in one segment spend the total.
	printf 'doc\tseg\ttext\nc1\t1\taaaaaaaaaaaaab a\n' > one.tsv
	run --separate-stderr tx-code --engine pcre2 --match-limit 20000 "$C/catastrophe.csv" one.tsv
	assert_success
	[ -z "$stderr" ]
	run_ab=$(printf 'aaaaaaaaaaaaab %.0s' $(seq 40))
	printf 'doc\tseg\ttext\nc1\t1\t%sa\nc1\t2\taaab\n' "$run_ab" > runs.tsv
	want=$(printf 'doc\tseg\tcode\thits\tmatch\tcoder\ttext\nc1\t1\tPlain\t41\taaaaaaaaaaaaab\tauto\t%sa\nc1\t2\tPlain\t1\taaab\tauto\taaab' "$run_ab")
	for o in "--engine pcre2" "--engine hyperscan" "--engine pcre2 -j 2" "--engine hyperscan -j 2"; do
		run --separate-stderr tx-code $o --match-limit 20000 "$C/catastrophe.csv" runs.tsv
		[ "$status" -eq 1 ] || fail "$o: exit $status"
		[ "$stderr" = "tx-code: runs.tsv:2: doc \"c1\" seg \"1\" code \"Catastrophe\": total match limit exceeded (10 times --match-limit over the segment) (pattern at $C/catastrophe.csv:2): counted as not matched" ] || fail "$o: $stderr"
		assert_output "$want"
	done
}

@test "limits: --depth-limit applies to the interpreter (--no-jit), not to JIT" {
	run --separate-stderr tx-code --no-jit --depth-limit 1000 "$C/deep.csv" "$C/deep.tsv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "tx-code: $C/deep.tsv:2: doc \"d1\" seg \"1\" code \"Deep\": matching depth limit exceeded (pattern at $C/deep.csv:2): counted as not matched" ]
	assert_line --index 1 --partial "$(printf 'd1\t1\t\t0\t\tauto\t')"
	run --separate-stderr tx-code --no-jit "$C/deep.csv" "$C/deep.tsv"
	assert_success
	assert_line --index 1 --partial "$(printf 'd1\t1\tDeep\t1\t')"
	run --separate-stderr tx-code --depth-limit 1000 "$C/deep.csv" "$C/deep.tsv"
	assert_success
	assert_line --index 1 --partial "$(printf 'd1\t1\tDeep\t1\t')"
}

@test "limits: --heap-limit caps the JIT stack, and the interpreter's heap" {
	run --separate-stderr tx-code --heap-limit 16 "$C/deep.csv" "$C/deep.tsv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "tx-code: $C/deep.tsv:2: doc \"d1\" seg \"1\" code \"Deep\": JIT stack limit reached (pattern at $C/deep.csv:2): counted as not matched" ]
	assert_line --index 1 --partial "$(printf 'd1\t1\t\t0\t\tauto\t')"
	run --separate-stderr tx-code --no-jit --heap-limit 16 "$C/deep.csv" "$C/deep.tsv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "tx-code: $C/deep.tsv:2: doc \"d1\" seg \"1\" code \"Deep\": heap limit exceeded (pattern at $C/deep.csv:2): counted as not matched" ]
}

@test "limits: an exclude that hits a limit leaves the code off, reported" {
	printf 'code,pattern,exclude\nA,\\ba+,(a+)+$\n' > cb.csv
	run --separate-stderr tx-code --engine pcre2 cb.csv "$C/catastrophe.tsv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "tx-code: $C/catastrophe.tsv:2: doc \"c1\" seg \"1\" code \"A\": match limit exceeded (exclude at cb.csv:2): counted as not matched" ]
	assert_line --index 1 --partial "$(printf 'c1\t1\t\t0\t\tauto\t')"
}

@test "limits: the message leaves doc and seg empty when the stream has none" {
	printf 'text\n%s\n' "$(printf 'a%.0s' $(seq 40))b" > in.tsv
	run --separate-stderr tx-code --engine pcre2 "$C/catastrophe.csv" in.tsv
	[ "$status" -eq 1 ]
	[[ "$stderr" == 'tx-code: in.tsv:2: doc "" seg "" code "Catastrophe": match limit exceeded'* ]]
}

@test "bad limit values are usage errors" {
	for o in --match-limit --depth-limit --heap-limit; do
		for v in 0 abc -5 4294967296 12x; do
			run --separate-stderr tx-code "$o" "$v" "$C/codebook.csv" "$C/segments.tsv"
			[ "$status" -eq 2 ] || fail "$o $v: exit $status"
			[ -z "$output" ]
			[ "${stderr_lines[0]}" = "tx-code: $o: \"$v\" is not a number from 1 to 4294967295" ]
		done
	done
}

@test "--no-jit codes as JIT does" {
	run tx-code --no-jit "$C/codebook.csv" "$C/segments.tsv"
	assert_success
	assert_output "$(cat "$C/codings.out")"
	run tx-code --no-jit "$C/unicode.csv" "$C/unicode.tsv"
	assert_output "$(tx-code "$C/unicode.csv" "$C/unicode.tsv")"
}

@test "a codings stream as input is an error with a hint; nothing written" {
	for c in code hits match coder; do
		printf 'doc\tseg\t%s\ttext\nd\t1\tx\ty\n' "$c" > in.tsv
		run --separate-stderr tx-code "$C/codebook.csv" in.tsv
		[ "$status" -eq 1 ]
		[ -z "$output" ]
		[ "$stderr" = "tx-code: in.tsv:1: the input already has a \"$c\" column: it is a codings stream, not segments (cut code, hits, match and coder to code it again)" ]
	done
	run --separate-stderr bash -c "tx-code '$C/codebook.csv' '$C/segments.tsv' | tx-code '$C/codebook.csv'"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
}

@test "input without a text column: exit 1, nothing written" {
	printf 'doc\tseg\nd\t1\n' > in.tsv
	run --separate-stderr tx-code "$C/codebook.csv" in.tsv
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = 'tx-code: in.tsv:1: no column "text": tx-code reads segments, as tx-segment writes them' ]
}

@test "empty input: exit 0, nothing; header only: header only" {
	run --separate-stderr tx-code "$C/codebook.csv" < /dev/null
	assert_success
	[ -z "$output" ]
	[ -z "$stderr" ]
	head -1 "$C/segments.tsv" > in.tsv
	run --separate-stderr tx-code "$C/codebook.csv" in.tsv
	assert_success
	assert_output "$(head -1 "$C/codings.out")"
}

@test "bad input data: exit 1 naming file and line, no partial record" {
	printf 'doc\tseg\ttext\nd\t1\twe wait\nd\t2\tbad \\x escape\n' > in.tsv
	run --separate-stderr tx-code "$C/codebook.csv" in.tsv
	[ "$status" -eq 1 ]
	[[ "$stderr" == "tx-code: in.tsv:3: "*"unknown escape"* ]]
	assert_output "$(printf 'doc\tseg\tcode\thits\tmatch\tcoder\ttext\nd\t1\tAccess/Waiting\t1\twait\tauto\twe wait')"
	printf 'doc\tseg\ttext\nd\t1\tcaf\351\n' > in.tsv
	run --separate-stderr tx-code "$C/codebook.csv" in.tsv
	[ "$status" -eq 1 ]
	[ "$stderr" = "tx-code: in.tsv:2: invalid UTF-8 at byte 8 of the line" ]
}

@test "bad input data with -j: every row before the bad line, then the message" {
	# 3,000 good lines (batches of 256 KB are coded by other threads), then
	# a bad one: the rows written are those of one thread.
	awk 'BEGIN { print "doc\tseg\ttext"
		for (i = 1; i <= 3000; i++) printf "d\t%d\twe wait %0100d\n", i, i
		print "d\t3001\tbad \\x escape"
		print "d\t3002\twe wait" }' > in.tsv
	tx-code "$C/codebook.csv" in.tsv > one.out 2> one.err || true
	assert_equal "$(wc -l < one.out)" 3001
	assert_equal "$(cat one.err)" 'tx-code: in.tsv:3002: field 3 (text): unknown escape "\x" (a backslash must be written \\)'
	for j in 2 3; do
		run --separate-stderr tx-code -j $j "$C/codebook.csv" in.tsv
		assert_failure 1
		assert_equal "$stderr" "$(cat one.err)"
		assert_output "$(cat one.out)"
	done
	# A second input whose header differs: all of the first is written.
	head -n 3001 in.tsv > a.tsv
	printf 'doc\tseg\ttext\tx\n' > b.tsv
	for j in 1 2; do
		run --separate-stderr tx-code -j $j "$C/codebook.csv" a.tsv b.tsv
		assert_failure 1
		assert_equal "$stderr" "tx-code: b.tsv:1: header differs from that of a.tsv"
		assert_output "$(cat one.out)"
	done
}

@test "a missing input is reported, the others coded, exit 1" {
	run --separate-stderr tx-code "$C/codebook.csv" missing.tsv "$C/segments.tsv"
	[ "$status" -eq 1 ]
	[ "$stderr" = "tx-code: missing.tsv: No such file or directory" ]
	assert_output "$(cat "$C/codings.out")"
}

@test "a closed pipe ends quietly with exit 0" {
	awk 'NR == 1 { print; next } { for (i = 0; i < 3000; i++) print }' \
		"$C/segments.tsv" > big.tsv
	run --separate-stderr bash -c "tx-code '$C/codebook.csv' big.tsv | head -1; exit \${PIPESTATUS[0]}"
	assert_success
	[ -z "$stderr" ]
	assert_output "$(head -1 "$C/codings.out")"
}

@test "a full disk is an error: exit 1" {
	run --separate-stderr bash -c "tx-code '$C/codebook.csv' '$C/segments.tsv' > /dev/full"
	[ "$status" -eq 1 ]
	[ "$stderr" = "tx-code: write error: standard output: No space left on device" ]
}

@test "usage: no codebook, an unknown option, -h and --version" {
	run --separate-stderr tx-code
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == "usage: tx-code "* ]]
	run --separate-stderr tx-code --no-such-option "$C/codebook.csv"
	[ "$status" -eq 2 ]
	[[ "$stderr" == "tx-code: unrecognized option '--no-such-option'"* ]]
	run tx-code -h
	assert_success
	assert_line --index 0 --partial "usage: tx-code"
	assert_output --partial "--coded-only"
	run tx-code --help
	assert_success
	run tx-code --version
	assert_output "tx-code 0.1.0"
}

@test "pipeline: tx-segment | tx-code on fixture transcripts" {
	cd "$C"
	run --separate-stderr bash -c "tx-segment -x '^interviewer\$' --attrs participants.csv transcripts/*.txt | tx-code codebook.csv"
	assert_success
	[ -z "$stderr" ]
	assert_output "$(cat pipeline.out)"
}

# --- lib/codebook.h as later tools use it (tests/unit/codebook.c) ---

@test "codebook API: codes in codebook order with parent, depth, line, patterns, description" {
	need_unit codebook
	run "$TX_BUILD/unit/codebook" "$C/codebook.csv"
	assert_success
	assert_output '6 codes, 7 regexes
0 parent=-1 depth=0 line=0 path=Financial issues name=Financial issues
1 parent=0 depth=1 line=2 path=Financial issues/GPs as businesses name=GPs as businesses
  pattern 2 \bbusiness(?:es)?\b
  pattern 3 \bprofit\w*
  exclude 4 \bnot for profit\b
  description GPs run practices as businesses: profit, partners, "the bottom line".
2 parent=0 depth=1 line=10 path=Financial issues/Funding name=Funding
  pattern 10 \bfunding\b
3 parent=-1 depth=0 line=7 path=Access name=Access
  description Getting care at all.
4 parent=3 depth=1 line=5 path=Access/Waiting name=Waiting
  pattern 5 \bwait\w*
  description Delays between\nasking for care and getting it.
5 parent=-1 depth=0 line=8 path=Care homes name=Care homes
  pattern 8 \bcare home
  pattern 9 \bcare\w*
  description Overlapping patterns: each counts its own matches.'
}

@test "codebook API: codebook_match calls back in codebook order" {
	need_unit codebook
	run "$TX_BUILD/unit/codebook" "$C/codebook.csv" 'Funding for the care home business went; waiting for funding is hard.'
	assert_success
	assert_output 'Financial issues/GPs as businesses hits=1 match=business error=0
Financial issues/Funding hits=2 match=Funding error=0
Access/Waiting hits=1 match=waiting error=0
Care homes hits=2 match=care home error=0
4 carried'
	run "$TX_BUILD/unit/codebook" "$C/codebook.csv" 'a not for profit business'
	assert_output '0 carried'
	run --separate-stderr "$TX_BUILD/unit/codebook" "$C/errors.csv"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "${#stderr_lines[@]}" -eq 11 ]
}

@test "--max-field: a longer field is an error naming file and line; nothing partial" {
	long=$BATS_TEST_TMPDIR/long.tsv
	printf 'doc\tseg\ttext\nd\t1\tshort\nd\t2\t%s\n' "$(printf '%040d' 0)" >"$long"
	run --separate-stderr tx-code --max-field 10 "$C/codebook.csv" "$long"
	[ "$status" -eq 1 ]
	[ "$stderr" = "tx-code: $long:3: field longer than 10 bytes (--max-field)" ]
	[ "$output" = "$(printf 'doc\tseg\tcode\thits\tmatch\tcoder\ttext\nd\t1\t\t0\t\tauto\tshort')" ]
	run tx-code --max-field 1K "$C/codebook.csv" "$long"
	assert_success
	[ "${#lines[@]}" -eq 3 ]
	run --separate-stderr tx-code --max-field 0 "$C/codebook.csv" "$long"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = 'tx-code: --max-field: "0" is not a size in bytes (a number, or with K, M or G)' ]
}

# --excerpts: another tool's coding imported (issue 8; lib/excerpts.c).
# Fixtures in fixtures/agree/excerpts, written for these tests:
#   segments.tsv   7 segments of two documents: a curly-quoted turn with a
#                  paragraph break and a run of spaces, a moderator's turn,
#                  an em dash, "Yes." twice, an inline "(aside)", an ellipsis
#   taguette.csv   a Taguette highlights export (id, document, tag,
#                  content): straight quotes, an excerpt over three turns
#                  with the moderator's label and a line break, a hyphen
#                  for the dash, "Yes." again after the dash's excerpt, a
#                  code with spaces around "/", a stage direction alone,
#                  one with a stage direction between two turns, "..." for
#                  the ellipsis, a document with no extension, one not in
#                  the input, a text in none
#   taguette.out   the codings, checked by hand; taguette.err the messages

X=$FIX/agree/excerpts

@test "--excerpts: each excerpt codes every segment it covers, labels, white space, quotes folded" {
	run --separate-stderr tx-code --excerpts "$X/taguette.csv" --doc-column document \
	    --code-column tag --text-column content "$X/segments.tsv"
	assert_failure 1
	assert_output "$(cat "$X/taguette.out")"
	assert_equal "$stderr" "$(sed "s|taguette.csv|$X/taguette.csv|" "$X/taguette.err")"
}

@test "--excerpts: an excerpt over three turns codes all three; the match is its part of each" {
	run tx-code --excerpts "$X/taguette.csv" --doc-column document \
	    --code-column tag --text-column content --allow-missing "$X/segments.tsv"
	assert_line "$(printf 'P1\t1\tparticipant\tNorth\tSearch\t1\tIt is   clear to me.\texcerpts\tI read the \xe2\x80\x98Home\xe2\x80\x99 tab.\\n\\nIt is   clear to me.')"
	assert_line "$(printf 'P1\t2\tMODERATOR\tNorth\tSearch\t1\tCould you try the search box?\texcerpts\tCould you try the search box?')"
	assert_line "$(printf 'P1\t3\tparticipant\tNorth\tSearch\t1\tYes.\texcerpts\tYes. Okay, I found it \xe2\x80\x94 the licence is there.')"
}

@test "--excerpts: a repeated text codes the occurrence that is a whole segment" {
	run tx-code --excerpts "$X/taguette.csv" --doc-column document \
	    --code-column tag --text-column content --allow-missing "$X/segments.tsv"
	# "Yes." (row 5) is segment 4 whole, and part of segment 3: segment 4.
	# Row 8 ("Yes. (The participant nods) Yes, that works.") adds a hit.
	assert_line "$(printf 'P1\t4\tparticipant\tNorth\tAnswer\t2\tYes.\texcerpts\tYes.')"
	refute_line --regexp '^P1	3	.*	Answer	'
}

# Placement that does not hang on the sheet's row order. fixtures
# yes.tsv: "Yes." by a participant (1, 3) and the moderator (4), the
# moderator's "Could you try?" (2), "Thanks, yes." (5).
@test "--excerpts: a speaker label in the excerpt must match the segment's speaker" {
	printf 'doc\tcode\ttext\nP1\tM\tMODERATOR: Yes.\n' > q.tsv
	run --separate-stderr tx-code -e q.tsv --coded-only "$X/yes.tsv"
	assert_success
	[ -z "$stderr" ]
	assert_output "$(printf 'doc\tseg\tspeaker\tcode\thits\tmatch\tcoder\ttext
P1\t4\tMODERATOR\tM\t1\tYes.\texcerpts\tYes.')"
}

@test "--excerpts: where an excerpt lands does not depend on the sheet's row order" {
	# M's one place is seg 4; A's "Yes." is then seg 1 or 3, and 3 is
	# nearer B ("Thanks", seg 5), its neighbour in the sheet either way.
	want="$(printf 'doc\tseg\tspeaker\tcode\thits\tmatch\tcoder\ttext
P1\t3\tparticipant\tA\t1\tYes.\texcerpts\tYes.
P1\t4\tMODERATOR\tM\t1\tYes.\texcerpts\tYes.
P1\t5\tparticipant\tB\t1\tThanks\texcerpts\tThanks, yes.')"
	printf 'doc\tcode\ttext\nP1\tA\tYes.\nP1\tB\tThanks\nP1\tM\tMODERATOR: Yes.\n' > q1.tsv
	printf 'doc\tcode\ttext\nP1\tM\tMODERATOR: Yes.\nP1\tB\tThanks\nP1\tA\tYes.\n' > q2.tsv
	run --separate-stderr tx-code -e q1.tsv --coded-only "$X/yes.tsv"
	assert_success
	[ -z "$stderr" ]
	assert_output "$want"
	run --separate-stderr tx-code -e q2.tsv --coded-only "$X/yes.tsv"
	assert_success
	[ -z "$stderr" ]
	assert_output "$want"
}

@test "--excerpts: whole segments before part of one; ambiguous placements are listed, exit 0" {
	# "Yes." is seg 1, 3 and 4 whole, and part of 5: three equal places,
	# no neighbour: the first, listed.
	printf 'doc\tcode\ttext\nP1\tA\tYes.\n' > q.tsv
	run --separate-stderr tx-code -e q.tsv --coded-only "$X/yes.tsv"
	assert_success
	assert_output "$(printf 'doc\tseg\tspeaker\tcode\thits\tmatch\tcoder\ttext
P1\t1\tparticipant\tA\t1\tYes.\texcerpts\tYes.')"
	assert_equal "$stderr" 'tx-code: q.tsv:2: row 2: doc "P1", code "A": placed in seg 1, the first of 3 places equally near its neighbours in the sheet: "Yes."
tx-code: 1 of 1 excerpts placed among equal places'
	# Two excerpts of one text take two places.
	printf 'doc\tcode\ttext\nP1\tA\tYes.\nP1\tA\tYes.\n' > q.tsv
	run --separate-stderr tx-code -e q.tsv --coded-only "$X/yes.tsv"
	assert_success
	assert_line --index 1 --regexp '^P1	1	'
	assert_line --index 2 --regexp '^P1	3	'
}

@test "--allow-missing: the excerpts found nowhere are still listed, exit 0" {
	run --separate-stderr tx-code -e "$X/taguette.csv" --doc-column document \
	    --code-column tag --text-column content --allow-missing "$X/segments.tsv"
	assert_success
	assert_output "$(cat "$X/taguette.out")"
	assert_equal "${stderr_lines[3]}" 'tx-code: 3 of 10 excerpts not found in the segments'
}

@test "--excerpts: a TSV sheet with the default columns doc, code, text; -e, --coder, --coded-only" {
	printf 'doc\tcode\ttext\nP1\tTrust\tCould you try\nP2.txt\tTrust\tof time series\n' > quotes.tsv
	run --separate-stderr tx-code -e quotes.tsv --coder ann --coded-only "$X/segments.tsv"
	assert_success
	[ -z "$stderr" ]
	assert_output "$(printf 'doc\tseg\tspeaker\tsite\tcode\thits\tmatch\tcoder\ttext
P1\t2\tMODERATOR\tNorth\tTrust\t1\tCould you try\tann\tCould you try the search box?
P2\t2\tparticipant\tSouth\tTrust\t1\tof time series\tann\tMaybe add a plot\xe2\x80\xa6 of time series.')"
}

@test "--excerpts: the coder is \"excerpts\" unless named; several sheets add up" {
	printf 'doc\tcode\ttext\nP2\tNone\tNothing here\n' > more.tsv
	run tx-code -e more.tsv -e "$X/taguette.csv" --doc-column document --code-column tag \
	    --text-column content --allow-missing "$X/segments.tsv"
	# The first sheet has no "document" column.
	assert_failure 2
	printf 'document\ttag\tcontent\nP2\tNone\tNothing here\n' > more.tsv
	run tx-code -e more.tsv -e "$X/taguette.csv" --doc-column document --code-column tag \
	    --text-column content --allow-missing "$X/segments.tsv"
	assert_success
	assert_line "$(printf 'P2\t1\tparticipant\tSouth\tNone\t1\tNothing here\texcerpts\tNothing here is coded.')"
}

@test "--excerpts: a sheet without the columns is a usage error naming each option" {
	run --separate-stderr tx-code --excerpts "$X/taguette.csv" "$X/segments.tsv"
	assert_failure 2
	assert_output ''
	assert_equal "$stderr" "tx-code: $X/taguette.csv:1: no column \"doc\" (--doc-column names the column to use)
tx-code: $X/taguette.csv:1: no column \"code\" (--code-column names the column to use)
tx-code: $X/taguette.csv:1: no column \"text\" (--text-column names the column to use)"
}

@test "--excerpts: an empty code or an empty level is a usage error naming the line" {
	printf 'doc\tcode\ttext\nP1\t\tCould\nP1\ta//b\tCould\n' > bad.tsv
	run --separate-stderr tx-code -e bad.tsv "$X/segments.tsv"
	assert_failure 2
	assert_output ''
	assert_equal "$stderr" 'tx-code: bad.tsv:2: code "": empty: every excerpt needs a code
tx-code: bad.tsv:3: code "a//b": a level of the path is empty'
}

@test "--excerpts: a document whose segments come apart is an error" {
	printf 'doc\tcode\ttext\nP1\tX\tCould\n' > q.tsv
	{ cat "$X/segments.tsv"; sed -n 2p "$X/segments.tsv"; } > apart.tsv
	run --separate-stderr tx-code -e q.tsv apart.tsv
	assert_failure 1
	assert_equal "$stderr" 'tx-code: apart.tsv:9: doc "P1" comes again after another document: a document'"'"'s segments must come together, as tx-segment writes them'
}

@test "--excerpts: empty input is no error; a header alone lists every excerpt" {
	printf 'doc\tcode\ttext\nP1\tX\tCould\n' > q.tsv
	run --separate-stderr tx-code -e q.tsv < /dev/null
	assert_success
	assert_output ''
	[ -z "$stderr" ]
	run --separate-stderr bash -c "head -n 1 '$X/segments.tsv' | tx-code -e q.tsv"
	assert_failure 1
	assert_output "$(printf 'doc\tseg\tspeaker\tsite\tcode\thits\tmatch\tcoder\ttext')"
	assert_equal "${stderr_lines[1]}" 'tx-code: 1 of 1 excerpts not found in the segments'
}

@test "--excerpts takes the codebook's place: not with --check or --list" {
	printf 'doc\tcode\ttext\nP1\tX\tCould\n' > q.tsv
	run --separate-stderr tx-code -e q.tsv --check
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'tx-code: --check reads a codebook, not --excerpts'
	run --separate-stderr tx-code -e q.tsv --list
	assert_failure 2
}

@test "--excerpts: a segment stream without doc is an error; a coded stream too" {
	printf 'doc\tcode\ttext\nP1\tX\tCould\n' > q.tsv
	cut -f 2- "$X/segments.tsv" > nodoc.tsv
	run --separate-stderr tx-code -e q.tsv nodoc.tsv
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'tx-code: nodoc.tsv:1: no column "doc": --excerpts finds each excerpt in its document'"'"'s segments'
	run --separate-stderr tx-code -e q.tsv "$X/taguette.out"
	assert_failure 1
	assert_output ''
}

@test "--engine, --jobs, --no-cache, --verbose keep the codings (more in tx-code-engines.bats)" {
	for o in "--engine pcre2" "--engine auto" "--jobs 2" "-j 0" "--no-cache" "--verbose"; do
		# shellcheck disable=SC2086
		run --separate-stderr env XDG_CACHE_HOME="$BATS_TEST_TMPDIR/cache" \
		    tx-code $o "$C/codebook.csv" "$C/segments.tsv"
		assert_success
		assert_output "$(cat "$C/codings.out")"
	done
}

@test "--no-text: the codings without their text column, the same rows, -j too" {
	for j in 1 2; do
		run --separate-stderr tx-code --no-text -j $j "$C/codebook.csv" "$C/segments.tsv"
		assert_success
		assert_output "$(cut -f 1-13 "$C/codings.out")"
	done
}

@test "--no-text: the columns after a text mid-row come before code, as with text" {
	printf 'text\tdoc\textra\nwe wait\td1\tx\nnothing\td2\ty\n' > in.tsv
	run tx-code --no-text "$C/codebook.csv" in.tsv
	assert_success
	assert_output "$(printf 'doc\textra\tcode\thits\tmatch\tcoder\nd1\tx\tAccess/Waiting\t1\twait\tauto\nd2\ty\t\t0\t\tauto')"
}

@test "--no-text: tx-count, tx-compare and tx-agree count it as with text; tx-report needs text" {
	tx-code "$C/codebook.csv" "$C/segments.tsv" > with.tsv
	tx-code --no-text "$C/codebook.csv" "$C/segments.tsv" > without.tsv
	run tx-count --by locality without.tsv
	assert_success
	assert_output "$(tx-count --by locality with.tsv)"
	run tx-compare --by locality without.tsv
	assert_success
	assert_output "$(tx-compare --by locality with.tsv)"
	tx-code --no-text --coder other "$C/codebook.csv" "$C/segments.tsv" >> without.tsv
	tx-code --coder other "$C/codebook.csv" "$C/segments.tsv" >> with.tsv
	run tx-agree without.tsv
	assert_success
	assert_output "$(tx-agree with.tsv)"
	run --separate-stderr tx-report --by locality without.tsv
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" "tx-report: without.tsv:1: no column \"text\": tx-report quotes the segments' text: code them without tx-code --no-text"
}

@test "--no-text codes with a codebook: not with --excerpts" {
	printf 'doc\tcode\ttext\nP1\tX\tCould\n' > q.tsv
	run --separate-stderr tx-code --no-text -e q.tsv
	assert_failure 2
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'tx-code: --no-text codes with a codebook, not --excerpts (cut the text column of the codings)'
}

@test "long texts are written whole from where they lie: -j 1, -j 2, -j 3, to a pipe" {
	# Texts of 220 to 660 bytes: those of 256 or more are written from
	# the input's buffer, thousands of them to a write; shorter ones copied.
	printf 'code,pattern\nA,alpha\nB,beta\n' > ab.csv
	awk 'BEGIN { printf "doc\tseg\ttext\n"
		for (i = 0; i < 3000; i++) { k = 20 + i % 40; t = ""
			for (j = 0; j < k; j++) t = t "alpha beta "
			printf "d%d\t1\t%send\\tof\n", i, t } }' > long.tsv
	awk -F '\t' 'NR == 1 { printf "doc\tseg\tcode\thits\tmatch\tcoder\ttext\n"; next }
		{ k = (length($3) - 7) / 11
		  printf "%s\t1\tA\t%d\talpha\tauto\t%s\n", $1, k, $3
		  printf "%s\t1\tB\t%d\tbeta\tauto\t%s\n", $1, k, $3 }' long.tsv > long.want
	for j in 1 2 3; do
		tx-code -j "$j" ab.csv long.tsv > long.$j
		tx-code -j "$j" ab.csv long.tsv | cat > long.$j.pipe
	done
	cmp long.want long.1
	cmp long.want long.2
	cmp long.want long.3
	cmp long.want long.1.pipe
	cmp long.want long.2.pipe
	run cmp long.want long.3.pipe
	assert_success
}

@test "-j N: segments longer than the read buffer (660 KB) among short ones, from a file and a pipe, as with -j 1" {
	printf 'code,pattern\nA,alpha\nB,beta\n' > ab.csv
	awk 'BEGIN { printf "doc\tseg\ttext\n"
		for (i = 0; i < 2000; i++) { t = ""; k = (i % 500 == 7) ? 60000 : 5 + i % 30
			for (j = 0; j < k; j++) t = t "alpha beta "
			printf "d%d\t1\t%s\n", i, t } }' > mixed.tsv
	tx-code ab.csv mixed.tsv > want
	[ "$(wc -l < want)" -eq 4001 ]
	[ "$(awk -F '\t' '$1 == "d507" && $3 == "A" { print $4, length($7) }' want)" = "60000 660000" ]
	for j in 2 3; do
		tx-code -j "$j" ab.csv mixed.tsv > got.$j
		cmp want got.$j
		tx-code -j "$j" ab.csv < mixed.tsv > piped.$j
		cmp want piped.$j
	done
	run cmp want piped.3
	assert_success
}
