#!/usr/bin/env bats
# tx-report: the results section as a page (issue 10).
#
# codings.tsv is a codings stream written for these tests: two localities,
# North (A1-A3) and South (B1, B2), codes Money/Budgets, Money/Fees and
# Staff/Turnover, chosen so that the quote rules show: A1's budget segment
# has 2 hits and beats A2's shorter one; in South, B2's budget segment is
# shorter than B1's and comes first though later in the stream; B1's and
# B2's fee segments are as long as each other, so document order decides;
# A3 has two turnover segments, and only its best (2 hits, long, trimmed)
# is quoted. evil.tsv puts <script>, &, quotes, </svg>, ]]> and control
# characters into every field that reaches the page.
#
# Golden files: codings.md (Markdown, defaults), codings.html (HTML with
# the codebook) and two-localities.md (the worked example). After a
# deliberate change, refresh them with the commands in each test and read
# the diff.

load helper

R=$FIX/report

setup() {
	export SOURCE_DATE_EPOCH=0
	ex=$BATS_TEST_TMPDIR/two-localities
	cd "$BATS_TEST_TMPDIR"
	cp "$R/codings.tsv" "$R/codebook.csv" "$R/evil.tsv" .
}

# The example, made in a copy with the tools under test.
example() {
	cp -r "$EXAMPLES/two-localities" "$ex"
	example_make "$ex" "$@"
}

# Is the page well-formed XML (XHTML), and how many elements named $2?
xml_ok() {
	xmllint --noout "$1"
}
elements() {
	xmllint --xpath "count(//*[local-name()='$2'])" "$1"
}

@test "Markdown on the fixture: exactly the golden file" {
	run tx-report --by locality --to md codings.tsv
	assert_success
	diff -u "$R/codings.md" <(printf '%s\n' "$output")
}

@test "HTML with --codebook on the fixture: exactly the golden file, well-formed" {
	tx-report --by locality --codebook codebook.csv codings.tsv > page.html
	diff -u "$R/codings.html" page.html
	xml_ok page.html
	[ "$(elements page.html svg)" -eq 1 ]
	[ "$(elements page.html script)" -eq 0 ]
}

@test "the worked example: golden Markdown, from the example's own files" {
	example codings.tsv comparison.tsv
	cd "$ex"
	run tx-report --by locality --compare comparison.tsv --codebook codebook.csv \
		--to md codings.tsv
	assert_success
	diff -u "$R/two-localities.md" <(printf '%s\n' "$output")
}

@test "the worked example: the HTML parses and holds the heatmap, one cell per code and locality" {
	example report.html
	xml_ok "$ex/report.html"
	[ "$(elements "$ex/report.html" svg)" -eq 1 ]
	# 20 codes x 2 localities, and the legend's 6 swatches
	[ "$(elements "$ex/report.html" rect)" -eq 46 ]
	[ "$(elements "$ex/report.html" script)" -eq 0 ]
	[ "$(xmllint --xpath "count(//*[local-name()='section'][@class='theme'])" "$ex/report.html")" -eq 4 ]
	# no external asset: nothing is fetched
	run grep -E '(src|href)=|url\(|@import' "$ex/report.html"
	assert_failure
	run grep -F '@page { size: A4;' "$ex/report.html"
	assert_success
}

@test "the worked example: make report.html builds what it needs; clean removes it" {
	run example report.html
	assert_success
	[ -s "$ex/report.html" ]
	[ -s "$ex/comparison.tsv" ]
	# up to date: a second make does nothing
	run make -q -C "$ex" TX_BUILD="$TX_BUILD" report.html
	assert_success
	touch "$ex/codebook.csv"
	run make -n -C "$ex" TX_BUILD="$TX_BUILD" report.html
	assert_output --partial 'tx-report --by locality --compare comparison.tsv --codebook codebook.csv'
	make -s -C "$ex" TX_BUILD="$TX_BUILD" clean
	[ ! -e "$ex/report.html" ]
	grep -qx 'report.html' "$ex/.gitignore"
}

@test "the worked example: computed and --compare give the same page but for its words" {
	example codings.tsv comparison.tsv
	cd "$ex"
	tx-report --by locality --codebook codebook.csv codings.tsv > computed.html
	tx-report --by locality --codebook codebook.csv --compare comparison.tsv codings.tsv > read.html
	run diff computed.html read.html
	# only the comparison's description, the inputs and the command line differ
	[ "$(grep -c '^[<>]' <<<"$output")" -eq 6 ]
	assert_output --partial '<dt>Comparison</dt><dd>20 codes from <bdi>comparison.tsv</bdi>'
}

@test "escaping: <script>, &, quotes, </svg> and control characters stay text" {
	run tx-report --by group evil.tsv
	assert_success
	printf '%s\n' "$output" > page.html
	xml_ok page.html
	[ "$(elements page.html script)" -eq 0 ]
	[ "$(elements page.html svg)" -eq 1 ]
	assert_output --partial '"<bdi>Then I typed <mark>&lt;script&gt;</mark>alert(&quot;x&quot;)&lt;/script&gt; &amp; '
	assert_output --partial 'closed &lt;/svg&gt; ]]&gt; it, &#39;quoted&#39;'
	assert_output --partial '(<bdi>P&lt;1&gt;&amp;amp;</bdi>, <bdi>Mr &quot;O&#39;Brien&quot;</bdi>)'
	assert_output --partial '<th colspan="2"><bdi>&lt;b&gt;North&lt;/b&gt;</bdi></th>'
	# control characters and U+FFFF, which XML forbids, become U+FFFD
	run grep -c $'\x01\|\x1b\|\xef\xbf\xbf' page.html
	assert_output 0
	# in Markdown, the characters that would make markup are escaped
	run tx-report --by group --to md evil.tsv
	assert_success
	assert_output --partial $'"\u2068Then I typed **\\<script>**alert("x")\\</script> \\& '
	assert_output --partial '| \<b>North\</b> documents | % |'
}

@test "quotes: most hits, then shortest, then document order; one per document" {
	run tx-report --by locality --to md --quotes 3 codings.tsv
	assert_success
	run grep '^- "' <<<"$output"
	assert_line --index 0 $'- "\u2068The **budget** is tight and the **budget**s keep shrinking.\u2069" (\u2068A1\u2069, \u2068Dr Amara\u2069)'
	assert_line --index 1 $'- "\u2068**Budget** meetings every week.\u2069" (\u2068A2\u2069)'
	assert_line --index 2 $'- "\u2068The **budget** is fine.\u2069" (\u2068B2\u2069)'
	assert_line --index 3 $'- "\u2068We set the **budget** in March with the council and the trust.\u2069" (\u2068B1\u2069, \u2068Ms Cole\u2069)'
	assert_line --index 5 $'- "\u2068The **fee** is the same.\u2069" (\u2068B1\u2069, \u2068Ms Cole\u2069)'
	assert_line --index 6 $'- "\u2068The **fee** is now paid.\u2069" (\u2068B2\u2069)'
	# A3's short turnover segment loses to its own longer one with 2 hits
	refute_output --partial 'People are leaving.'
}

@test "--quotes N: at most N per code and group; 0 gives the tables only" {
	run tx-report --by locality --to md --quotes 1 codings.tsv
	assert_success
	[ "$(grep -c '^- "' <<<"$output")" -eq 6 ]
	run tx-report --by locality --to md -q 0 codings.tsv
	assert_success
	refute_output --partial '- "'
	refute_output --partial '### '
	assert_output --partial '| Fees | 1/3 | 33.3 | 2/2 | 100.0 | 0.400 | 1.000 | 1.91 | similar |'
}

@test "--width: a long segment trimmed around its first match, with ellipses" {
	run tx-report --by locality --to md --width 60 codings.tsv
	assert_success
	assert_line $'- "… \u2068Now people are **leaving** faster than we can recruit, and the\u2069 …" (\u2068A3\u2069)'
	run tx-report --by locality --to md codings.tsv
	assert_line $'- "… \u2068Now people are **leaving** faster than we can recruit, and the ones who stay are **leaving** the extra shifts to us. I do not know how long we can keep going like this, honestly, and nobody above us seems to have noticed at all.\u2069 …" (\u2068A3\u2069)'
	# a short segment is whole, without ellipses
	assert_line $'- "\u2068Staff **turnover** is the worst it has been.\u2069" (\u2068A1\u2069, \u2068Dr Amara\u2069)'
}

@test "--codebook: its order, descriptions and checksum; every match of a code marked" {
	run tx-report --by locality --to md --codebook codebook.csv codings.tsv
	assert_success
	assert_output --partial "SHA-256 \`$(sha256sum codebook.csv | cut -d' ' -f1)\`"
	assert_output --partial 'codebook.csv: 5 codes in 2 themes, in its order'
	# Staff comes first, as in the codebook (path order puts Money first)
	[ "$(grep -n '^## Staff' <<<"$output" | cut -d: -f1)" -lt "$(grep -n '^## Money' <<<"$output" | cut -d: -f1)" ]
	assert_output --partial $'## Money\n\nBudgets, fees and who pays.'
	assert_output --partial '*Fees paid for care, "rates".*'
	# the pattern \bbudget\w* marks "budgets" whole; the match text alone marks "budget"
	assert_output --partial $'"\u2068The **budget** is tight and the **budgets** keep shrinking.\u2069"'
	run tx-report --by locality --to md --codebook nowhere.csv codings.tsv
	[ "$status" -eq 2 ]
	printf 'code,pattern\nBroken,(unclosed\n' > bad.csv
	run --separate-stderr tx-report --by locality --codebook bad.csv codings.tsv
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == *"bad.csv:2"* ]]
}

@test "a codebook code no segment carries is listed as not found" {
	printf 'code,pattern\nStaff/Turnover,turnover\nStaff/Morale,morale\n' > cb.csv
	run tx-report --by locality --to md --codebook cb.csv codings.tsv
	assert_success
	assert_output --partial '| Morale | 0% | 0% | not found |'
	assert_output --partial $'### Morale\n\n\u2068North\u2069 (0 of 3 documents):\n\n- no segments'
}

@test "--compare FILE: the tests and patterns of a tx-compare output" {
	tx-compare --by locality --test g2 --alpha 0.5 codings.tsv > cmp.tsv
	run tx-report --by locality --to md --compare cmp.tsv codings.tsv
	assert_success
	assert_output --partial '- Comparison: 5 codes from cmp.tsv (tx-compare output)'
	# G2 of Fees (1/3 v 2/2): p = 0.157299, so q < 0.5 makes it "more in South"
	assert_output --partial "| Fees | 1/3 | 33.3 | 2/2 | 100.0 | $(awk -F'\t' '$1 == "Money/Fees" { printf "%.3f", $11 }' cmp.tsv) |"
	assert_output --partial '| Fees | 33% | 100% | more in South |'
	# h as the comparison has it: 2 asin(1) - 2 asin(sqrt(1/3)) = 1.91
	assert_output --partial ' | 1.91 | more in South |'
	# a long form, a group the codings lack, a file that is not there
	tx-compare --by locality --long codings.tsv > long.tsv
	run tx-report --by locality --compare long.tsv codings.tsv
	[ "$status" -eq 2 ]
	sed '1s/_south/_west/g' cmp.tsv > west.tsv
	run tx-report --by locality --compare west.tsv codings.tsv
	[ "$status" -eq 2 ]
	assert_output --partial 'no value of locality in the codings makes the name "west"'
	run --separate-stderr tx-report --by locality --compare absent.tsv codings.tsv
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"absent.tsv"* ]]
	# a comparison without h (from an older tx-compare) is exit 1
	cut -f1-14,16,17 cmp.tsv > noh.tsv
	run --separate-stderr tx-report --by locality --compare noh.tsv codings.tsv
	[ "$status" -eq 1 ]
	[[ "$stderr" == *'no column "h": not a tx-compare output'* ]]
}

@test "--groups: the groups compared, in that order" {
	run tx-report --by locality --to md --groups South,North codings.tsv
	assert_success
	assert_output --partial '| code | South | North | pattern |'
	assert_output --partial '| Budgets | 2/2 | 100.0 | 2/3 | 66.7 |'
	run tx-report --by locality --groups South,East codings.tsv
	[ "$status" -eq 2 ]
	assert_output --partial 'no group "East"'
	run tx-report --by locality --groups South --compare x.tsv codings.tsv
	[ "$status" -eq 2 ]
}

@test "--to html|md, --title: the format and the title" {
	run tx-report --by locality --title 'Staff & money' codings.tsv
	assert_success
	assert_line --index 0 '<!DOCTYPE html>'
	assert_output --partial $'<title>\u2068Staff &amp; money\u2069</title>'
	assert_output --partial '<h1><bdi>Staff &amp; money</bdi></h1>'
	run tx-report -b locality -T md -t 'Staff & money' codings.tsv
	assert_line --index 0 '# Staff \& money'
	run tx-report --by locality --to pdf codings.tsv
	[ "$status" -eq 2 ]
}

@test "the command line is echoed, quoted for a shell" {
	run tx-report --by locality --to md --title "It's <b>" codings.tsv
	assert_success
	assert_output --partial "    tx-report --by locality --to md --title 'It'\\''s <b>' codings.tsv"
	run tx-report --by locality --title $'two\nlines' codings.tsv
	assert_output --partial "<code><bdi>tx-report --by locality --title \$&#39;two\\x0alines&#39; codings.tsv</bdi></code>"
}

@test "SOURCE_DATE_EPOCH sets the date (UTC); without it, today; a bad one is exit 2" {
	SOURCE_DATE_EPOCH=1700000000 run tx-report --by locality --to md codings.tsv
	assert_line 'Made on 2023-11-14 by tx-report 0.1.0.'
	unset SOURCE_DATE_EPOCH
	run tx-report --by locality --to md codings.tsv
	assert_line "Made on $(date -u +%Y-%m-%d) by tx-report 0.1.0."
	SOURCE_DATE_EPOCH=yesterday run --separate-stderr tx-report --by locality codings.tsv
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == *'SOURCE_DATE_EPOCH "yesterday"'* ]]
}

@test "byte-identical reruns; standard input, a pipe and a file give one page but for the inputs" {
	tx-report --by locality codings.tsv > a.html
	tx-report --by locality codings.tsv > b.html
	cmp a.html b.html
	tx-report --by locality < codings.tsv > c.html
	cat codings.tsv | tx-report --by locality - > d.html
	tx-report --by locality <(cat codings.tsv) > e.html
	# the rest of the page is the same
	same='^<dt>\(Inputs\|Command\|Provenance\)</dt>'
	grep -v "$same" a.html > a.rest
	grep -v "$same" c.html | cmp - a.rest
	grep -v "$same" d.html | cmp - a.rest
	grep -v "$same" e.html | cmp - a.rest
}

@test "provenance: every input with its SHA-256; a page made from a pipe says so" {
	sum=$(sha256sum codings.tsv | cut -d' ' -f1)
	tx-compare --by locality codings.tsv > cmp.tsv
	csum=$(sha256sum cmp.tsv | cut -d' ' -f1)
	keep='The streams do not record the commands that made them (tx 0.1.0): keep those (a Makefile, a script) with this page.'
	piped='Made from a pipe: the command line alone cannot make this page again; the SHA-256 above is of the bytes read.'
	run tx-report --by locality --compare cmp.tsv codings.tsv
	assert_line "<dt>Inputs</dt><dd><bdi>codings.tsv</bdi> (codings): SHA-256 <code>$sum</code><br/><bdi>cmp.tsv</bdi> (--compare): SHA-256 <code>$csum</code></dd>"
	assert_line "<dt>Provenance</dt><dd>$keep</dd>"
	run tx-report --by locality < codings.tsv
	assert_line "<dt>Inputs</dt><dd>standard input (codings): SHA-256 <code>$sum</code></dd>"
	assert_line "<dt>Provenance</dt><dd>$keep</dd>"
	run bash -c 'cat codings.tsv | tx-report --by locality --to md'
	assert_line "- Inputs: standard input (codings, a pipe): SHA-256 \`$sum\`"
	assert_line "- Provenance: $piped $keep"
	run tx-report --by locality --to md --compare <(cat cmp.tsv) codings.tsv
	assert_line --regexp "^- Inputs: .codings.tsv. \(codings\): SHA-256 \`$sum\`; ./dev/fd/[0-9]+. \(--compare, a pipe\): SHA-256 \`$csum\`\$"
	assert_line "- Provenance: $piped $keep"
	assert_output --partial '- Comparison: 5 codes from'
}

@test "bad input on standard input is named <stdin> with its line, whichever pass finds it" {
	printf 'doc\tseg\tlocality\tcode\thits\ttext\nA\t1\tN\tX\t1\tok\nB\t1\tS\n' > ragged.tsv
	run --separate-stderr tx-report --by locality < ragged.tsv
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[[ "$stderr" == 'tx-report: <stdin>:3: '* ]]
}

@test "a stream without text: exit 1; without the --by column: exit 2; nothing written" {
	cut -f1-8 codings.tsv > notext.tsv
	run --separate-stderr tx-report --by locality notext.tsv
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[[ "$stderr" == *'no column "text"'* ]]
	run --separate-stderr tx-report --by region codings.tsv
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == *'no column "region" to group by (--by)'* ]]
	run --separate-stderr tx-report --by Locality codings.tsv
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == *"no column \"Locality\" to group by (--by); columns are lower-case: did you mean 'locality'?" ]]
}

@test "a missing file or a directory is exit 1, reported once; the rest is reported on" {
	run --separate-stderr tx-report --by locality --to md codings.tsv absent.tsv
	[ "$status" -eq 1 ]
	[ "$(grep -c absent.tsv <<<"$stderr")" -eq 1 ]
	assert_output --partial '| North | 3 | 7 | 6 |'
	mkdir dir
	run --separate-stderr tx-report --by locality dir
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"dir: is a directory"* ]]
}

@test "empty input: exit 0 and a page that says so; header only: the empty report" {
	run tx-report --by locality < /dev/null
	assert_success
	assert_output --partial 'The input is empty: there is nothing to report.'
	: > empty.tsv
	tx-report --by locality empty.tsv > page.html
	xml_ok page.html
	head -n 1 codings.tsv > header.tsv
	run tx-report --by locality --to md header.tsv
	assert_success
	assert_output --partial '- Comparison: none: a comparison needs two or more groups'
	assert_output --partial 'No segment carries a code.'
	tx-report --by locality header.tsv > page.html
	xml_ok page.html
}

@test "one group: a report without a comparison" {
	grep -v $'\tSouth\t' codings.tsv > north.tsv
	run tx-report --by locality --to md north.tsv
	assert_success
	assert_output --partial '| Budgets | 2/3 | 66.7 | – | – | – |'
}

@test "CRLF line ends and a byte-order mark are accepted" {
	{ printf '\xef\xbb\xbf'; sed 's/$/\r/' codings.tsv; } > crlf.tsv
	diff <(tx-report --by locality --to md codings.tsv | tail -n +22) \
		<(tx-report --by locality --to md crlf.tsv | tail -n +22)
}

@test "two coders in one stream: exit 2 unless coder is the --by column" {
	sed '3s/\tauto\t/\tana\t/' codings.tsv > coders.tsv
	run --separate-stderr tx-report --by locality coders.tsv
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == *'coders "auto" and "ana"'* ]]
	run tx-report --by coder --to md coders.tsv
	assert_success
	assert_output --partial '- Coders: auto, ana'
}

@test "a full disk is exit 1; a closed pipe ends quietly with exit 0" {
	run bash -c 'tx-report --by locality codings.tsv > /dev/full'
	[ "$status" -eq 1 ]
	[[ "$output" == *"No space left on device"* ]]
	run bash -c 'tx-report --by locality codings.tsv | head -c 10; exit ${PIPESTATUS[0]}'
	assert_success
	assert_output '<!DOCTYPE '
}

@test "--max-field: a longer field is an error naming file and line; nothing written" {
	run --separate-stderr tx-report --by locality --max-field 100 codings.tsv
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "tx-report: codings.tsv:8: field longer than 100 bytes (--max-field)" ]
	run tx-report --by locality --max-field 1K --to md codings.tsv
	assert_success
	run tx-report --by locality --max-field lots codings.tsv
	[ "$status" -eq 2 ]
}

@test "usage errors: exit 2, nothing on stdout" {
	for args in "" "--by a,b" "--by code" "--by locality --quotes -1" \
		"--by locality --quotes 101" "--by locality --width 10" \
		"--by locality --width abc" "--by locality --groups ," ; do
		run --separate-stderr tx-report $args codings.tsv
		[ "$status" -eq 2 ] || fail "tx-report $args: exit $status"
		[ -z "$output" ] || fail "tx-report $args wrote to stdout"
	done
	run tx-report --help
	assert_success
	assert_output --partial 'usage: tx-report'
	run tx-report --version
	assert_success
	assert_output 'tx-report 0.1.0'
}

@test "covid-inquiry: the three nations' hearings make a well-formed page" {
	need_shared covid-inquiry
	d=$SHARED/covid-inquiry
	tx-segment --doc-id '(module-[^/]+/[^/.]+)' --attrs "$d/manifest.tsv" \
		"$d"/module-2[ABC]/*.rst | tx-code "$EXAMPLES/covid-inquiry/codebook.csv" \
		| tx-report --by locality --codebook "$EXAMPLES/covid-inquiry/codebook.csv" > page.html
	xml_ok page.html
	# 24 codes x 3 nations, and the legend's 6 swatches
	[ "$(elements page.html rect)" -eq 78 ]
	run grep -c '^<li>"' page.html
	[ "$output" -gt 100 ]
}

# A real browser: Debian's chromium, headless; `make check-browser`
# installs it and runs this test, keeping the screenshot (TX_SCREENSHOT).
@test "chromium: the example's page renders at A4 size, not blank" {
	command -v chromium >/dev/null || skip "chromium is not installed (make check-browser installs it)"
	unset SOURCE_DATE_EPOCH         # the screenshot shows the day it was taken
	example report.html
	profile=$(mktemp -d)
	run timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --hide-scrollbars --user-data-dir="$profile" \
		--window-size=794,1123 --screenshot="$BATS_TEST_TMPDIR/report.png" \
		"file://$ex/report.html"
	rm -rf "$profile"
	[ -s "$BATS_TEST_TMPDIR/report.png" ] || fail "no screenshot: $output"
	run python3 "$BATS_TEST_DIRNAME/png-check.py" "$BATS_TEST_TMPDIR/report.png" 794 1123
	assert_success
	if [ -n "${TX_SCREENSHOT:-}" ]; then
		cp "$BATS_TEST_TMPDIR/report.png" "$TX_SCREENSHOT"
	fi
}

@test "quotes are trimmed by tx-segment's sentence rule (Dr., St., Apr. end no sentence)" {
	printf 'doc\tseg\tspeaker\tg\tcode\thits\tmatch\tcoder\ttext\n' > c.tsv
	printf "A\t1\tP\tx\tWard\t1\tward\tauto\tWe met at St. Mary's on 3 Apr. 2020 and Dr. Okafor said the ward was full. It was late.\n" >> c.tsv
	printf 'B\t1\tP\ty\tWard\t1\tward\tauto\tThe ward was fine.\n' >> c.tsv
	run tx-report --to md --by g --width 40 c.tsv
	assert_success
	assert_line -- $'- "… \u2068said the **ward** was full. It was late.\u2069" (\u2068A\u2069, \u2068P\u2069)'
	run tx-report --to md --by g --width 100 c.tsv
	assert_line -- $'- "\u2068We met at St. Mary\'s on 3 Apr. 2020 and Dr. Okafor said the **ward** was full. It was late.\u2069" (\u2068A\u2069, \u2068P\u2069)'
}

# Issue: -C took a comparison's numbers unchecked (250.0%, q 42, p -7
# shown as "<0.001", p nan, q inf). Each is exit 1 naming the line.
bad_compare() {
	tx-compare --by locality codings.tsv > cmp.tsv
	awk -F'\t' -v OFS='\t' "$1" cmp.tsv > bad.tsv
	run --separate-stderr tx-report --by locality --compare bad.tsv codings.tsv
	[ "$status" -eq 1 ]
	[ -z "$output" ]
}

@test "--compare: p above 1 is exit 1, naming the line" {
	bad_compare 'NR == 3 { $11 = 42 } 1'
	[ "$stderr" = 'tx-report: bad.tsv:3: p 42 is out of range: p is from 0 to 1' ]
}

@test "--compare: a negative p is exit 1 (it was shown as <0.001)" {
	bad_compare 'NR == 3 { $11 = -7 } 1'
	[ "$stderr" = 'tx-report: bad.tsv:3: p -7 is out of range: p is from 0 to 1' ]
}

@test "--compare: p nan is exit 1" {
	bad_compare 'NR == 2 { $11 = "nan" } 1'
	[ "$stderr" = 'tx-report: bad.tsv:2: p "nan" is not a number' ]
}

@test "--compare: q 42 and q inf are exit 1" {
	bad_compare 'NR == 4 { $12 = 42 } 1'
	[ "$stderr" = 'tx-report: bad.tsv:4: q 42 is out of range: q is from 0 to 1' ]
	bad_compare 'NR == 4 { $12 = "inf" } 1'
	[ "$stderr" = 'tx-report: bad.tsv:4: q "inf" is not a number' ]
}

@test "--compare: h beyond pi is exit 1" {
	bad_compare 'NR == 3 { $15 = 9 } 1'
	[ "$stderr" = 'tx-report: bad.tsv:3: h 9 is out of range: h is from 0 to 3.142' ]
}

@test "--compare: a percentage of 250.0 is exit 1" {
	bad_compare 'NR == 3 { $4 = "250.0" } 1'
	[ "$stderr" = 'tx-report: bad.tsv:3: pct_north 250.0 is out of range: pct_north is from 0 to 100' ]
}

@test "--compare: a percentage that is not count/total is exit 1" {
	bad_compare 'NR == 3 { $4 = "50.0" } 1'
	[ "$stderr" = 'tx-report: bad.tsv:3: pct_north 50.0 is not count_north/total_north (2 of 3)' ]
}

@test "--compare: a negative count is exit 1" {
	bad_compare 'NR == 3 { $2 = -1 } 1'
	[ "$stderr" = 'tx-report: bad.tsv:3: count_north "-1" is not a count' ]
}

@test "--compare: a count above its group's total is exit 1" {
	bad_compare 'NR == 3 { $5 = 3 } 1'
	[ "$stderr" = 'tx-report: bad.tsv:3: count_south 3 is more than total_south 2: the counts do not add up' ]
}

@test "--compare: a group's total that changes from row to row is exit 1" {
	bad_compare 'NR == 3 { $3 = 4 } 1'
	[ "$stderr" = 'tx-report: bad.tsv:3: total_north 4 differs from the first row'"'"'s 3: a group has one size' ]
}

# Issue: a right-to-left override in a quote reversed the attribution
# after it ("(yeraC sM ,70P)" in chromium). Every quote and user string is
# isolated (<bdi>, or U+2068 ... U+2069 where an element cannot be and in
# Markdown), an override left open is closed (U+202C) where its string
# ends, and a closer that closes nothing of the string's is dropped.
bidi_codings() {
	printf 'doc\tseg\tspeaker\tg\tcode\thits\tmatch\tcoder\ttext\n' > bidi.tsv
	printf 'P07\t1\tMs Carey\tx\tWard\t1\tward\tauto\tThe ward \xe2\x80\xaewas full\n' >> bidi.tsv
	printf 'P08\t1\tMr \xe2\x81\xa9Lee\ty\tWard\t1\tward\tauto\tThe ward was fine.\n' >> bidi.tsv
}

@test "bidi: an override in a quote is closed and the quote isolated (HTML)" {
	bidi_codings
	run tx-report --by g bidi.tsv
	assert_success
	assert_line $'<li>"<bdi>The <mark>ward</mark> \u202ewas full\u202c</bdi>" (<bdi>P07</bdi>, <bdi>Ms Carey</bdi>)</li>'
}

@test "bidi: a stray isolate closer in a name is dropped (HTML)" {
	bidi_codings
	run tx-report --by g bidi.tsv
	assert_line '<li>"<bdi>The <mark>ward</mark> was fine.</bdi>" (<bdi>P08</bdi>, <bdi>Mr Lee</bdi>)</li>'
}

@test "bidi: quotes, attributions and group names isolated by U+2068/U+2069 (Markdown)" {
	bidi_codings
	run tx-report --by g --to md bidi.tsv
	assert_success
	assert_line $'- "\u2068The **ward** \u202ewas full\u202c\u2069" (\u2068P07\u2069, \u2068Ms Carey\u2069)'
	assert_line $'\u2068x\u2069 (1 of 1 documents):'
}

@test "bidi: titles and group names in <title> and SVG text are isolated by U+2068/U+2069" {
	bidi_codings
	run tx-report --by g --title $'Wards \u202e' bidi.tsv
	assert_line $'<title>\u2068Wards \u202e\u202c\u2069</title>'
	assert_line $'<h1><bdi>Wards \u202e\u202c</bdi></h1>'
	assert_output --partial $'<g><title>\u2068x\u2069: 1 of 1 documents</title>'
}

@test "bidi: a directional control in the command line is written as \\x bytes" {
	bidi_codings
	run tx-report --by g --to md --title $'Wards \u202e' bidi.tsv
	assert_line "    tx-report --by g --to md --title \$'Wards \\xe2\\x80\\xae' bidi.tsv"
}

# Issue: with segment percentages of 0-11% the heatmap (fixed at 0-100)
# was white, and whole percentages printed "0% 0%"; captions said
# "documents" whatever was counted. few N A M B: groups x (N documents, A
# carrying Ward) and y (M documents, B carrying it).
few() {
	awk -v n="$1" -v a="$2" -v m="$3" -v b="$4" 'BEGIN {
		OFS = "\t"
		print "doc", "seg", "g", "code", "hits", "match", "coder", "text"
		for (i = 1; i <= n + m; i++) {
			g = i <= n ? "x" : "y"
			c = (i <= a || (i > n && i <= n + b)) ? "Ward" : ""
			print "d" i, 1, g, c, c == "" ? 0 : 1, c == "" ? "" : "ward", "auto", "The ward."
		}
	}' > few.tsv
}

@test "heatmap: percentages under 10 have one decimal; 0.04% is <0.1%" {
	few 300 1 2500 1
	run tx-report --by g --to md few.tsv
	assert_success
	assert_line '| **Ward** | 0.3% | <0.1% | rare |'
	few 20 1 20 2
	run tx-report --by g --to md few.tsv
	assert_line '| **Ward** | 5.0% | 10% | similar |'
}

@test "heatmap: the scale fits the data; the legend shows its range and unit" {
	few 20 1 20 2
	run tx-report --by g few.tsv
	assert_success
	# the highest cell (10%) is the darkest colour, not a pale one
	assert_output --partial '<rect x="127" y="35" width="50" height="18" fill="#08306b"/><text x="152" y="48" text-anchor="middle" fill="#fff">10%</text>'
	assert_line '<text x="320" y="86" fill="#333">% of documents</text>'
	assert_line '<rect x="74" y="73" width="40" height="18" fill="#f7fbff" stroke="#999" stroke-width="0.5"/><text x="94" y="86" text-anchor="middle" fill="#000">0</text>'
	assert_line '<rect x="114" y="73" width="40" height="18" fill="#d0e1f2" stroke="#999" stroke-width="0.5"/><text x="134" y="86" text-anchor="middle" fill="#000">2</text>'
	assert_line '<rect x="274" y="73" width="40" height="18" fill="#08306b" stroke="#999" stroke-width="0.5"/><text x="294" y="86" text-anchor="middle" fill="#fff">10%</text>'
	assert_output --partial 'darker is more, on a scale from 0 to 10% (the highest cell, rounded up), not to 100%.'
	# the legend is inside the picture
	assert_output --partial '<svg xmlns="http://www.w3.org/2000/svg" width="422" '
}

@test "captions name the unit and the test; the table shows the effect size h" {
	run tx-report --by locality --to md codings.tsv
	assert_line "% of each group's documents that carry the code; beside each row, the comparison's pattern (Fisher's exact test)."
	assert_line "Documents carrying each code in each group, of the group's documents, and the %; p: Fisher's exact test; q: p adjusted across the codes (Benjamini-Hochberg); h: Cohen's h, the effect size, between the highest and lowest group."
	assert_line '| code | North documents | % | South documents | % | p | q | h | pattern |'
	run tx-report --by locality codings.tsv
	assert_line "<caption>Documents carrying each code in each group, of the group's documents, and the %; p: Fisher's exact test; q: p adjusted across the codes (Benjamini-Hochberg); h: Cohen's h, the effect size, between the highest and lowest group.</caption>"
}

@test "--compare of segments: the unit is segments, as the totals tell" {
	tx-compare --by locality --measure segments codings.tsv > seg.tsv
	run tx-report --by locality --to md --compare seg.tsv codings.tsv
	assert_success
	assert_line '- Comparison: 5 codes from seg.tsv (tx-compare output), with its tests and patterns; its totals are the groups'"'"' segments'
	assert_line "% of each group's segments that carry the code; beside each row, the comparison's pattern (Rao-Scott's F (segments nested in cases))."
	assert_line "Segments carrying each code in each group, of the group's segments, and the %; p: Rao-Scott's F (segments nested in cases); q: p adjusted across the codes (Benjamini-Hochberg); h: Cohen's h, the effect size, between the highest and lowest group."
	assert_line '| code | North segments | % | South segments | % | p | q | h | pattern |'
	assert_line $'\u2068North\u2069 (3 of 7 segments):'
}

@test "--compare whose totals are neither documents nor segments: cases, and the page says so" {
	tx-compare --by locality codings.tsv |
		awk -F'\t' -v OFS='\t' 'NR > 1 { $3 = 9; $4 = sprintf("%.1f", 100 * $2 / 9) } 1' > odd.tsv
	run tx-report --by locality --to md --compare odd.tsv codings.tsv
	assert_success
	assert_line '- Comparison: 5 codes from odd.tsv (tx-compare output), with its tests and patterns; its totals are neither the groups'"'"' documents nor their segments in these codings: the unit is unknown, and the page calls it cases'
	assert_line "% of each group's cases that carry the code; beside each row, the comparison's pattern (Fisher's exact test; the unit is unknown: see Comparison)."
	assert_line "Cases carrying each code in each group, of the group's cases, and the %; p: Fisher's exact test; q: p adjusted across the codes (Benjamini-Hochberg); h: Cohen's h, the effect size, between the highest and lowest group (the unit is unknown: see Comparison)."
	assert_line '| Budgets | 2/9 | 22.2 | 2/2 | 100.0 | 1.000 | 1.000 | 1.23 | shared |'
}

# --case and --cases: tests/fixtures/cases/nations.tsv (witnesses Ann, Bob
# in Wales; Cat, Dan in Scotland) and witnesses.csv, which adds Eve to
# Scotland with no turn; tx-compare.bats checks the same comparison.

@test "--case speaker: the page counts cases and names the column" {
	run tx-report --by nation --case speaker --to md "$FIX/cases/nations.tsv"
	assert_success
	assert_line '| nation | cases (speaker) | segments | coded segments |'
	assert_line '| Scotland | 2 | 2 | 1 |'
	assert_line '| Wales | 2 | 3 | 2 |'
	assert_line --partial '- Comparison: as tx-compare --by nation --case speaker makes it: cases (the values of speaker) carrying each code in each group;'
	assert_line "% of each group's cases that carry the code; beside each row, the comparison's pattern (Fisher's exact test)."
	assert_line '| **X** | 1/2 | 50.0 | 1/2 | 50.0 | 1.000 | 1.000 | 0.00 | shared |'
	run tx-report --by nation --case speaker "$FIX/cases/nations.tsv"
	assert_line '<thead><tr><th><bdi>nation</bdi></th><th>cases (<bdi>speaker</bdi>)</th><th>segments</th><th>coded segments</th></tr></thead>'
}

@test "--cases: a witness with no turn counts, and the corpus table shows it; the sheet is an input" {
	run tx-report --by nation --case speaker --cases "$FIX/cases/witnesses.csv" --to md "$FIX/cases/nations.tsv"
	assert_success
	assert_line '| nation | cases (speaker) | of them, with no segment | segments | coded segments |'
	assert_line '|---|--:|--:|--:|--:|'
	assert_line '| Scotland | 3 | 1 | 2 | 1 |'
	assert_line '| Wales | 2 | 0 | 3 | 2 |'
	assert_line '| **X** | 1/3 | 33.3 | 1/2 | 50.0 | 1.000 | 1.000 | 0.34 | similar |'
	assert_line --partial "(--cases): SHA-256 \`$(sha256sum < "$FIX/cases/witnesses.csv" | cut -d' ' -f1)\`"
	run tx-report --by nation --case speaker --cases "$FIX/cases/witnesses.csv" "$FIX/cases/nations.tsv"
	assert_line '<tr><td><bdi>Scotland</bdi></td><td>3</td><td>1</td><td>2</td><td>1</td></tr>'
}

@test "--cases through a pipe: the sheet is counted and listed with its SHA-256, like a file" {
	sum=$(sha256sum < "$FIX/cases/witnesses.csv" | cut -d' ' -f1)
	run --separate-stderr tx-report --by nation --case speaker --cases <(cat "$FIX/cases/witnesses.csv") --to md "$FIX/cases/nations.tsv"
	assert_success
	assert_equal "$stderr" ''
	assert_line '| Scotland | 3 | 1 | 2 | 1 |'
	assert_line --regexp "\\(--cases, a pipe\\): SHA-256 \`$sum\`\$"
}

@test "--case, --cases: bad values and sheets are errors, nothing written" {
	run --separate-stderr tx-report --by nation --case seg "$FIX/cases/nations.tsv"
	assert_failure 2
	assert_equal "$output" ""
	assert_equal "${stderr_lines[0]}" "tx-report: --case seg: the cases are the values of a column such as doc or speaker"
	grep -v '^Dan' "$FIX/cases/witnesses.csv" > nodan.csv
	fails_with 1 'nodan.csv: speaker "Dan" of the codings is not in the sheet: --cases lists every case, one row each' \
		tx-report --by nation --case speaker --cases nodan.csv "$FIX/cases/nations.tsv"
	fails_with 2 "$FIX/cases/witnesses.csv:1: no column \"doc\" (the cases, --case): a sheet of cases (--cases) has the case column and every --by column" \
		tx-report --by nation --cases "$FIX/cases/witnesses.csv" "$FIX/cases/nations.tsv"
}

@test "--case with --compare: the comparison's totals are the cases, and the page says so" {
	tx-compare --by nation --case speaker "$FIX/cases/nations.tsv" > cmp.tsv
	run tx-report --by nation --case speaker --compare cmp.tsv --to md "$FIX/cases/nations.tsv"
	assert_success
	assert_line "- Comparison: 2 codes from cmp.tsv (tx-compare output), with its tests and patterns; its totals are the groups' cases"
	assert_line '| **X** | 1/2 | 50.0 | 1/2 | 50.0 | 1.000 | 1.000 | 0.00 | shared |'
}

# ------------------------------------------------------------------
# Issue 22: inputs read once, or checked unchanged; arguments in UTF-8

@test "--codebook from a pipe: the SHA-256 is of the codebook read, not of an empty second read" {
	sum=$(sha256sum codebook.csv | cut -d' ' -f1)
	run --separate-stderr tx-report --by locality --to md --codebook <(cat codebook.csv) codings.tsv
	assert_success
	assert_output --partial "SHA-256 \`$sum\`"
	refute_output --partial e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
}

@test "--codebook a named FIFO: read once, no hang, the right SHA-256" {
	sum=$(sha256sum codebook.csv | cut -d' ' -f1)
	mkfifo book.fifo
	cat codebook.csv > book.fifo &
	run --separate-stderr timeout 10 tx-report --by locality --to md --codebook book.fifo codings.tsv
	assert_success
	assert_output --partial "SHA-256 \`$sum\`"
}

@test "an input changed between the counting and the quoting pass is exit 1, no page" {
	tx-compare --by locality codings.tsv > cmp.tsv
	mkfifo cmp.fifo
	# the writer opens the FIFO only when tx-report reads --compare, after
	# it has counted codings.tsv; then codings.tsv grows a row
	( exec 3> cmp.fifo
	  printf 'B1\t9\t\tSouth\tMoney/Fees\t1\tfee\tauto\tfee added later\n' >> codings.tsv
	  cat cmp.tsv >&3 ) &
	run --separate-stderr timeout 10 tx-report --by locality --to md --compare cmp.fifo codings.tsv
	wait
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "tx-report: codings.tsv: changed while it was read (its size or modification time); report on a copy that does not change"
}

@test "arguments that reach the page must be UTF-8: --title, --by, --groups, file names (exit 2, named)" {
	run --separate-stderr tx-report --by locality --title $'caf\xe9' codings.tsv
	assert_failure 2
	assert_output ""
	assert_equal "${stderr_lines[0]}" 'tx-report: --title: "caf\xe9" is not UTF-8'
	run --separate-stderr tx-report --by $'loc\xe9' codings.tsv
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'tx-report: --by: "loc\xe9" is not UTF-8'
	run --separate-stderr tx-report --by locality --groups $'North,S\xe9' codings.tsv
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'tx-report: --groups: "S\xe9" is not UTF-8'
	cp codings.tsv $'caf\xe9.tsv'
	run --separate-stderr tx-report --by locality $'caf\xe9.tsv'
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" 'tx-report: caf\xe9.tsv: the file name is not UTF-8; rename it (convmv -f latin1 -t utf8)'
}

# Rules (tx-code(1), "Rules"): a quote marks only the matches its coding
# counted. fixtures/report/rules.csv has a not_near row (Money/Budgets: not
# or nobody at most 2 words before), a near row (Records: see or access in
# the sentence), Staff's rows (locum; agency within Money; nurse in P1's
# turns only) and a Boolean code (Both = Money & Records).
# rules-codings.tsv is tx-code's output for rules-segments.tsv, checked by
# hand: A1 "nobody mentions budgets" dropped, "The budget" kept; A2 the
# first record (see in its sentence) kept, "The GP record" not; B1 agency
# not kept (B1 carries no Money), nurse not kept (speaker P2); C1 "not.
# Budgets" dropped, the budget kept, agency kept (C1 carries Money).

@test "rules: the fixture's codings are tx-code's" {
	run tx-code "$R/rules.csv" "$R/rules-segments.tsv"
	assert_success
	assert_output "$(cat "$R/rules-codings.tsv")"
}

@test "rules: a negated match is not marked, an un-negated one in the same segment is; a near row's unsatisfied match is not marked" {
	run tx-report --by locality --codebook "$R/rules.csv" --to md "$R/rules-codings.tsv"
	assert_success
	assert_equal "$(grep '^- "' <<<"$output")" "$(cat <<'EOT'
- "⁨Nobody mentions budgets at the MDT. The **budget** is what we argue about.⁩" (⁨A⁩, ⁨P1⁩)
- "⁨We asked for more and they said not. Budgets were never the worry: the **budget** for agency staff ran out in March, and nobody planned for that at all.⁩" (⁨C⁩, ⁨P3⁩)
- "⁨**Budgets** are cut, and I can access records.⁩" (⁨B⁩, ⁨P2⁩)
- "⁨I can see the **record** at last. The GP record is another matter.⁩" (⁨A⁩, ⁨P1⁩)
- "⁨Budgets are cut, and I can access **records**.⁩" (⁨B⁩, ⁨P2⁩)
- "⁨The **nurse** was kind.⁩" (⁨A⁩, ⁨P1⁩)
- "⁨We asked for more and they said not. Budgets were never the worry: the budget for **agency** staff ran out in March, and nobody planned for that at all.⁩" (⁨C⁩, ⁨P3⁩)
- "⁨The **nurse** and the **locum** came.⁩" (⁨P1⁩)
- "⁨The **locum** and a nurse covered nights. Agency staff did the rest.⁩" (⁨B⁩, ⁨P2⁩)
- "⁨Budgets are cut, and I can access records.⁩" (⁨B⁩, ⁨P2⁩)
EOT
)"
}

@test "rules: a match whose negation lies outside the trimmed quote is not marked (decided on the segment)" {
	run tx-report --by locality --codebook "$R/rules.csv" --to md -w 100 "$R/rules-codings.tsv"
	assert_success
	assert_line '- "… ⁨Budgets were never the worry: the **budget** for agency staff ran out in March, and nobody planned for⁩ …" (⁨C⁩, ⁨P3⁩)'
}

@test "rules: a Boolean code's quote is not marked, in HTML too" {
	run tx-report --by locality --codebook "$R/rules.csv" "$R/rules-codings.tsv"
	assert_success
	assert_equal "$(grep -o '<mark>' <<<"$output" | wc -l)" 10
	assert_line '<li>"<bdi>Budgets are cut, and I can access records.</bdi>" (<bdi>B</bdi>, <bdi>P2</bdi>)</li>'
}
