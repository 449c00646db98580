#!/usr/bin/env bats
# lib/office: the text of .docx and .odt files, through tests/unit/office.c
# (build/unit/office FILE). The files are made by tests/make-office.py from
# the XML given here: a .docx body goes inside w:body, an .odt body inside
# office:text, and begins on line 3 of the part.

load helper

OFFICE=$TX_BUILD/unit/office
MAKE=$BATS_TEST_DIRNAME/make-office.py
W='xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

setup() {
	[ -x "$OFFICE" ] || fail "$OFFICE is not built (make units)"
	cd "$BATS_TEST_TMPDIR"
}

# mk [OPTION] FILE [BODY]: FILE made by make-office.py.
mk() {
	python3 "$MAKE" "$@"
}

# The text of FILE, then "<eof>": the output shows its last line end.
text_of() {
	"$OFFICE" "$1"
	local status=$?
	printf '<eof>'
	return $status
}

# FILE must be refused with exit 1, no output and "office: FILE: WHY".
refused() {
	run --separate-stderr "$OFFICE" "$1"
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" "office: $1: $2"
}

# --- .docx -----------------------------------------------------------

@test "docx: paragraphs in order, one a line; an empty paragraph an empty line" {
	mk a.docx '<w:p><w:r><w:t>One</w:t></w:r></w:p><w:p/>
	  <w:p><w:r><w:t>Two,</w:t></w:r><w:r><w:t xml:space="preserve"> and more</w:t></w:r></w:p>'
	run --separate-stderr text_of a.docx
	assert_success
	assert_output $'One\n\nTwo, and more\n<eof>'
	assert_equal "$stderr" ''
}

@test "docx: an empty body gives no text at all" {
	mk a.docx
	run --separate-stderr text_of a.docx
	assert_success
	assert_output '<eof>'
}

@test "docx: w:tab, w:ptab are TABs, w:br and w:cr line ends, w:noBreakHyphen '-'" {
	mk a.docx '<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:ptab/><w:t>c</w:t><w:br/><w:t>d</w:t><w:br w:type="page"/><w:t>e</w:t><w:cr/><w:t>well</w:t><w:noBreakHyphen/><w:t>known</w:t><w:softHyphen/></w:r></w:p>'
	run text_of a.docx
	assert_success
	assert_output $'a\tb\tc\nd\ne\nwell-known\n<eof>'
}

@test "docx: a tab stop (w:tabs), the markup's own whitespace, w:instrText and a page break mark are not text" {
	mk a.docx '<w:p>
	    <w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>
	    <w:r><w:t xml:space="preserve">  spaced  </w:t></w:r>
	    <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>
	    <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>
	    <w:r><w:fldChar w:fldCharType="end"/><w:lastRenderedPageBreak/></w:r>
	  </w:p>'
	run text_of a.docx
	assert_success
	assert_output $'  spaced  7\n<eof>'
}

@test "docx: tracked insertions kept, deletions and moved-away text left out" {
	mk a.docx '<w:p><w:r><w:t xml:space="preserve">We </w:t></w:r><w:del w:id="1" w:author="A"><w:r><w:delText>never </w:delText></w:r></w:del><w:ins w:id="2" w:author="A"><w:r><w:t xml:space="preserve">always </w:t></w:r></w:ins><w:r><w:t>waited.</w:t></w:r></w:p>
	  <w:p><w:moveFrom w:id="3" w:author="A"><w:r><w:t>Moved away.</w:t></w:r></w:moveFrom><w:moveTo w:id="4" w:author="A"><w:r><w:t>Moved here.</w:t></w:r></w:moveTo></w:p>'
	run text_of a.docx
	assert_success
	assert_output $'We always waited.\nMoved here.\n<eof>'
}

@test "docx: a deleted paragraph mark joins the paragraph to the next; a deleted paragraph goes" {
	mk a.docx '<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="A"/></w:rPr></w:pPr><w:r><w:t xml:space="preserve">One </w:t></w:r></w:p>
	  <w:p><w:r><w:t>line.</w:t></w:r></w:p>
	  <w:p><w:pPr><w:rPr><w:del w:id="2" w:author="A"/></w:rPr></w:pPr><w:del w:id="3" w:author="A"><w:r><w:delText>Gone.</w:delText></w:r></w:del></w:p>
	  <w:p><w:pPr><w:rPr><w:ins w:id="4" w:author="A"/></w:rPr></w:pPr><w:r><w:t>Kept.</w:t></w:r></w:p>'
	run text_of a.docx
	assert_success
	assert_output $'One line.\nKept.\n<eof>'
}

@test "docx: comments and footnote, endnote references give nothing" {
	mk a.docx '<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>Said</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r><w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:t xml:space="preserve"> twice</w:t></w:r><w:r><w:endnoteReference w:id="2"/></w:r><w:r><w:t>.</w:t></w:r></w:p>'
	run text_of a.docx
	assert_success
	assert_output $'Said twice.\n<eof>'
}

@test "docx: a table's cells one paragraph a line; an empty cell an empty line" {
	mk a.docx '<w:tbl><w:tblPr/><w:tr><w:tc><w:p><w:r><w:t>A1</w:t></w:r></w:p><w:p><w:r><w:t>A1, second</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>C1</w:t></w:r></w:p></w:tc></w:tr>
	  <w:tr><w:tc><w:p><w:r><w:t>A2</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>B2</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>C2</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
	  <w:p><w:r><w:t>After.</w:t></w:r></w:p>'
	run text_of a.docx
	assert_success
	assert_output $'A1\nA1, second\n\nC1\nA2\nB2\nC2\nAfter.\n<eof>'
}

@test "docx: a text box's paragraphs follow its anchor's line, once (mc:Fallback left out)" {
	mk a.docx '<w:p><w:r><w:t xml:space="preserve">Before </w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>Box one</w:t></w:r></w:p><w:p><w:r><w:t>Box two</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>Box one</w:t></w:r></w:p><w:p><w:r><w:t>Box two</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>after.</w:t></w:r></w:p>
	  <w:p><w:r><w:t>Next.</w:t></w:r></w:p>'
	run text_of a.docx
	assert_success
	assert_output $'Before after.\nBox one\nBox two\nNext.\n<eof>'
}

@test "docx: elements by namespace, whatever the prefix; Strict OOXML too" {
	mk a.docx '<x:p xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:r><x:t>Any prefix</x:t></x:r></x:p>
	  <w:p xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:r><w:t>Strict</w:t></w:r></w:p>
	  <p><r><t>No namespace: not Word</t></r></p>'
	run text_of a.docx
	assert_success
	assert_output $'Any prefix\nStrict\n<eof>'
}

@test "docx: UTF-8 text, character references and the five entities decoded" {
	mk a.docx '<w:p><w:r><w:t>Café, naïve, “quoted” – it’s £5 &amp; &lt;more&gt; &#8216;x&#x2019; &quot;&apos;</w:t></w:r></w:p>'
	run text_of a.docx
	assert_success
	assert_output $'Café, naïve, “quoted” – it’s £5 & <more> ‘x’ "\'\n<eof>'
}

@test "the file name's extension, the part's name in the archive, in any case" {
	mk A.DOCX '<w:p><w:r><w:t>Upper</w:t></w:r></w:p>'
	run text_of A.DOCX
	assert_success
	assert_output $'Upper\n<eof>'
	mk --case upper-name a.docx
	run text_of a.docx
	assert_success
	assert_output $'Hello\n<eof>'
	mk --case upper-name b.Odt
	run text_of b.Odt
	assert_success
	assert_output $'Hello\n<eof>'
}

# --- .odt ------------------------------------------------------------

@test "odt: text:p and text:h one a line, in order; list items are paragraphs" {
	mk a.odt '<text:h text:outline-level="1">Title</text:h><text:p>First <text:span>span</text:span> <text:a>link</text:a>.</text:p><text:p/><text:list><text:list-item><text:p>Item one</text:p></text:list-item><text:list-item><text:p>Item two</text:p><text:list><text:list-item><text:p>Nested</text:p></text:list-item></text:list></text:list-item></text:list><text:section><text:p>In a section</text:p></text:section>'
	run --separate-stderr text_of a.odt
	assert_success
	assert_output $'Title\nFirst span link.\n\nItem one\nItem two\nNested\nIn a section\n<eof>'
	assert_equal "$stderr" ''
}

@test "odt: text:s is N spaces (1 without text:c), text:tab a TAB, text:line-break a line end" {
	mk a.odt '<text:p>a<text:s/>b<text:s text:c="3"/>c<text:tab/>d<text:line-break/>e<text:span><text:s text:c="2"/>f</text:span></text:p>'
	run text_of a.odt
	assert_success
	assert_output $'a b   c\td\ne  f\n<eof>'
}

@test "odt: tracked changes: the deleted text (text:tracked-changes) left out, insertions kept" {
	mk a.odt '<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><office:change-info><dc:creator>A</dc:creator></office:change-info><text:p>deleted words</text:p></text:deletion></text:changed-region><text:changed-region text:id="c2"><text:insertion><office:change-info><dc:creator>A</dc:creator></office:change-info></text:insertion></text:changed-region></text:tracked-changes><text:p>We <text:change text:change-id="c1"/><text:change-start text:change-id="c2"/>always <text:change-end text:change-id="c2"/>waited.</text:p>'
	run text_of a.odt
	assert_success
	assert_output $'We always waited.\n<eof>'
}

@test "odt: comments (office:annotation) and footnotes, endnotes (text:note) left out" {
	mk a.odt '<text:p>Said<office:annotation><dc:creator>A</dc:creator><text:p>a comment</text:p></office:annotation> twice<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>a footnote</text:p></text:note-body></text:note><office:annotation-end/>.<text:note text:note-class="endnote"><text:note-citation>i</text:note-citation><text:note-body><text:p>an endnote</text:p></text:note-body></text:note></text:p>'
	run text_of a.odt
	assert_success
	assert_output $'Said twice.\n<eof>'
}

@test "odt: a table's cells one paragraph a line; an empty cell an empty line, a covered cell nothing" {
	mk a.odt '<table:table><table:table-column table:number-columns-repeated="3"/><table:table-row><table:table-cell><text:p>A1</text:p><text:p>A1, second</text:p></table:table-cell><table:table-cell><text:p/></table:table-cell><table:table-cell><text:p>C1</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell table:number-columns-spanned="2"><text:p>A2 and B2</text:p></table:table-cell><table:covered-table-cell/><table:table-cell><text:p>C2</text:p></table:table-cell></table:table-row></table:table><text:p>After.</text:p>'
	run text_of a.odt
	assert_success
	assert_output $'A1\nA1, second\n\nC1\nA2 and B2\nC2\nAfter.\n<eof>'
}

@test "odt: a frame's text box follows its anchor's line; the frame's title is not text" {
	mk a.odt '<text:p>Before <draw:frame draw:name="F"><svg:title>A title</svg:title><draw:text-box><text:p>Box one</text:p><text:p>Box two</text:p></draw:text-box></draw:frame>after.</text:p><text:p>Next.</text:p>'
	run text_of a.odt
	assert_success
	assert_output $'Before after.\nBox one\nBox two\nNext.\n<eof>'
}

@test "odt: UTF-8 text and character references decoded; no whitespace collapsed" {
	mk a.odt '<text:p>Café, naïve, “quoted” – it’s £5 &amp; &#8216;x&#x2019;</text:p><text:p>  two  spaces  </text:p>'
	run text_of a.odt
	assert_success
	assert_output $'Café, naïve, “quoted” – it’s £5 & ‘x’\n  two  spaces  \n<eof>'
}

@test "odt: exactly 64 MiB of text is read (text:s); one byte more is refused" {
	mk a.odt '<text:p><text:s text:c="67108863"/></text:p>'
	run sh -c '"$0" a.odt | wc -c' "$OFFICE"
	assert_success
	assert_output '67108864'
	mk b.odt '<text:p><text:s text:c="67108864"/></text:p>'
	refused b.odt 'the text passes 64 MiB'
	mk c.odt '<text:p><text:s text:c="99999999999999999999999999"/></text:p>'
	refused c.odt 'the text passes 64 MiB'
}

# --- refused ---------------------------------------------------------

@test "a file that is not a zip archive (text named .docx, an empty .odt)" {
	printf 'Interviewer: hello\n' >a.docx
	refused a.docx 'not a zip archive (a .docx is one)'
	: >b.odt
	refused b.odt 'not a zip archive (an .odt is one)'
}

@test "a zip archive without the document part" {
	mk --case no-document a.docx
	refused a.docx 'no word/document.xml in the archive'
	mk --case no-document a.odt
	refused a.odt 'no content.xml in the archive'
}

@test "a DOCTYPE, with entities (a billion laughs), is refused at its line" {
	mk --whole a.docx '<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document '"$W"'><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
	refused a.docx 'word/document.xml:2: XML declares a DOCTYPE (refused)'
}

@test "an external entity (SYSTEM file:///etc/passwd) is refused, never read" {
	mk --whole a.docx '<?xml version="1.0"?>
<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<w:document '"$W"'><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>'
	refused a.docx 'word/document.xml:2: XML declares a DOCTYPE (refused)'
	mk --whole b.odt '<?xml version="1.0"?><!DOCTYPE office:document-content SYSTEM "http://example.org/odf.dtd"><office:document-content/>'
	refused b.odt 'content.xml:1: XML declares a DOCTYPE (refused)'
}

@test "an entity used without a DOCTYPE is an XML error" {
	mk a.docx '<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>'
	refused a.docx 'word/document.xml:3: undefined entity'
}

@test "a part that expands past 64 MiB of XML (a 65 KiB archive) is refused" {
	mk --case huge a.docx
	refused a.docx 'word/document.xml expands past 64 MiB (refused)'
}

@test "a truncated archive" {
	mk a.docx '<w:p><w:r><w:t>Hello</w:t></w:r></w:p>'
	head -c 300 a.docx >b.docx
	refused b.docx 'a corrupt zip archive (no central directory: truncated?)'
	head -c -1 a.docx >c.docx
	refused c.docx 'a corrupt zip archive (no central directory: truncated?)'
}

@test "a corrupt archive: a part's bytes changed (CRC), local and central headers that disagree" {
	mk --case bad-crc a.docx
	refused a.docx 'word/document.xml is corrupt in the archive (CRC error)'
	mk --case bad-crc a.odt
	refused a.odt 'content.xml is corrupt in the archive (CRC error)'
	mk --case mismatch b.docx
	refused b.docx 'a corrupt zip archive (Zip archive inconsistent)'
}

@test "malformed XML: the message names the part and the line" {
	mk a.docx '<w:p><w:r><w:t>One</w:t></w:r></w:p>
<w:p><w:r><w:t>Two</w:r></w:p>'
	refused a.docx 'word/document.xml:4: mismatched tag'
	mk a.odt '<text:p>One</text:p>
<text:p>Two < three</text:p>'
	refused a.odt 'content.xml:4: not well-formed (invalid token)'
	mk --whole b.odt ''
	refused b.odt 'content.xml:1: no element found'
	mk b.docx '<w:p><w:r><w:t>Cut'
	refused b.docx 'word/document.xml:4: mismatched tag'
}

@test "elements nested past 1024, paragraphs (text boxes) past 16 are refused" {
	mk a.odt "$(printf '<text:span>%.0s' $(seq 1022))"
	refused a.odt 'content.xml:3: elements nested more than 1024 deep (refused)'
	mk b.odt "$(printf '<text:p><draw:frame><draw:text-box>%.0s' $(seq 17))"
	refused b.odt 'content.xml:3: paragraphs (text boxes) nested more than 16 deep (refused)'
}

@test "a file not named .docx or .odt is a usage error" {
	printf 'text\n' >a.txt
	run --separate-stderr "$OFFICE" a.txt
	assert_failure 2
	assert_equal "$stderr" 'office: a.txt: not a .docx or .odt file name'
}
