#!/usr/bin/env bats
# tx-refi: REFI-QDA codebooks (.qdc) and projects (.qdpx). Archives are
# made by tests/make-refi.py; every .qdc and project.qde tx writes is
# validated with xmllint against the REFI schemas in ../shared/data/refi-qda
# (skipped, saying so, when they are absent).

load helper

MAKE=$BATS_TEST_DIRNAME/make-refi.py
EX=$EXAMPLES/two-localities
REFI=$SHARED/refi-qda

mk() {
	python3 "$MAKE" "$1" "$1.qdpx"
}

# validate SCHEMA FILE: xmllint --schema, quietly, else the test fails.
validate() {
	[ -f "$REFI/schemas/$1" ] || { echo "# schema $1 absent: not validated" >&3; return 0; }
	run xmllint --noout --schema "$REFI/schemas/$1" "$2"
	assert_success
}

# The example's segments and tx-code's codings of them (dir: transcripts).
example_codings() {
	tx-segment --exclude-speakers '^Interviewer' --attrs "$EX/participants.csv" \
	    "$1"/*.txt >segments.tsv
	tx-code "$EX/codebook.csv" segments.tsv >codings.tsv
}

# Coded rows of a codings or spans stream: doc start end code coder, sorted.
coded() {
	mlr --itsv --otsv filter '$code != ""' then cut -o -f doc,start,end,code,coder \
	    then sort -f doc -n start -n end -f code "$1"
}

# refused FILE WHY [options]: exit 1, nothing on stdout, nothing in out/.
refused() {
	local file=$1 why=$2
	shift 2
	run --separate-stderr tx-refi --from qdpx --sources out --spans "$@" "$file"
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" "tx-refi: $file: $why"
	assert [ ! -e out ]
}

# --- codebooks ---------------------------------------------------------

@test "--to qdc: the example's codebook validates and comes back the same" {
	tx-refi --to qdc "$EX/codebook.csv" >codebook.qdc
	validate Codebook.xsd codebook.qdc
	tx-refi --from qdc codebook.qdc >back.csv
	assert_equal "$(mlr --icsv --ojson cat back.csv)" "$(mlr --icsv --ojson cat "$EX/codebook.csv")"
	tx-segment "$EX"/transcripts/*.txt >segments.tsv
	assert_equal "$(tx-code back.csv segments.tsv | md5sum)" "$(tx-code "$EX/codebook.csv" segments.tsv | md5sum)"
}

@test "--to qdc: a codebook on standard input (-) is read once, whole" {
	tx-refi --to qdc "$EX/codebook.csv" > file.qdc
	run --separate-stderr tx-refi --to qdc - < "$EX/codebook.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_output "$(cat file.qdc)"
}

@test "--to qdc: rule columns ride in the block after their row's pattern and come back; the coding is the same" {
	R=$FIX/code-rules
	tx-refi --to qdc "$R/rules.csv" >rules.qdc
	validate Codebook.xsd rules.qdc
	tx-refi --from qdc rules.qdc >back.csv
	run head -n 1 back.csv
	assert_output 'code,pattern,exclude,near,not_near,window,direction,within,speakers,rule,description'
	# every row with a pattern or a rule, as it was (descriptions are one a code)
	rows() { mlr --icsv --ocsv cut -x -f description then filter '$pattern != "" || $exclude != "" || $rule != ""' "$1"; }
	assert_equal "$(rows back.csv)" "$(rows "$R/rules.csv")"
	assert_equal "$(tx-code back.csv "$R/segments.tsv" | md5sum)" "$(tx-code "$R/rules.csv" "$R/segments.tsv" | md5sum)"
	# the example's negation, as the block holds it
	tx-refi --to qdc "$EX/codebook.csv" >codebook.qdc
	run grep -A 4 '^pattern: \\bbudget' codebook.qdc
	assert_line --index 1 'exclude: \bcut (?:across|off|down|out)\b'
	assert_line --index 2 'not_near: \b(?:not|never|nobody|no one|isn[’'"'"']t|wasn[’'"'"']t|doesn[’'"'"']t|don[’'"'"']t)\b'
	assert_line --index 3 'window: 2w'
	assert_line --index 4 'direction: before'
}

@test "--to qdc: nested codes, themes not codable, patterns in the marked block" {
	printf 'code,pattern,exclude,description\nMoney,,,About money\nMoney/Cuts,\\bcuts?\\b,,Spending cuts\nMoney/Cuts,\\bsavings\\b,\\bsavings account\\b,\nMoney/Cuts,,\\bcut off\\b,\n' >cb.csv
	run tx-refi --to qdc cb.csv
	assert_success
	assert_output "$(cat <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="tx-refi 0.1.0">
  <Codes>
    <Code guid="2cb47aa4-1d6f-83c5-85b2-8a5162a8db55" name="Money" isCodable="false">
      <Description>About money</Description>
      <Code guid="964f2102-5625-88a2-b515-050e99b32b2d" name="Cuts" isCodable="true">
        <Description>Spending cuts

-- tx patterns (tx-refi keeps them here; leave this block as it is) --
pattern: \bcuts?\b
pattern: \bsavings\b
exclude: \bsavings account\b
pattern:
exclude: \bcut off\b
-- end of tx patterns --</Description>
      </Code>
    </Code>
  </Codes>
</CodeBook>
EOF
)"
}

@test "--to qdc --all-codable: themes are codable too; never an empty <Sets/>" {
	tx-refi --to qdc --all-codable "$EX/codebook.csv" >all.qdc
	validate Codebook.xsd all.qdc
	run grep -c 'isCodable="false"' all.qdc
	assert_output 0
	run grep -c 'Sets' all.qdc
	assert_output 0
}

@test "--to qdc: GUIDs are derived from the path, the same every time; a guid column wins" {
	# UUIDv8 (RFC 9562, B.2): SHA-256 of tx-refi's namespace and "code:PATH"
	run python3 -c 'import hashlib, uuid
ns = uuid.UUID("b706a257-a2c9-446d-9be8-34ab8ade705e").bytes
d = bytearray(hashlib.sha256(ns + b"code:A").digest()[:16])
d[6] = (d[6] & 15) | 0x80
d[8] = (d[8] & 0x3f) | 0x80
print(uuid.UUID(bytes=bytes(d)))'
	local a=$output
	printf 'code,pattern,guid,color\nA,a,,#00ff00\nB,b,{ABCDEF01-2345-6789-ABCD-EF0123456789},\n' >cb.csv
	run tx-refi --to qdc cb.csv
	assert_line '    <Code guid="abcdef01-2345-6789-abcd-ef0123456789" name="B" isCodable="true">'
	assert_line "    <Code guid=\"$a\" name=\"A\" isCodable=\"true\" color=\"#00ff00\">"
	assert_equal "$(tx-refi --to qdc cb.csv | md5sum)" "$(tx-refi --to qdc cb.csv | md5sum)"
	tx-refi --to qdc cb.csv >cb.qdc
	validate Codebook.xsd cb.qdc
	run tx-refi --from qdc cb.qdc
	assert_output "$(printf 'code,pattern,exclude,description,guid,color\nA,a,,,,#00ff00\nB,b,,,abcdef01-2345-6789-abcd-ef0123456789,')"
}

@test "--to qdc: a colour not #RRGGBB, a bad guid, a control character are errors (exit 2)" {
	printf 'code,pattern,color\nA,a,red\n' >colour.csv
	run --separate-stderr tx-refi --to qdc colour.csv
	assert_failure 2
	assert_output ''
	assert_equal "$stderr" 'tx-refi: colour.csv:2: code "A": color "red" is not #RRGGBB'
	printf 'code,pattern,guid\nA,a,c001\n' >guid.csv
	run --separate-stderr tx-refi --to qdc guid.csv
	assert_failure 2
	assert_equal "$stderr" 'tx-refi: guid.csv:2: code "A": guid "c001" is not a GUID (8-4-4-4-12 hex digits)'
	printf 'code,pattern,description\nA,a,bell \001 here\n' >ctl.csv
	run --separate-stderr tx-refi --to qdc ctl.csv
	assert_failure 2
	assert_output ''
	assert_equal "$stderr" 'tx-refi: ctl.csv:2: code "A": its description has a control character XML cannot hold'
}

@test "--from qdc: escapes come back, & < > \" and line ends in a description" {
	printf 'code,pattern,description\nA & B,<a>,"say ""x"" & y\nsecond line"\n' >cb.csv
	tx-refi --to qdc cb.csv >cb.qdc
	validate Codebook.xsd cb.qdc
	run grep -c '&amp; B' cb.qdc
	assert_output 1
	assert_equal "$(tx-refi --from qdc cb.qdc)" "$(sed '1s/pattern,/pattern,exclude,/; 2s/<a>,/<a>,,/' cb.csv)"
	# a TAB in an attribute is a character reference, so it survives
	printf 'code,pattern\n"A\tB",a\n' >tab.csv
	run tx-refi --to qdc tab.csv
	assert_line --partial 'name="A&#9;B" isCodable="true">'
	tx-refi --to qdc tab.csv >tab.qdc
	assert_equal "$(tx-refi --from qdc tab.qdc | sed -n 2p)" "$(printf 'A\tB,a,,')"
}

@test "--from qdc: the openQDA codebook imports with warnings for its ids and slashes" {
	need_shared refi-qda
	run --separate-stderr tx-refi --from qdc "$REFI/openqda_example_codebook.qdc"
	assert_success
	assert_equal "${#stderr_lines[@]}" 2
	assert_equal "${stderr_lines[0]}" "tx-refi: $REFI/openqda_example_codebook.qdc: bad-guid (44 times, first): code guid \"c001\": not a GUID (the schema wants 8-4-4-4-12 hex digits)"
	assert_equal "${stderr_lines[1]}" "tx-refi: $REFI/openqda_example_codebook.qdc: slash-in-name (7 times, first): code \"Negativ/Aufgeregt\": \"/\" separates levels in tx, so it becomes \"∕\" (U+2215)"
	assert_equal "${lines[0]}" 'code,pattern,exclude,description,color'
	assert_equal "${lines[1]}" 'Negativ∕Aufgeregt,,,All emotions with negative valence and positive arousal.,#e57373'
	assert_equal "${#lines[@]}" 45
	tx-refi --from qdc "$REFI/openqda_example_codebook.qdc" 2>/dev/null >oq.csv
	tx-refi --to qdc oq.csv >oq.qdc
	validate Codebook.xsd oq.qdc
}

@test "--from qdc: duplicate sibling names are an error naming both; --check lists them" {
	cat >dup.qdc <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0">
<Codes>
<Code guid="11111111-1111-4111-8111-111111111111" name="Trust" isCodable="true"/>
<Code guid="22222222-2222-4222-8222-222222222222" name="Trust" isCodable="true"/>
</Codes>
</CodeBook>
EOF
	run --separate-stderr tx-refi --from qdc dup.qdc
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'tx-refi: dup.qdc:5: code "Trust" (guid 22222222-2222-4222-8222-222222222222) has the same name as its sibling at line 4 (guid 11111111-1111-4111-8111-111111111111): rename one in the tool that wrote it'
	run tx-refi --check dup.qdc
	assert_success
	assert_output "$(printf 'entry\tline\tquirk\tdetail\n\t5\tduplicate-sibling\tcode "Trust" has the same name as its sibling at line 4')"
}

@test "--check: an empty <Sets/>, a colour not #RRGGBB, a code without a name" {
	printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
	    '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="x">' '<Codes>' \
	    '<Code guid="11111111-1111-4111-8111-111111111111" name="A" isCodable="true" color="red"/>' \
	    '<Code guid="22222222-2222-4222-8222-222222222222" isCodable="true"/>' \
	    '</Codes>' '<Sets/>' '</CodeBook>' >q.qdc
	run tx-refi --check q.qdc
	assert_success
	assert_output "$(printf 'entry\tline\tquirk\tdetail\n\t\torigin\tx\n\t4\tbad-color\tcode "A": color "red" is not #RRGGBB (left out)\n\t5\tno-name\tcode without a name: named by its guid\n\t7\tempty-sets\tan empty <Sets/> (the schema wants at least one Set)')"
	run --separate-stderr tx-refi --from qdc q.qdc
	assert_output "$(printf 'code,pattern,exclude,description,guid\nA,,,,11111111-1111-4111-8111-111111111111\n22222222-2222-4222-8222-222222222222,,,,22222222-2222-4222-8222-222222222222')"
}

@test "--from qdc: a DOCTYPE (an entity) and malformed XML are refused" {
	printf '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n<CodeBook/>\n' >doctype.qdc
	run --separate-stderr tx-refi --from qdc doctype.qdc
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" 'tx-refi: doctype.qdc:2: XML declares a DOCTYPE (refused: no DTD or entity is read)'
	printf '<CodeBook><Codes>\n' >cut.qdc
	run --separate-stderr tx-refi --from qdc cut.qdc
	assert_failure 1
	assert_equal "$stderr" 'tx-refi: cut.qdc:2: no element found'
}

# --- projects out --------------------------------------------------------

@test "--to qdpx: the example's codings validate and come back as spans on the same bytes" {
	example_codings "$EX/transcripts"
	tx-refi --to qdpx -o study.qdpx -c "$EX/codebook.csv" codings.tsv "$EX"/transcripts/*.txt
	unzip -q study.qdpx -d study
	validate Project.xsd study/project.qde
	# a selection per coded segment, a coding per code: as mlr counts them
	run grep -c '<PlainTextSelection ' study/project.qde
	assert_output "$(mlr --itsv --onidx filter '$code != ""' then count-distinct -f doc,start,end then count codings.tsv)"
	run grep -c '<Coding ' study/project.qde
	assert_output "$(mlr --itsv --onidx filter '$code != ""' then count codings.tsv)"
	run grep -c '<Case ' study/project.qde
	assert_output 20
	run grep -o 'typeOfVariable="[A-Za-z]*"' study/project.qde
	assert_output "$(printf 'typeOfVariable="Text"\ntypeOfVariable="Text"\ntypeOfVariable="Text"\ntypeOfVariable="Integer"')"
	run tx-refi --check study.qdpx
	assert_output "$(printf 'entry\tline\tquirk\tdetail\nproject.qde\t\torigin\ttx-refi 0.1.0')"
	tx-refi --from qdpx --sources src --spans study.qdpx >spans.tsv
	assert_equal "$(coded spans.tsv)" "$(coded codings.tsv)"
	for f in "$EX"/transcripts/*.txt; do
		cmp "$f" "src/$(basename "$f")"
	done
}

@test "--to qdpx: the same inputs give the same bytes, whatever the time zone" {
	example_codings "$EX/transcripts"
	mkdir a b
	tx-refi --to qdpx -o a/s.qdpx codings.tsv "$EX"/transcripts/*.txt
	TZ=Pacific/Auckland tx-refi --to qdpx -o b/s.qdpx codings.tsv "$EX"/transcripts/*.txt
	cmp a/s.qdpx b/s.qdpx
	run zipinfo -1 a/s.qdpx
	assert_line --index 0 project.qde
	assert_equal "${#lines[@]}" 21
}

@test "--to qdpx: a BOM and CRLF in every transcript give the same positions and spans" {
	example_codings "$EX/transcripts"
	tx-refi --to qdpx -o lf.qdpx codings.tsv "$EX"/transcripts/*.txt
	mkdir crlf
	for f in "$EX"/transcripts/*.txt; do
		{ printf '\357\273\277'; sed 's/$/\r/' "$f"; } >"crlf/$(basename "$f")"
	done
	example_codings crlf
	tx-refi --to qdpx -o crlf.qdpx codings.tsv crlf/*.txt
	unzip -q crlf.qdpx -d crlf-x
	validate Project.xsd crlf-x/project.qde
	assert_equal "$(unzip -p crlf.qdpx project.qde | grep -v '<Project')" "$(unzip -p lf.qdpx project.qde | grep -v '<Project')"
	assert_equal "$(tx-refi --from qdpx --spans crlf.qdpx)" "$(tx-refi --from qdpx --spans lf.qdpx)"
	# the positions tx wrote, cut by Python, are the segments' text
	python3 "$BATS_TEST_DIRNAME/refi-cut.py" crlf.qdpx | sort -u >python.tsv
	mlr --itsv --otsv --headerless-csv-output filter '$code != ""' then cut -o -f doc,text then sort -f doc -f text codings.tsv |
	    sed 's/\\r//g' | sort -u >segments-text.tsv
	assert_equal "$(cut -f1,4 python.tsv | sort -u)" "$(cat segments-text.tsv)"
}

# Issue 18's round trip: codings -> qdpx -> spans -> tx-code --spans gives
# the same (doc, seg, code, coder) rows, every segment's, coded or not;
# from the transcripts as they are ($1 lf) or with a BOM and CRLF added to
# each (crlf). The spans count in the texts --sources writes, so those are
# segmented, as a team's project is.
round_trip() {
	local dir=$EX/transcripts
	if [ "$1" = crlf ]; then
		dir=crlf
		mkdir crlf
		for f in "$EX"/transcripts/*.txt; do
			{ printf '\357\273\277'; sed 's/$/\r/' "$f"; } >"crlf/$(basename "$f")"
		done
	fi
	example_codings "$dir"
	tx-refi --to qdpx -o rt.qdpx -c "$EX/codebook.csv" codings.tsv "$dir"/*.txt
	tx-refi --from qdpx --sources src --spans rt.qdpx >spans.tsv
	tx-segment --exclude-speakers '^Interviewer' --attrs "$EX/participants.csv" \
	    src/*.txt >src-segments.tsv
	tx-code --spans spans.tsv src-segments.tsv >back.tsv
	mlr --itsv --otsv cut -o -f doc,seg,code,coder then sort -f doc -n seg -f code codings.tsv >want.tsv
	mlr --itsv --otsv cut -o -f doc,seg,code,coder then sort -f doc -n seg -f code back.tsv >got.tsv
}

@test "round trip: codings -> qdpx -> spans -> tx-code --spans gives the same rows" {
	round_trip lf
	diff -u want.tsv got.tsv
	# every segment of the 20 documents, coded or not, and the codes
	assert_equal "$(wc -l <got.tsv)" "$(wc -l <codings.tsv)"
	assert_equal "$(mlr --itsv --onidx filter '$code != ""' then count got.tsv)" \
	    "$(mlr --itsv --onidx filter '$code != ""' then count codings.tsv)"
}

@test "round trip: the same with a BOM and CRLF added to every transcript" {
	round_trip crlf
	diff -u want.tsv got.tsv
	assert_equal "$(wc -l <got.tsv)" "$(wc -l <codings.tsv)"
	# the rows are the LF transcripts' rows too
	mkdir lf && cd lf && round_trip lf
	cmp want.tsv ../want.tsv
}

@test "--to qdpx: a transcript on standard input (-) is read once, its text whole" {
	printf 'Ann: The cafe has no money.\n' >t.txt
	tx-segment - <t.txt >segments.tsv
	printf 'code,pattern\nMoney,\\bmoney\\b\n' >cb.csv
	tx-code cb.csv segments.tsv >codings.tsv
	run --separate-stderr tx-refi --to qdpx -o s.qdpx codings.tsv - <t.txt
	assert_success
	assert_equal "$stderr" ''
	run unzip -p s.qdpx 'sources/*'
	assert_output 'Ann: The cafe has no money.'
}

@test "--to qdpx: a WebVTT transcript is exported as its rendered text, Speaker: text" {
	tx-segment "$FIX/segment/captions.vtt" >segments.tsv
	printf 'code,pattern\nBody,\\bknee\\b\n' >cb.csv
	tx-code cb.csv segments.tsv >codings.tsv
	tx-refi --to qdpx -o v.qdpx codings.tsv "$FIX/segment/captions.vtt"
	run unzip -p v.qdpx 'sources/*'
	assert_output "$(printf "Dr Lee: Good morning. How are you?\nTake a seat.\nMs Roe: Not great, I'm afraid.\nIt's my knee & my back.\nDr Lee: Let's have a look.")"
	unzip -q v.qdpx -d v
	validate Project.xsd v/project.qde
	run grep -o 'startPosition="[0-9]*" endPosition="[0-9]*"' v/project.qde
	assert_output 'startPosition="56" endPosition="102"'
	run tx-refi --from qdpx --spans v.qdpx
	assert_output "$(printf "doc\tstart\tend\tcode\tcoder\ttext\ncaptions\t56\t102\tBody\tauto\tNot great, I'm afraid.\\\\nIt's my knee & my back.")"
}

@test "--to qdpx: a Word file's text, as tx-segment reads it" {
	python3 "$BATS_TEST_DIRNAME/make-office.py" w.docx '<w:p><w:r><w:t>Interviewer: How is the café?</w:t></w:r></w:p><w:p><w:r><w:t>Ann: The café has no money for staff.</w:t></w:r></w:p>'
	tx-segment w.docx >segments.tsv
	printf 'code,pattern\nMoney,\\bmoney\\b\n' >cb.csv
	tx-code cb.csv segments.tsv >codings.tsv
	tx-refi --to qdpx -o w.qdpx codings.tsv w.docx
	run unzip -p w.qdpx 'sources/*'
	assert_output "$(printf 'Interviewer: How is the café?\nAnn: The café has no money for staff.')"
	run tx-refi --from qdpx --spans w.qdpx
	assert_output "$(printf 'doc\tstart\tend\tcode\tcoder\ttext\nw\t36\t69\tMoney\tauto\tThe café has no money for staff.')"
	run python3 "$BATS_TEST_DIRNAME/refi-cut.py" w.qdpx
	assert_output "$(printf 'w\t36\t69\tThe café has no money for staff.')"
}

@test "--to qdpx: offsets past a transcript write nothing" {
	example_codings "$EX/transcripts"
	printf 'Short.\n' >P01.txt
	run --separate-stderr tx-refi --to qdpx -o s.qdpx codings.tsv P01.txt "$EX"/transcripts/P0[2-9].txt "$EX"/transcripts/P[12]?.txt
	assert_failure 1
	assert_regex "$stderr" '^tx-refi: doc "P01": offset [0-9]+ is past the end of P01.txt \(7 bytes\): is it the transcript the codings were made from\?$'
	assert [ ! -e s.qdpx ]
}

@test "--to qdpx: a document without its transcript is its segments' text, with a warning" {
	example_codings "$EX/transcripts"
	run --separate-stderr tx-refi --to qdpx --output s.qdpx codings.tsv "$EX"/transcripts/P0[1-9].txt
	assert_success
	assert_regex "${stderr_lines[0]}" '^tx-refi: codings.tsv:[0-9]+: doc "P10" has no transcript among the files given: its source is its segments. text \(or --doc-id as tx-segment had it\)$'
	assert_equal "${#stderr_lines[@]}" 11
	# from standard input and to standard output, no transcript at all: quiet
	run --separate-stderr bash -c 'tx-refi --to qdpx -o - <codings.tsv >pipe.qdpx'
	assert_success
	assert_equal "$stderr" ''
	unzip -q pipe.qdpx -d pipe
	validate Project.xsd pipe/project.qde
	# each span is its segment's text
	tx-refi --from qdpx --spans pipe.qdpx | mlr --itsv --otsv sort -f doc,code,text then cut -o -f doc,code,text >spans.tsv
	mlr --itsv --otsv filter '$code != ""' then sort -f doc,code,text then cut -o -f doc,code,text codings.tsv >want.tsv
	assert_equal "$(cat spans.tsv)" "$(cat want.tsv)"
}

# --- projects in ---------------------------------------------------------

@test "--from qdpx: the qc demo imports 205 codings, on the text Python cuts" {
	need_shared refi-qda
	run --separate-stderr tx-refi --from qdpx --sources src --spans "$REFI/qc_demo_real_interview.qdpx"
	assert_success
	assert_equal "${#lines[@]}" 206
	assert_equal "$(ls src)" "$(printf 'admin-1.txt\nboard_2017.txt')"
	printf '%s\n' "${lines[@]:1}" | cut -f1-3,6 | sort >got
	python3 "$BATS_TEST_DIRNAME/refi-cut.py" "$REFI/qc_demo_real_interview.qdpx" | sort >want
	assert_equal "$(wc -l <want)" 205
	assert_equal "$(cat got)" "$(cat want)"
}

@test "--from qdpx: the qc demo's codes export and re-import with the same tree" {
	need_shared refi-qda
	tx-refi --from qdc "$REFI/qc_demo_real_interview.qdpx" 2>/dev/null >a.csv
	tx-refi --to qdc a.csv >a.qdc
	validate Codebook.xsd a.qdc
	tx-refi --from qdc a.qdc >b.csv
	cmp a.csv b.csv
	run grep -c '' a.csv
	assert_output 263
	assert_equal "$(grep -c '<Code ' a.qdc)" 262
}

@test "--from qdpx: the NVivo export gives a clear report of what is missing" {
	need_shared refi-qda
	run --separate-stderr tx-refi --from qdpx --sources src --spans "$REFI/qc_nvivo_for_mac_export.qdpx"
	assert_success
	assert_output "$(printf 'doc\tstart\tend\tcode\tcoder\ttext')"
	assert_equal "${stderr_lines[0]}" "tx-refi: $REFI/qc_nvivo_for_mac_export.qdpx: sources/d097e6fd-7671-4d95-a8b6-7795fa4a72e1.txt: empty-source (2 times, first): source \"66653866-6334-3535-3435-366637306566\" has no text (1 byte)"
	assert_equal "${stderr_lines[1]}" "tx-refi: $REFI/qc_nvivo_for_mac_export.qdpx: project.qde: no-codings: the project has 262 codes and 2 sources but no coding"
	assert_equal "${#stderr_lines[@]}" 2
}

@test "--from qdpx: what real files do, read and noted" {
	mk quirks
	run --separate-stderr tx-refi --from qdpx --sources src --spans quirks.qdpx
	assert_success
	assert_output "$(printf 'doc\tstart\tend\tcode\tcoder\ttext\none\t7\t18\tTrust\tann\tCafé trust\none\t7\t18\tMoney∕Budgets\tann\tCafé trust\ntwo\t0\t15\tTrust\tann\tSecond source.\\n\nthree\t7\t11\tTrust\tann\ttext')"
	assert_equal "$(ls src)" "$(printf 'one.txt\nthree.txt\ntwo.txt')"
	assert_equal "$(head -c 18 src/one.txt | tail -c 11)" 'Café trust'
	run --separate-stderr tx-refi --from qdpx --attrs quirks.qdpx
	assert_output "$(printf 'doc,case,Locality\none,North,Northvale\ntwo,,\nthree,,')"
	run tx-refi --check quirks.qdpx
	assert_success
	assert_output "$(cat <<'EOF'
entry	line	quirk	detail
project.qde		origin	ATLAS.ti 23.1
project.qde	3	braced-guid	user guid "{11111111-1111-4111-8111-111111111111}": in braces
project.qde	6	braced-guid	code guid "{33333333-3333-4333-8333-333333333333}": in braces
project.qde	7	uppercase-guid	code guid "ABCDEF44-4444-4444-8444-444444444444": in upper case
project.qde	14	braced-guid	creatingUser guid "{11111111-1111-4111-8111-111111111111}": in braces
project.qde	14	braced-guid	CodeRef guid "{33333333-3333-4333-8333-333333333333}": in braces
project.qde	5	nodes-root	every code is under one top-level "Nodes" (NVivo's): taken away (--keep-nodes keeps it)
project.qde	7	slash-in-name	code "Money/Budgets": "/" separates levels in tx, so it becomes "∕" (U+2215)
Sources/55555555-5555-4555-8555-555555555555.txt		sources-dir	sources are in Sources/, not sources/ (read either way)
Sources/55555555-5555-4555-8555-555555555555.txt	1	bom	source "one" begins with a byte-order mark (dropped before counting)
Sources/55555555-5555-4555-8555-555555555555.txt		crlf	source "one" has CRLF line ends, counted as one character (--crlf sets it)
project.qde	17	no-name	a text source without a name (NVivo leaves it empty): named by its plainTextPath
project.qde	17	no-internal-path	source "two": plainTextPath "two.txt" without internal:// (NVivo returns such sources empty)
project.qde	18	inline-text	source "three": its text is inline (PlainTextContent)
project.qde	15	comment	a selection with a description and no coding (a comment: not a span)
project.qde	14	case-coding	a coding names case "North", not a code (taken as the case's source, not a span)
project.qde	14	unknown-code	a coding names aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaa9, neither a code nor a case (left out)
project.qde	17	whole-source	a coding of the whole source "two"
EOF
)"
}

@test "--from qdpx --keep-nodes keeps NVivo's top level" {
	mk quirks
	run --separate-stderr tx-refi --from qdc --keep-nodes quirks.qdpx
	assert_line --index 1 'Nodes,,,,22222222-2222-4222-8222-222222222222,'
	assert_line --index 2 'Nodes/Trust,,,Trust between teams,33333333-3333-4333-8333-333333333333,'
}

@test "--from qdpx --crlf: CRLF counts as two characters unless ATLAS.ti wrote the file" {
	mk crlf-two
	run tx-refi --from qdpx --spans crlf-two.qdpx
	assert_output "$(printf 'doc\tstart\tend\tcode\tcoder\ttext\nvisit\t12\t16\tKnee\tbo\tknee')"
	run tx-refi --from qdpx --spans --crlf one crlf-two.qdpx
	assert_output "$(printf 'doc\tstart\tend\tcode\tcoder\ttext\nvisit\t14\t18\tKnee\tbo\tee h')"
}

@test "--from qdpx --attrs: the example's cases, for tx-segment --attrs" {
	example_codings "$EX/transcripts"
	tx-refi --to qdpx -o s.qdpx codings.tsv "$EX"/transcripts/*.txt
	tx-refi --from qdpx --sources src --attrs s.qdpx >attrs.csv
	run head -2 attrs.csv
	assert_output "$(printf 'doc,case,locality,sector,mode,year\nP01,P01,Northvale,primary care,in person,2023')"
	run tx-segment --attrs attrs.csv src/P01.txt
	assert_success
	assert_line --index 1 --partial $'\tP01\tNorthvale\tprimary care\tin person\t2023\t'
}

@test "--from qdpx: names are made file names, never paths out of the folder" {
	mk evil-path
	run --separate-stderr tx-refi --from qdpx --sources out --spans evil-path.qdpx
	assert_success
	assert_equal "$(ls out)" '_._.._evil_x.txt'
	assert_equal "$(cat out/_._.._evil_x.txt)" 'outside'
	assert [ ! -e ../evil ]
}

# --- bad input: exit 1, file and entry named, nothing written -------------

@test "--from qdpx: an entry past --max-entry is refused" {
	mk bomb
	refused bomb.qdpx 'sources/55555555-5555-4555-8555-555555555555.txt: inflates to more than 1048576 bytes (refused; --max-entry sets the limit)' --max-entry 1
}

@test "--from qdpx: a CRC error is refused" {
	mk crc
	refused crc.qdpx 'sources/55555555-5555-4555-8555-555555555555.txt: cannot be read (CRC error)'
}

@test "--from qdpx: a DOCTYPE with entities is refused" {
	mk doctype
	refused doctype.qdpx 'project.qde:2: XML declares a DOCTYPE (refused: no DTD or entity is read)'
}

@test "--from qdpx: malformed XML is refused" {
	mk badxml
	refused badxml.qdpx 'project.qde:3: no element found'
}

@test "--from qdpx: no .qde, two .qde, not a zip" {
	mk no-qde
	refused no-qde.qdpx "no .qde at the archive's root (not a REFI-QDA project)"
	mk two-qde
	refused two-qde.qdpx 'two projects in the archive, a.qde and b.qde (a .qdpx holds one .qde)'
	mk notzip
	refused notzip.qdpx 'not a zip archive, or a damaged one (Not a zip archive)'
}

@test "--check: a file it cannot read is exit 1; a missing file too" {
	mk crc
	run --separate-stderr tx-refi --check crc.qdpx
	assert_failure 1
	assert_output ''
	run --separate-stderr tx-refi --check no-such.qdpx
	assert_failure 1
	assert_equal "$stderr" 'tx-refi: no-such.qdpx: No such file or directory'
}

@test "usage: one of --to, --from, --check; --from qdpx says what to take" {
	run --separate-stderr tx-refi --from qdpx x.qdpx
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'tx-refi: --from qdpx: say what to take: --sources DIR, --spans or --attrs'
	run --separate-stderr tx-refi --to qdc --from qdc x
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'tx-refi: say one of --to FORMAT, --from FORMAT or --check'
	run --separate-stderr tx-refi --to qdpx codings.tsv
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'tx-refi: --to qdpx needs -o FILE (-o - for standard output)'
	run --separate-stderr tx-refi --from qdpx --spans --attrs x.qdpx
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'tx-refi: --spans and --attrs both write to standard output: run them one at a time'
}

@test "--codebook, --doc-id, --verbose, --help, --version" {
	example_codings "$EX/transcripts"
	mkdir in
	for f in "$EX"/transcripts/*.txt; do cp "$f" "in/interview-$(basename "$f")"; done
	run --separate-stderr tx-refi --to qdpx --output s.qdpx --codebook "$EX/codebook.csv" codings.tsv in/*.txt
	assert_success
	assert_regex "${stderr_lines[0]}" 'doc "P01" has no transcript among the files given'
	run --separate-stderr tx-refi --to qdpx --output s.qdpx --codebook "$EX/codebook.csv" \
	    --doc-id 'P[0-9]+' codings.tsv in/*.txt
	assert_success
	assert_equal "$stderr" ''
	sel=$(mlr --itsv --onidx filter '$code != ""' then count-distinct -f doc,start,end then count codings.tsv)
	cod=$(mlr --itsv --onidx filter '$code != ""' then count codings.tsv)
	run --separate-stderr tx-refi --from qdpx --verbose --spans s.qdpx
	assert_success
	assert_equal "$stderr" "tx-refi: s.qdpx: tx-refi 0.1.0: 20 codes, 1 users, 20 of 20 text sources with text, $sel of $sel selections, $cod of $cod codings on text (spans), 20 cases, 4 variables"
	run tx-refi --help
	assert_success
	assert_line --index 0 'usage: tx-refi --to qdc [--all-codable] codebook.csv'
	run tx-refi --version
	assert_output 'tx-refi 0.1.0'
}

@test "the man page's examples run" {
	cp -r "$EX/transcripts" "$EX/codebook.csv" "$EX/participants.csv" .
	tx-refi --to qdc codebook.csv > codebook.qdc
	tx-refi --from qdc codebook.qdc > back.csv
	tx-segment --attrs participants.csv transcripts/*.txt |
	    tx-code codebook.csv > codings.tsv
	tx-refi --to qdpx -o study.qdpx -c codebook.csv codings.tsv transcripts/*.txt
	# a team's coding, as its tool would send it back
	tx-code --coder ann codebook.csv <(tx-segment transcripts/*.txt) >ann.tsv
	tx-refi --to qdpx -o coded.qdpx ann.tsv transcripts/*.txt
	tx-refi --from qdpx --sources texts --spans coded.qdpx > spans.tsv
	tx-refi --from qdpx --attrs coded.qdpx > attrs.csv
	tx-segment --attrs attrs.csv texts/*.txt > segments.tsv
	tx-code --spans spans.tsv segments.tsv > team.tsv
	tx-code codebook.csv segments.tsv > auto.tsv
	run bash -c 'cat team.tsv auto.tsv | tx-agree --reference ann'
	assert_success
}

# The example's agreement, exactly, and make without the project are
# checked in tests/examples.bats.
@test "examples/refi-handcoding: QualCoder's hand coding against the patterns, per code" {
	need_shared refi-qda
	ex=$BATS_TEST_TMPDIR/refi-handcoding
	mkdir "$ex"
	cp "$EXAMPLES/refi-handcoding/"{Makefile,codebook.csv,table.awk} "$ex/"
	example_make "$ex" DATA="$SHARED/refi-qda" spans.tsv segments.tsv auto.tsv 2>/dev/null
	assert_equal "$(wc -l <"$ex/spans.tsv")" 206
	assert_equal "$(ls "$ex/texts")" "$(printf 'admin-1.txt\nboard_2017.txt')"
	run mlr --itsv --onidx filter '$code != ""' then count-distinct -f code then count "$ex/auto.tsv"
	assert_output 9
	example_make "$ex" DATA="$SHARED/refi-qda"
	# a row per code of the codebook, and the pooled row
	run grep -c '' "$ex/agreement.tsv"
	assert_output 11
}

@test "--to qdc keeps the rule columns in the block, and --from qdc gives them back in their rows" {
	printf '%s\n' 'code,pattern,exclude,not_near,window,direction,rule,description' \
		'Views/Helpful,\bhelpful\b,,\b(?:not|never)\b,1w,before,,Said to help' \
		'Views/Helpful,\buseful\b,,,,,,' \
		'Views/Both,,,,,,Views/Helpful & !Views/Helpful,' > rules.csv
	run tx-refi --to qdc rules.csv
	assert_success
	assert_line 'not_near: \b(?:not|never)\b'
	assert_line 'rule: Views/Helpful &amp; !Views/Helpful'
	tx-refi --to qdc rules.csv > rules.qdc
	run tx-refi --from qdc rules.qdc
	assert_success
	assert_output "$(printf '%s\n' \
		'code,pattern,exclude,not_near,window,direction,rule,description' \
		'Views,,,,,,,' \
		'Views/Helpful,\bhelpful\b,,\b(?:not|never)\b,1w,before,,Said to help' \
		'Views/Helpful,\buseful\b,,,,,,' \
		'Views/Both,,,,,,Views/Helpful & !Views/Helpful,')"
}
