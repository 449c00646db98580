#!/usr/bin/env bats
# tx-segment reads Word (.docx) and OpenDocument (.odt) transcripts through
# lib/office (tests/office.bats tests the reader itself): by extension or
# --from docx|odt; start and end count in the document's text, which
# --text-out DIR writes as DIR/DOC.txt. Files made by tests/make-office.py.

bats_require_minimum_version 1.5.0
load helper

MAKE=$BATS_TEST_DIRNAME/make-office.py
HEADER=$'doc\tseg\tspeaker\ttime\tsection\tline\tstart\tend\ttext'

setup() {
	cd "$BATS_TEST_TMPDIR"
	python3 "$MAKE" P1.docx '<w:p><w:r><w:t>Interviewer: How long have you worked here?</w:t></w:r></w:p><w:p><w:r><w:t>Respondent: About</w:t></w:r><w:r><w:tab/><w:t>six years.</w:t></w:r></w:p><w:p><w:r><w:t>Interviewer: And the budget?</w:t></w:r></w:p><w:p><w:r><w:t>Respondent: It was </w:t></w:r><w:del><w:r><w:delText>never</w:delText></w:r></w:del><w:ins><w:r><w:t>always</w:t></w:r></w:ins><w:r><w:t> tight.</w:t></w:r></w:p>'
	python3 "$MAKE" P2.odt '<text:p>Interviewer: Tell me.</text:p><text:p>Respondent: Well<text:s text:c="2"/>yes.</text:p>'
}

@test "docx and odt: segmented by extension, tracked deletions left out, tabs kept" {
	run --separate-stderr tx-segment P1.docx P2.odt
	assert_success
	assert_output "$HEADER
P1	1	Interviewer			1	13	43	How long have you worked here?
P1	2	Respondent			2	56	72	About\tsix years.
P1	3	Interviewer			3	86	101	And the budget?
P1	4	Respondent			4	114	134	It was always tight.
P2	1	Interviewer			1	13	21	Tell me.
P2	2	Respondent			2	34	44	Well  yes."
	[ -z "$stderr" ]
}

@test "--text-out DIR: the text start and end count in, one file per document" {
	run tx-segment --text-out txt P1.docx P2.odt
	assert_success
	run cat txt/P2.txt
	assert_output "Interviewer: Tell me.
Respondent: Well  yes."
	# Every segment's text is its bytes of DIR/DOC.txt (the invariant).
	tx-segment --text-out txt P1.docx P2.odt | tail -n +2 | cut -f 1,2,7-9 |
	while IFS=$'\t' read -r doc seg start end text; do
		got=$(tail -c +$((start + 1)) "txt/$doc.txt" | head -c $((end - start)))
		[ "$got" = "$(printf '%b' "$text")" ] || fail "$doc $seg: '$got' is not '$text'"
	done
}

@test "--text-out: a doc id with / makes folders; an empty name is a usage error" {
	run tx-segment --doc-id '(site-[^/]+/[^/.]+)' --text-out out "$PWD/site-a/P2.odt"
	assert_failure 1
	mkdir site-a
	cp P2.odt site-a/
	run tx-segment --doc-id '(site-[^/]+/[^/.]+)' --text-out out "$PWD/site-a/P2.odt"
	assert_success
	assert_line --index 1 $'site-a/P2\t1\tInterviewer\t\t\t1\t13\t21\tTell me.'
	[ -f out/site-a/P2.txt ]
	run --separate-stderr tx-segment --text-out '' P2.odt
	assert_failure 2
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'tx-segment: --text-out: empty folder name'
}

@test "--from docx and --from odt read standard input" {
	run tx-segment --from docx - < P1.docx
	assert_success
	assert_line --index 2 $'stdin\t2\tRespondent\t\t\t2\t56\t72\tAbout\\tsix years.'
	run tx-segment --from odt < P2.odt
	assert_success
	assert_line --index 2 $'stdin\t2\tRespondent\t\t\t2\t34\t44\tWell  yes.'
}

@test "bad Word files: exit 1 naming the file, nothing of it written, the others segmented" {
	echo 'not a zip' > notzip.docx
	python3 "$MAKE" --case no-document nodoc.docx
	python3 "$MAKE" bomb.docx '' 2>/dev/null
	python3 "$MAKE" --whole bomb.docx '<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>'
	run --separate-stderr tx-segment notzip.docx nodoc.docx bomb.docx P2.odt
	assert_failure 1
	assert_output "$HEADER
P2	1	Interviewer			1	13	21	Tell me.
P2	2	Respondent			2	34	44	Well  yes."
	assert_equal "${stderr_lines[0]}" 'tx-segment: notzip.docx: not a zip archive (a .docx is one)'
	assert_equal "${stderr_lines[1]}" 'tx-segment: nodoc.docx: no word/document.xml in the archive'
	assert_equal "${stderr_lines[2]}" 'tx-segment: bomb.docx: word/document.xml:2: XML declares a DOCTYPE (refused)'
}

@test "a zip archive named as text is an error that says how to read it" {
	cp P1.docx P1.txt
	run --separate-stderr tx-segment P1.txt P2.odt
	assert_failure 1
	assert_line --index 1 $'P2\t1\tInterviewer\t\t\t1\t13\t21\tTell me.'
	assert_equal "$stderr" 'tx-segment: P1.txt: a zip archive, not text: a Word or OpenDocument file is read when named .docx or .odt, or with --from docx or --from odt'
}
