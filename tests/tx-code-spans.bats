#!/usr/bin/env bats
# tx-code --spans: hand-coded spans onto segments, by byte overlap (issue
# 18; lib/spans.c). Fixtures in fixtures/code/spans, written for these
# tests:
#   P1.txt, P2.txt  two short interviews (Ann, Bob)
#   segments.tsv    tx-segment P1.txt P2.txt: P1 seg 1 [5,27) "I like the
#                   search box.", seg 2 [33,58) "The licence page is
#                   slow.", seg 3 [64,85) "Yes. It is clear now."; P2 seg 1
#                   [5,15), seg 2 [22,40)
#   spans.tsv       ten spans of two coders: ann's Search on exactly half
#                   of seg 1 (11 of 22 bytes), ann's Speed on 12 of seg 2's
#                   25; bob's Speed from seg 1 across Bob's label into seg
#                   2 (4 and 7 bytes); bob's Speed on the label alone (in
#                   no segment); two Clarity spans each in seg 3, ann's
#                   second with a double space in its text, bob's second
#                   with a text that is not the segment's ("Is" for "It");
#                   bob's Speed in P2 (ann has none there); a document
#                   (P3) not in the segments
#   spans.out, spans.err   the codings and messages, checked by hand
#   half.out, half.err     the same with --min-overlap 0.5

load helper

X=$FIX/code/spans
HEAD=$(printf 'doc\tseg\tspeaker\ttime\tsection\tline\tstart\tend\tcode\thits\tmatch\tcoder\ttext')

@test "--spans: every segment a span overlaps gets its code and coder; spans in no segment listed, exit 1" {
	cd "$X"
	run --separate-stderr tx-code --spans spans.tsv segments.tsv
	assert_failure 1
	assert_output "$(cat spans.out)"
	assert_equal "$stderr" "$(cat spans.err)"
}

@test "--spans: the exact codings, line by line" {
	cd "$X"
	run --separate-stderr tx-code --spans spans.tsv --allow-missing segments.tsv
	assert_success
	assert_line --index 0 "$HEAD"
	assert_line --index 1 "$(printf 'P1\t1\tAnn\t\t\t1\t5\t27\tSearch\t1\tsearch box.\tann\tI like the search box.')"
	assert_line --index 2 "$(printf 'P1\t1\tAnn\t\t\t1\t5\t27\tSpeed\t1\tbox.\tbob\tI like the search box.')"
	assert_line --index 3 "$(printf 'P1\t2\tBob\t\t\t2\t33\t58\tSpeed\t1\tlicence page\tann\tThe licence page is slow.')"
	assert_line --index 4 "$(printf 'P1\t2\tBob\t\t\t2\t33\t58\tSpeed\t1\tThe lic\tbob\tThe licence page is slow.')"
	assert_line --index 5 "$(printf 'P1\t3\tAnn\t\t\t3\t64\t85\tClarity\t2\tYes.\tann\tYes. It is clear now.')"
	assert_line --index 6 "$(printf 'P1\t3\tAnn\t\t\t3\t64\t85\tClarity\t2\tYes.\tbob\tYes. It is clear now.')"
	assert_line --index 7 "$(printf 'P2\t1\tAnn\t\t\t1\t5\t15\t\t0\t\tbob\tShort one.')"
	assert_line --index 8 "$(printf 'P2\t2\tBob\t\t\t3\t22\t40\tSpeed\t1\tAnother\tbob\tAnother turn here.')"
	assert_equal "${#lines[@]}" 9
}

@test "--spans: a span across two segments codes both; the match is its part of each" {
	printf 'doc\tstart\tend\tcode\tcoder\ttext\nP1\t23\t40\tSpeed\tbob\tbox.\\nBob: The lic\n' > s.tsv
	run --separate-stderr tx-code --spans s.tsv --coded-only "$X/segments.tsv"
	assert_success
	assert_equal "$stderr" ''
	assert_output "$HEAD
$(printf 'P1\t1\tAnn\t\t\t1\t5\t27\tSpeed\t1\tbox.\tbob\tI like the search box.
P1\t2\tBob\t\t\t2\t33\t58\tSpeed\t1\tThe lic\tbob\tThe licence page is slow.')"
}

@test "--spans: straight from tx-segment's offsets" {
	printf 'doc\tstart\tend\tcode\tcoder\ttext\nP2\t22\t29\tSpeed\tbob\tAnother\n' > s.tsv
	run --separate-stderr sh -c "tx-segment '$X/P1.txt' '$X/P2.txt' | tx-code --spans s.tsv --coded-only"
	assert_success
	assert_output "$HEAD
$(printf 'P2\t2\tBob\t\t\t3\t22\t40\tSpeed\t1\tAnother\tbob\tAnother turn here.')"
}

@test "--min-overlap: a coder's spans of a code must cover that share of the segment's bytes" {
	cd "$X"
	run --separate-stderr tx-code --spans spans.tsv --min-overlap 0.5 segments.tsv
	assert_failure 1
	assert_output "$(cat half.out)"
	assert_equal "$stderr" "$(cat half.err)"
}

@test "--min-overlap: exactly the share is enough, a byte less is not" {
	cd "$X"
	# ann's Search covers 11 of seg 1's 22 bytes: 0.5 keeps it, 0.51 not.
	run --separate-stderr tx-code --spans spans.tsv --min-overlap 0.5 --allow-missing segments.tsv
	assert_line --index 1 "$(printf 'P1\t1\tAnn\t\t\t1\t5\t27\tSearch\t1\tsearch box.\tann\tI like the search box.')"
	run --separate-stderr tx-code --spans spans.tsv --min-overlap 0.51 --allow-missing segments.tsv
	assert_line --index 1 "$(printf 'P1\t1\tAnn\t\t\t1\t5\t27\t\t0\t\tann\tI like the search box.')"
	# 0 is the default: any byte.
	run --separate-stderr tx-code --spans spans.tsv --min-overlap 0 --allow-missing segments.tsv
	assert_output "$(cat spans.out)"
}

@test "--min-overlap: a coder's spans of one code count by their union, not their sum" {
	# [5,15) and [10,20) of seg 1 (22 bytes): 15 bytes (0.68), not 20.
	printf 'doc\tstart\tend\tcode\tcoder\ttext\nP1\t5\t15\tA\tann\t\nP1\t10\t20\tA\tann\t\n' > s.tsv
	run tx-code --spans s.tsv --min-overlap 0.68 --coded-only "$X/segments.tsv"
	assert_success
	assert_line --index 1 "$(printf 'P1\t1\tAnn\t\t\t1\t5\t27\tA\t2\tI like the\tann\tI like the search box.')"
	run --separate-stderr tx-code --spans s.tsv --min-overlap 0.69 --coded-only "$X/segments.tsv"
	assert_failure 1
	assert_output "$HEAD"
	assert_equal "${stderr_lines[0]}" 'tx-code: s.tsv:2: doc "P1", code "A", coder "ann", bytes 5-15: covers less than --min-overlap 0.69 of each segment it overlaps'
}

@test "--spans: each coder has a row for every segment of the documents it has spans in, and only those" {
	cd "$X"
	run --separate-stderr tx-code --spans spans.tsv --allow-missing segments.tsv
	# ann has no span in P2: no row of ann's there; bob's seg 1 uncoded.
	refute_line --regexp '^P2	.*	ann	'
	assert_line "$(printf 'P2\t1\tAnn\t\t\t1\t5\t15\t\t0\t\tbob\tShort one.')"
	# --coded-only drops the uncoded rows.
	run --separate-stderr tx-code --spans spans.tsv --allow-missing --coded-only segments.tsv
	refute_line --regexp '^P2	1	'
	assert_equal "${#lines[@]}" 8
}

@test "--spans: coders in the order the spans first name them, codes likewise" {
	printf 'doc\tstart\tend\tcode\tcoder\ttext\nP1\t5\t6\tZ\tzed\tI\nP1\t5\t6\tB\tamy\tI\nP1\t5\t6\tA\tzed\tI\n' > s.tsv
	run tx-code --spans s.tsv --coded-only "$X/segments.tsv"
	assert_success
	assert_output "$HEAD
$(printf 'P1\t1\tAnn\t\t\t1\t5\t27\tZ\t1\tI\tzed\tI like the search box.
P1\t1\tAnn\t\t\t1\t5\t27\tA\t1\tI\tzed\tI like the search box.
P1\t1\tAnn\t\t\t1\t5\t27\tB\t1\tI\tamy\tI like the search box.')"
}

@test "--spans: tx-agree over two coders' spans counts the segments both judged" {
	cd "$X"
	run sh -c 'tx-code --spans spans.tsv --allow-missing segments.tsv 2>/dev/null | tx-agree'
	assert_success
	# P1's three segments: P2 was judged by bob alone. Speed: both on seg
	# 2, bob alone on seg 1, neither on seg 3: kappa (2/3 - 4/9)/(5/9).
	assert_line --index 0 "$(printf 'code\tunits\tboth\tonly_ann\tonly_bob\tneither\tagreement\tcohen_kappa\tfleiss_kappa\tkrippendorff_alpha\tbrennan_prediger')"
	assert_line --index 1 "$(printf 'Clarity\t3\t1\t0\t0\t2\t100.0\t1\t1\t1\t1')"
	assert_line --index 3 "$(printf 'Speed\t3\t1\t0\t1\t1\t66.7\t0.4\t0.333333\t0.444444\t0.333333')"
}

@test "--spans: spans of a document not in the segments are listed once for the document" {
	printf 'doc\tstart\tend\tcode\tcoder\ttext\nP9\t0\t4\tA\tann\tx\nP1\t5\t6\tA\tann\tI\nP9\t8\t9\tB\tann\ty\n' > s.tsv
	run --separate-stderr tx-code --spans s.tsv --coded-only "$X/segments.tsv"
	assert_failure 1
	assert_line --index 1 --regexp '^P1	1	'
	assert_equal "$stderr" 'tx-code: s.tsv:2: doc "P9": no document of that name in the segments: 2 spans code nothing
tx-code: 2 of 3 spans code no segment'
}

@test "--spans: an empty span (start = end) codes nothing and is listed" {
	printf 'doc\tstart\tend\tcode\tcoder\ttext\nP1\t10\t10\tA\tann\t\n' > s.tsv
	run --separate-stderr tx-code --spans s.tsv --allow-missing "$X/segments.tsv"
	assert_success
	assert_line --index 1 "$(printf 'P1\t1\tAnn\t\t\t1\t5\t27\t\t0\t\tann\tI like the search box.')"
	assert_equal "${stderr_lines[0]}" 'tx-code: s.tsv:2: doc "P1", code "A", coder "ann", bytes 10-10: empty (start = end): it covers no byte'
}

@test "--spans: a text that is not the segment's is a warning, white space aside; the exit status stays 0" {
	printf 'doc\tstart\tend\tcode\tcoder\ttext\nP1\t75\t85\tC\tann\tclear\\n  now.\nP1\t69\t71\tC\tbob\tIs\n' > s.tsv
	run --separate-stderr tx-code --spans s.tsv --coded-only "$X/segments.tsv"
	assert_success
	assert_equal "${#lines[@]}" 3
	assert_equal "$stderr" 'tx-code: s.tsv:3: doc "P1", code "C", coder "bob", bytes 69-71: its text is not the segment'"'"'s: seg 3 has "It" there, the span "Is"
tx-code: 1 of 2 spans have a text that is not the segment'"'"'s'
}

@test "--spans: a text is checked only where the span lies in one segment and the text is its bytes" {
	# Across two segments: the label between them is in neither.
	printf 'doc\tstart\tend\tcode\tcoder\ttext\nP1\t23\t40\tA\tann\tsomething else\n' > s.tsv
	run --separate-stderr tx-code --spans s.tsv --coded-only "$X/segments.tsv"
	assert_success
	assert_equal "$stderr" ''
	# A text that is not the bytes [start,end) (a subtitle cue's): no
	# match, no check.
	printf 'doc\tseg\tstart\tend\ttext\nV\t1\t0\t30\tHello there\n' > seg.tsv
	printf 'doc\tstart\tend\tcode\tcoder\ttext\nV\t0\t5\tA\tann\tBye\n' > s.tsv
	run --separate-stderr tx-code --spans s.tsv seg.tsv
	assert_success
	assert_equal "$stderr" ''
	assert_output "$(printf 'doc\tseg\tstart\tend\tcode\thits\tmatch\tcoder\ttext\nV\t1\t0\t30\tA\t1\t\tann\tHello there')"
}

@test "--spans: offsets inside a character widen the match to whole characters" {
	printf 'doc\tseg\tstart\tend\ttext\nU\t1\t0\t7\tcaf\xc3\xa9 x\n' > seg.tsv
	printf 'doc\tstart\tend\tcode\tcoder\ttext\nU\t1\t4\tA\tann\t\n' > s.tsv
	run tx-code --spans s.tsv seg.tsv
	assert_success
	assert_line --index 1 "$(printf 'U\t1\t0\t7\tA\t1\taf\xc3\xa9\tann\tcaf\xc3\xa9 x')"
}

@test "--spans: several spans files add up; a header-only one codes nothing" {
	printf 'doc\tstart\tend\tcode\tcoder\ttext\nP1\t5\t6\tA\tann\tI\n' > a.tsv
	printf 'doc\tstart\tend\tcode\tcoder\ttext\nP1\t5\t6\tA\tbob\tI\n' > b.tsv
	run tx-code --spans a.tsv --spans b.tsv --coded-only "$X/segments.tsv"
	assert_success
	assert_equal "${#lines[@]}" 3
	printf 'doc\tstart\tend\tcode\tcoder\ttext\n' > h.tsv
	run --separate-stderr tx-code --spans h.tsv "$X/segments.tsv"
	assert_success
	assert_output "$HEAD"
	assert_equal "$stderr" ''
}

@test "--spans: empty segment input writes and lists nothing, exit 0" {
	cd "$X"
	run --separate-stderr tx-code --spans spans.tsv </dev/null
	assert_success
	assert_output ''
	assert_equal "$stderr" ''
}

@test "--spans: bad rows exit 1 naming file and line, every one, and nothing is written" {
	printf 'doc\tstart\tend\tcode\tcoder\ttext
P1\t9\t5\tA\tann\t
P1\t1x\t5\tA\tann\t
P1\t-1\t5\tA\tann\t
P1\t1\t5\t\tann\t
P1\t1\t5\ta//b\tann\t
P1\t1\t5\tA\t\t
\t1\t5\tA\tann\t
P1\t1\t5\tA\tann\tok
' > bad.tsv
	run --separate-stderr tx-code --spans bad.tsv "$X/segments.tsv"
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'tx-code: bad.tsv:2: end 5 is before start 9
tx-code: bad.tsv:3: start "1x", end "5": byte offsets are whole numbers from 0
tx-code: bad.tsv:4: start "-1", end "5": byte offsets are whole numbers from 0
tx-code: bad.tsv:5: code "": empty: every span needs a code
tx-code: bad.tsv:6: code "a//b": a level of the path is empty
tx-code: bad.tsv:7: empty coder: every span names its document and its coder
tx-code: bad.tsv:8: empty doc: every span names its document and its coder
tx-code: 7 bad spans: nothing written'
}

@test "--spans: a ragged row, a missing column, a missing file: exit 1, nothing written" {
	printf 'doc\tstart\tend\tcode\tcoder\ttext\nP1\t1\t5\tA\n' > ragged.tsv
	run --separate-stderr tx-code --spans ragged.tsv "$X/segments.tsv"
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'tx-code: ragged.tsv:2: 4 fields where the header has 6'
	printf 'doc\tstart\tcode\tcoder\ttext\nP1\t1\tA\tann\t\n' > nocol.tsv
	run --separate-stderr tx-code --spans nocol.tsv "$X/segments.tsv"
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'tx-code: nocol.tsv:1: no column "end": a spans stream has doc, start, end, code, coder and text, as tx-refi --spans writes it'
	run --separate-stderr tx-code --spans absent.tsv "$X/segments.tsv"
	assert_failure 1
	assert_output ''
	assert_regex "$stderr" '^tx-code: absent.tsv: '
}

@test "--spans: the text column may be left out" {
	printf 'doc\tstart\tend\tcode\tcoder\nP1\t5\t6\tA\tann\n' > s.tsv
	run tx-code --spans s.tsv --coded-only "$X/segments.tsv"
	assert_success
	assert_line --index 1 "$(printf 'P1\t1\tAnn\t\t\t1\t5\t27\tA\t1\tI\tann\tI like the search box.')"
}

@test "--spans: segments without start and end, or with bad offsets, exit 1 naming the line" {
	printf 'doc\tstart\tend\tcode\tcoder\ttext\nP1\t5\t6\tA\tann\t\n' > s.tsv
	printf 'doc\tseg\ttext\nP1\t1\tHello\n' > seg.tsv
	run --separate-stderr tx-code --spans s.tsv seg.tsv
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" "tx-code: seg.tsv:1: no column \"start\": tx-code --spans places spans by the segments' byte offsets, as tx-segment writes them"
	printf 'doc\tseg\tstart\tend\ttext\nP1\t1\t0\t5\tHello\nP1\t2\tx\t9\tWorld\n' > seg.tsv
	run --separate-stderr tx-code --spans s.tsv seg.tsv
	assert_failure 1
	assert_equal "$stderr" 'tx-code: seg.tsv:3: start "x", end "9": byte offsets are whole numbers from 0'
	printf 'doc\tseg\tstart\tend\ttext\nP1\t1\t9\t5\tHello\n' > seg.tsv
	run --separate-stderr tx-code --spans s.tsv seg.tsv
	assert_failure 1
	assert_equal "$stderr" 'tx-code: seg.tsv:2: end 5 is before start 9'
}

@test "--spans: a codings stream is not segments" {
	cd "$X"
	run --separate-stderr sh -c 'tx-code --spans spans.tsv --allow-missing segments.tsv 2>/dev/null | tx-code --spans spans.tsv'
	assert_failure 1
	assert_equal "$stderr" 'tx-code: <stdin>:1: the input already has a "code" column: it is a codings stream, not segments (cut code, hits, match and coder to code it again)'
}

@test "--min-overlap: a share from 0 to 1, and only with --spans" {
	run --separate-stderr tx-code --spans s.tsv --min-overlap 1.5 "$X/segments.tsv"
	assert_failure 2
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'tx-code: --min-overlap: "1.5" is not a number from 0 to 1'
	run --separate-stderr tx-code --spans s.tsv --min-overlap half "$X/segments.tsv"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'tx-code: --min-overlap: "half" is not a number from 0 to 1'
	run --separate-stderr tx-code --min-overlap 0.5 codebook.csv
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'tx-code: --min-overlap: only with --spans'
}

@test "--spans: not with a codebook's options, --excerpts or --coder; --spans - needs segment files" {
	run --separate-stderr tx-code --spans s.tsv --coder ann
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'tx-code: --coder: the spans name their coders'
	run --separate-stderr tx-code --spans s.tsv -e sheet.csv
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'tx-code: --spans codes without a codebook: not with --excerpts, --check or --list'
	run --separate-stderr tx-code --spans s.tsv --check
	assert_failure 2
	run --separate-stderr tx-code --spans - </dev/null
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'tx-code: --spans -: the segments must then come from files'
	printf 'doc\tstart\tend\tcode\tcoder\ttext\nP1\t5\t6\tA\tann\tI\n' > s.tsv
	run sh -c "tx-code --spans - --coded-only '$X/segments.tsv' < s.tsv"
	assert_success
	assert_equal "${#lines[@]}" 2
}
