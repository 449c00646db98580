#!/usr/bin/env bats
# tx-segment: formats, units, options, bad input, and the nothing-lost
# invariant (checked by tests/segment-invariant.py, which knows nothing of
# the tool's code).

load helper

S=$FIX/segment
G=$S/expected
CHECK=$BATS_TEST_DIRNAME/segment-invariant.py
HDR=$'doc\tseg\tspeaker\ttime\tsection\tline\tstart\tend\ttext'

# The output of a command must be exactly the golden file.
golden() {
	local file=$1
	shift
	run "$@"
	assert_success
	assert_output "$(cat "$G/$file")"
}

# --- formats and units, exact output ---

@test "text (reStructuredText hearing): turns, bold labels, times, sections" {
	golden hearing.turn.tsv tx-segment "$S/hearing.rst"
	# "You say:" and "Question:" are text in a document with bold labels
	run tx-segment "$S/hearing.rst"
	refute_output --regexp $'\t(You say|Question)\t'
}

@test "--unit paragraph, sentence and line on the hearing" {
	golden hearing.paragraph.tsv tx-segment --unit paragraph "$S/hearing.rst"
	golden hearing.sentence.tsv tx-segment --unit sentence "$S/hearing.rst"
	golden hearing.line.tsv tx-segment -u line "$S/hearing.rst"
}

@test "--unit sentence: not at Dr., i.e., 3.5 or an ellipsis; after a closing quote" {
	run tx-segment -u sentence "$S/hearing.rst"
	assert_line --partial $'\tDr. Patel will give evidence today, i.e. after the break.'
	assert_line --partial $'\tWe will hear 3.5 hours of evidence... Perhaps more.'
	assert_line --partial $'\t"We were not ready."'
	printf 'A: It cost \xe2\x80\x9cfive pounds.\xe2\x80\x9d Then\xe2\x80\xa6 Later. No. 10 said so! Yes?\n' > "$BATS_TEST_TMPDIR/q.txt"
	run --separate-stderr tx-segment -u sentence "$BATS_TEST_TMPDIR/q.txt"
	assert_success
	assert_line -n 1 --regexp $'\tIt cost “five pounds.”$'
	assert_line -n 2 --regexp $'\tThen… Later.$'
	assert_line -n 3 --regexp $'\tNo. 10 said so!$'
	assert_line -n 4 --regexp $'\tYes\\?$'
}

@test "text: plain labels, timestamps before and after, text before the first label" {
	golden interview.turn.tsv tx-segment "$S/interview.txt"
	golden interview.line.tsv tx-segment --unit line "$S/interview.txt"
}

@test "text: times normalised to 24-hour hh:mm:ss, fractions dropped" {
	golden times.turn.tsv tx-segment "$S/times.txt"
	run cut -f3,4 "$G/times.turn.tsv"
	assert_output "$(printf 'speaker\ttime\nA\t14:05:00\nB\t01:02:03\nC\t00:12:34\nD\t00:10:00\nE\t00:00:07\nF\t10:01:00')"
}

@test "text: section is the heading below the title; without a single title, the top level" {
	golden sections.turn.tsv tx-segment "$S/sections.rst" "$S/untitled.md"
	golden notes.turn.tsv tx-segment "$S/notes.md"
}

@test "otter: header block is not text, turns from 'Name  mm:ss'" {
	golden meeting.turn.tsv tx-segment "$S/meeting.txt"
	golden meeting.sentence.tsv tx-segment --unit sentence "$S/meeting.txt"
}

@test "vtt: voice tags, Name: prefix, same-speaker cues join, tags and NOTE removed" {
	golden captions-vtt.turn.tsv tx-segment "$S/captions.vtt"
	golden captions-vtt.paragraph.tsv tx-segment -u paragraph "$S/captions.vtt"
	golden captions-vtt.sentence.tsv tx-segment -u sentence "$S/captions.vtt"
}

@test "srt: cue numbers and timings are not text, Name: prefix gives the speaker" {
	golden captions-srt.turn.tsv tx-segment "$S/captions.srt"
	golden captions-srt.line.tsv tx-segment -u line "$S/captions.srt"
}

@test "--from auto sniffs standard input; --from forces a format" {
	run bash -c "tx-segment < '$S/captions.vtt' | cut -f2-"
	assert_output "$(cut -f2- "$G/captions-vtt.turn.tsv")"
	run bash -c "tx-segment < '$S/captions.srt' | cut -f2-"
	assert_output "$(cut -f2- "$G/captions-srt.turn.tsv")"
	run bash -c "tx-segment --from otter < '$S/meeting.txt' | cut -f2-"
	assert_output "$(cut -f2- "$G/meeting.turn.tsv")"
	run bash -c "cp '$S/captions.srt' '$BATS_TEST_TMPDIR/c.txt'; tx-segment -f srt '$BATS_TEST_TMPDIR/c.txt' | cut -f2-"
	assert_output "$(cut -f2- "$G/captions-srt.turn.tsv")"
	# as text, Otter's turn lines are no labels: one unlabelled turn
	run --separate-stderr tx-segment --from text "$S/meeting.txt"
	assert_success
	assert_equal "$(echo "$output" | cut -f3 | sort -u | tr '\n' ,)" ',speaker,'
	run tx-segment --from pdf "$S/meeting.txt"
	assert_failure 2
	assert_line --index 0 'tx-segment: --from: "pdf" is not one of auto, text, otter, vtt, srt, docx, odt'
	run tx-segment --unit word "$S/meeting.txt"
	assert_failure 2
}

# --- speakers ---

@test "--unlabelled empty and NAME make unlabelled paragraphs turns of their own" {
	golden interview.empty.tsv tx-segment --unlabelled empty "$S/interview.txt"
	golden thinkaloud.participant.tsv tx-segment -u paragraph --unlabelled Participant "$S/thinkaloud.txt"
	run tx-segment --unlabelled continue "$S/interview.txt"
	assert_output "$(cat "$G/interview.turn.tsv")"
	run tx-segment --unlabelled '' "$S/interview.txt"
	assert_failure 2
}

@test "--label-regex replaces the label rule; groups speaker and time" {
	golden thinkaloud.regex.tsv tx-segment --label-regex '^(?<speaker>MODERATOR):' --unlabelled Participant "$S/thinkaloud.txt"
	printf '10:01 Ann> hello\n10:02 Bob> hi there\nstill Bob\n' > "$BATS_TEST_TMPDIR/chat.txt"
	run tx-segment --label-regex '^(?<time>\d+:\d+) (?<speaker>\w+)>' "$BATS_TEST_TMPDIR/chat.txt"
	assert_success
	assert_output "$HDR"$'\nchat\t1\tAnn\t00:10:01\t\t1\t11\t16\thello\nchat\t2\tBob\t00:10:02\t\t2\t28\t46\thi there\\nstill Bob'
}

@test "--label-regex: a bad pattern or one without (?<speaker>) is a usage error" {
	run --separate-stderr tx-segment --label-regex '^(?<speaker>x' "$S/notes.md"
	assert_failure 2
	assert_output ''
	[[ "$stderr" == *'--label-regex "^(?<speaker>x": missing closing parenthesis at offset 13'* ]]
	run --separate-stderr tx-segment --label-regex '^(\w+):' "$S/notes.md"
	assert_failure 2
	[[ "$stderr" == *'no group (?<speaker>...)'* ]]
}

@test "--speakers and --exclude-speakers: caseless search, seg numbers kept" {
	run tx-segment --speakers 'p4' "$S/interview.txt"
	assert_success
	assert_equal "$(echo "$output" | cut -f2,3 | tr '\n' ,)" 'seg	speaker,3	P4,7	P4,'
	run tx-segment -s '^interviewer$' "$S/interview.txt"
	assert_equal "$(echo "$output" | cut -f2 | tr '\n' ,)" 'seg,2,6,8,'
	run tx-segment --exclude-speakers 'interviewer' "$S/interview.txt"
	assert_equal "$(echo "$output" | cut -f3 | tr '\n' ,)" 'speaker,,P4,DR SMITH,P4,'
	run tx-segment -x 'interviewer|^$' -s 'smith|p4' "$S/interview.txt"
	assert_equal "$(echo "$output" | cut -f3 | tr '\n' ,)" 'speaker,P4,DR SMITH,P4,'
	run tx-segment --speakers '(' "$S/interview.txt"
	assert_failure 2
	run tx-segment --exclude-speakers '[' "$S/interview.txt"
	assert_failure 2
}

# --- documents ---

@test "doc is the base name; --doc-id takes group 1 or the match; --doc names stdin" {
	run bash -c "tx-segment '$S/notes.md' | tail -n +2 | cut -f1 | sort -u"
	assert_output notes
	run bash -c "tx-segment --doc-id '([^/]+)/notes' '$S/notes.md' | tail -n +2 | cut -f1 | sort -u"
	assert_output segment
	run bash -c "tx-segment --doc-id 'seg[a-z]+/no' '$S/notes.md' | tail -n +2 | cut -f1 | sort -u"
	assert_output segment/no
	run bash -c "tx-segment --doc P9 < '$S/notes.md' | tail -n +2 | cut -f1 | sort -u"
	assert_output P9
	run bash -c "tx-segment - < '$S/notes.md' | tail -n +2 | cut -f1 | sort -u"
	assert_output stdin
	run --separate-stderr tx-segment --doc-id 'nomatch' "$S/notes.md"
	assert_failure 2
	assert_output ''
	[[ "$stderr" == "tx-segment: $S/notes.md: --doc-id does not match the path" ]]
	run tx-segment --doc '' "$S/notes.md"
	assert_failure 2
}

@test "two inputs with one doc id are an error naming both; nothing written" {
	mkdir -p "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	cp "$S/notes.md" "$BATS_TEST_TMPDIR/a/day.md"
	cp "$S/notes.md" "$BATS_TEST_TMPDIR/b/day.txt"
	run --separate-stderr tx-segment "$BATS_TEST_TMPDIR/a/day.md" "$BATS_TEST_TMPDIR/b/day.txt"
	assert_failure 2
	assert_output ''
	[[ "$stderr" == "tx-segment: $BATS_TEST_TMPDIR/a/day.md and $BATS_TEST_TMPDIR/b/day.txt have the same doc id \"day\" (see --doc-id)" ]]
	run tx-segment --doc-id '([ab]/day)' "$BATS_TEST_TMPDIR/a/day.md" "$BATS_TEST_TMPDIR/b/day.txt"
	assert_success
	assert_equal "$(echo "$output" | cut -f1 | sort -u | tr '\n' ,)" 'a/day,b/day,doc,'
}

# --- attributes ---

@test "--attrs CSV: columns made names, quoted commas and newlines, joined on doc" {
	run tx-segment --attrs "$S/attrs.csv" "$S/meeting.txt"
	assert_success
	assert_line -n 0 $'doc\tseg\tspeaker\ttime\tsection\tline\tstart\tend\tlocality\trole\tnote\ttext'
	assert_line -n 1 $'meeting\t1\tJane Doe\t00:00:03\t\t11\t129\t171\tSouth\tmanager\ttwo\\nlines\tMorning all. Shall we start with the rota?'
	run tx-segment -a "$S/attrs.csv" "$S/interview.txt" "$S/meeting.txt"
	assert_success
	assert_line -n 1 --regexp $'^interview\t1\t.*\tNorth\tnurse\tplain, with a comma\tFocus group 3'
}

@test "--attrs TSV; key column doc, else the first" {
	run bash -c "tx-segment -a '$S/attrs.tsv' '$S/interview.txt' | cut -f1,9 | sort -u"
	assert_output $'doc\tlocality\ninterview\tNorth'
	run bash -c "tx-segment -a '$S/attrs-first.csv' '$S/interview.txt' | cut -f1,9 | sort -u"
	assert_output $'doc\tlocality\ninterview\tNorth'
}

@test "--attrs: a doc without a row is an error; --attrs-missing empty leaves it empty" {
	run --separate-stderr tx-segment --attrs "$S/attrs.tsv" "$S/interview.txt" "$S/notes.md"
	assert_failure 2
	assert_output ''
	[[ "$stderr" == "tx-segment: $S/attrs.tsv: no row for doc \"notes\" ($S/notes.md); --attrs-missing empty leaves its columns empty" ]]
	run bash -c "tx-segment --attrs '$S/attrs.tsv' --attrs-missing empty '$S/interview.txt' '$S/notes.md' | cut -f1,9 | sort -u"
	assert_output $'doc\tlocality\ninterview\tNorth\nnotes\t'
	run tx-segment --attrs "$S/attrs.tsv" --attrs-missing error "$S/notes.md"
	assert_failure 2
	run tx-segment --attrs "$S/attrs.tsv" --attrs-missing maybe "$S/notes.md"
	assert_failure 2
	assert_line --index 0 'tx-segment: --attrs-missing: "maybe" is not one of error, empty'
}

@test "--attrs: duplicate key, clash with a segment column, two names alike: errors" {
	run --separate-stderr tx-segment --attrs "$S/attrs-dup.csv" "$S/interview.txt"
	assert_failure 2
	assert_output ''
	[[ "$stderr" == "tx-segment: $S/attrs-dup.csv:4: doc \"interview\" appears twice (also line 2)" ]]
	run --separate-stderr tx-segment --attrs "$S/attrs-clash.csv" "$S/interview.txt"
	assert_failure 2
	[[ "$stderr" == "tx-segment: $S/attrs-clash.csv:1: column \"Line\" clashes with the segment column \"line\"" ]]
	run --separate-stderr tx-segment --attrs "$S/attrs-same.csv" "$S/interview.txt"
	assert_failure 2
	[[ "$stderr" == "tx-segment: $S/attrs-same.csv:1: columns \"Age Group\" and \"age_group\" both become \"age_group\"" ]]
	run --separate-stderr tx-segment --attrs "$BATS_TEST_TMPDIR/none.csv" "$S/interview.txt"
	assert_failure 2
	assert_output ''
}

# --- bad input ---

@test "invalid UTF-8: file, line and byte offset; that file gives nothing; others go on" {
	printf 'A: fine\nB: bad \xff here\n' > "$BATS_TEST_TMPDIR/bad.txt"
	run --separate-stderr tx-segment "$BATS_TEST_TMPDIR/bad.txt" "$S/notes.md"
	assert_failure 1
	[[ "$stderr" == "tx-segment: $BATS_TEST_TMPDIR/bad.txt:2: invalid UTF-8 at byte offset 15" ]]
	assert_output "$(cat "$G/notes.turn.tsv")"
	run --separate-stderr tx-segment "$S/hearing.rst" "$BATS_TEST_TMPDIR/bad.txt"
	assert_failure 1
	[[ "$stderr" == "tx-segment: $BATS_TEST_TMPDIR/bad.txt:2: invalid UTF-8 at byte offset 15" ]]
	assert_output "$(cat "$G/hearing.turn.tsv")"
}

@test "--lossy writes U+FFFD for each invalid byte, offsets unchanged" {
	printf 'A: fine\nB: bad \xff\xfe here\n' > "$BATS_TEST_TMPDIR/bad.txt"
	run tx-segment --lossy "$BATS_TEST_TMPDIR/bad.txt"
	assert_success
	assert_output "$HDR"$'\nbad\t1\tA\t\t\t1\t3\t7\tfine\nbad\t2\tB\t\t\t2\t11\t22\tbad \xef\xbf\xbd\xef\xbf\xbd here'
}

@test "a NUL byte is an error, even with --lossy" {
	printf 'A: fine\nB: nul \0 here\n' > "$BATS_TEST_TMPDIR/nul.txt"
	run --separate-stderr tx-segment --lossy "$BATS_TEST_TMPDIR/nul.txt"
	assert_failure 1
	assert_output "$HDR"
	[[ "$stderr" == "tx-segment: $BATS_TEST_TMPDIR/nul.txt:2: NUL byte at byte offset 15" ]]
}

@test "a missing file or a directory is an error naming it; the others are processed" {
	run --separate-stderr tx-segment "$BATS_TEST_TMPDIR/none.txt" "$S/notes.md" "$S"
	assert_failure 1
	assert_output "$(cat "$G/notes.turn.tsv")"
	[[ "$stderr" == *"tx-segment: $BATS_TEST_TMPDIR/none.txt: No such file or directory"* ]]
	[[ "$stderr" == *"tx-segment: $S: is a directory"* ]]
}

@test "an empty file gives no segments and no error" {
	: > "$BATS_TEST_TMPDIR/empty.txt"
	run tx-segment "$BATS_TEST_TMPDIR/empty.txt"
	assert_success
	assert_output "$HDR"
	run bash -c "tx-segment < /dev/null"
	assert_success
	assert_output "$HDR"
}

@test "BOM skipped but counted in offsets; CR of CRLF dropped from text" {
	printf '\xef\xbb\xbfA: one\r\ntwo\r\n\r\nB: three\r\n' > "$BATS_TEST_TMPDIR/crlf.txt"
	run tx-segment "$BATS_TEST_TMPDIR/crlf.txt"
	assert_success
	assert_output "$HDR"$'\ncrlf\t1\tA\t\t\t1\t6\t14\tone\\ntwo\ncrlf\t2\tB\t\t\t4\t21\t26\tthree'
	run bash -c "tx-segment '$BATS_TEST_TMPDIR/crlf.txt' | python3 '$CHECK' '$BATS_TEST_TMPDIR/crlf.txt'"
	assert_success
}

@test "a line of 50 MB works, in every unit" {
	f=$BATS_TEST_TMPDIR/big.txt
	# 1612903 sentences of 31 bytes, then "We met " and "end."
	{ printf 'Interviewer: '; yes 'We met on Monday, e.g. at ten. ' | tr -d '\n' | head -c 50000000; printf 'end.\n'; } > "$f"
	run bash -c "tx-segment '$f' 2>/dev/null | cut -f2-8"
	assert_success
	assert_output $'seg\tspeaker\ttime\tsection\tline\tstart\tend\n1\tInterviewer\t\t\t1\t13\t50000017'
	run bash -c "tx-segment '$f' 2>/dev/null | tail -1 | cut -f9 | wc -c"
	assert_output 50000005
	run bash -c "tx-segment -u sentence '$f' 2>/dev/null | wc -l"
	assert_output $((1612903 + 1 + 1))
	run bash -c "tx-segment -u sentence '$f' 2>/dev/null | tail -1 | cut -f7-"
	assert_output $'50000006\t50000017\tWe met end.'
	run bash -c "tx-segment -u line '$f' 2>/dev/null | wc -l"
	assert_output 2
}

@test "a full disk is exit 1; a closed pipe ends quietly with exit 0" {
	run bash -c "tx-segment '$S/hearing.rst' > /dev/full"
	assert_failure 1
	assert_output --partial 'write error'
	yes 'A: a line of text to fill the pipe' | head -200000 > "$BATS_TEST_TMPDIR/long.txt"
	run bash -c "tx-segment '$BATS_TEST_TMPDIR/long.txt' | head -1; echo \"\${PIPESTATUS[0]}\""
	assert_output "$HDR"$'\n0'
}

# --- nothing lost ---

@test "tail -c +\$((start+1)) | head -c \$((end-start)) gives a segment's text back" {
	for f in "$S/interview.txt" "$S/hearing.rst" "$S/meeting.txt"; do
		tx-segment "$f" > "$BATS_TEST_TMPDIR/out.tsv"
		n=$(wc -l < "$BATS_TEST_TMPDIR/out.tsv")
		[ "$n" -gt 3 ]
		for i in $(seq 2 "$n"); do
			row=$(sed -n "${i}p" "$BATS_TEST_TMPDIR/out.tsv")
			start=$(echo "$row" | cut -f7)
			end=$(echo "$row" | cut -f8)
			want=$(printf '%b' "$(echo "$row" | cut -f9)")
			got=$(tail -c +$((start + 1)) "$f" | head -c $((end - start)))
			[ "$got" = "$want" ] || fail "$f row $i: '$got' != '$want'"
		done
	done
}

@test "the invariant checker fails on a lost word, an overlap or a wrong text" {
	f=$S/hearing.rst
	tx-segment "$f" > "$BATS_TEST_TMPDIR/ok.tsv"
	run python3 "$CHECK" "$f" < "$BATS_TEST_TMPDIR/ok.tsv"
	assert_success
	sed 3d "$BATS_TEST_TMPDIR/ok.tsv" | awk -F'\t' -v OFS='\t' 'NR>1{$2=NR-1}1' > "$BATS_TEST_TMPDIR/lost.tsv"
	run python3 "$CHECK" "$f" < "$BATS_TEST_TMPDIR/lost.tsv"
	assert_failure
	assert_output --partial 'words outside every segment, first '"'"'Thank'"'"
	awk -F'\t' -v OFS='\t' 'NR==3{$7=$7-20}1' "$BATS_TEST_TMPDIR/ok.tsv" > "$BATS_TEST_TMPDIR/over.tsv"
	run python3 "$CHECK" "$f" < "$BATS_TEST_TMPDIR/over.tsv"
	assert_failure
	assert_output --partial 'overlapping'
	awk -F'\t' -v OFS='\t' 'NR==4{$9="You said:"}1' "$BATS_TEST_TMPDIR/ok.tsv" > "$BATS_TEST_TMPDIR/text.tsv"
	run python3 "$CHECK" "$f" < "$BATS_TEST_TMPDIR/text.tsv"
	assert_failure
	assert_output --partial 'text is not source'
}

# tx-segment OPTIONS (words) on FILE... into a stream of its own, added to
# the list of runs ("runs") that one run of the checker then reads:
# segment_run "OPTIONS" FILE...
segment_run() {
	local opts=$1 name
	shift
	nrun=$((${nrun:-0} + 1))
	name="tx-segment $opts $1"
	[ $# -eq 1 ] || name="tx-segment $opts ($# files)"
	# shellcheck disable=SC2086
	tx-segment $opts "$@" > "run$nrun.tsv" || fail "$name: exit $?"
	{ printf '%s\t%s' "$name" "run$nrun.tsv"; printf '\t%s' "$@"; echo; } >> runs
}

@test "invariant: every fixture, every unit, every --unlabelled mode" {
	nfix=0
	for f in "$S"/*.rst "$S"/*.md "$S"/*.txt "$S"/*.vtt "$S"/*.srt; do
		nfix=$((nfix + 1))
		for u in turn paragraph sentence line; do
			for m in continue empty Someone; do
				segment_run "-u $u --unlabelled $m" "$f" 2>/dev/null
			done
		done
	done
	[ "$nfix" -ge 19 ]
	[ "$(wc -l < runs)" -eq $((nfix * 12)) ]
	run python3 "$CHECK" --runs runs
	assert_success
}

@test "invariant: every hearing of module 2A, every unit (shared data)" {
	need_shared covid-inquiry/module-2A
	files=("$SHARED"/covid-inquiry/module-2A/*.rst)
	[ "${#files[@]}" -gt 10 ]
	for u in turn paragraph sentence line; do
		segment_run "-u $u" "${files[@]}"
	done
	run python3 "$CHECK" --runs runs
	assert_success
}

@test "module 2A: every speaker is a bold label of its file, never 'You say'" {
	need_shared covid-inquiry/module-2A
	for f in "$SHARED"/covid-inquiry/module-2A/*.rst; do
		tx-segment "$f" | tail -n +2 | cut -f3 | sort -u > "$BATS_TEST_TMPDIR/speakers"
		[ -s "$BATS_TEST_TMPDIR/speakers" ] || fail "$f: no speakers"
		while IFS= read -r sp; do
			grep -qF -- "**$sp**:" "$f" || fail "$f: speaker '$sp' is no bold label"
		done < "$BATS_TEST_TMPDIR/speakers"
	done
	run bash -c "tx-segment '$SHARED'/covid-inquiry/module-2A/*.rst | cut -f3 | grep -ciE '^(you say|question|and then|so)\$'"
	assert_output 0
}

@test "think-aloud sessions: --label-regex and --unlabelled give MODERATOR and Participant only (shared data)" {
	need_shared serdif-usability/txt_from_odt
	files=("$SHARED"/serdif-usability/txt_from_odt/*.txt)
	run bash -c "tx-segment --label-regex '^(?<speaker>MODERATOR):' --unlabelled Participant \"\$@\" | cut -f3 | sort | uniq -c | awk '{print \$2}'" _ "${files[@]}"
	assert_output $'MODERATOR\nParticipant\nspeaker'
	run bash -c "tx-segment -u sentence --label-regex '^(?<speaker>MODERATOR):' --unlabelled Participant \"\$@\" | python3 '$CHECK' \"\$@\"" _ "${files[@]}"
	assert_success
}

@test "-h, --help and --version" {
	run tx-segment -h
	assert_success
	assert_line --index 0 --partial 'usage: tx-segment'
	run tx-segment --help
	assert_output --partial '--exclude-speakers'
	run tx-segment --version
	assert_output --regexp '^tx-segment [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "the man page's examples run and print what it shows" {
	cd "$BATS_TEST_TMPDIR"
	cp "$S/interview.txt" 4B.txt
	cp "$S/meeting.txt" 7A.txt
	cp "$S/captions.vtt" visit.vtt
	cp "$S/joint.txt" joint.txt
	printf 'doc,Locality,Role\n4B,North,nurse\n7A,South,manager\n' > participants.csv
	printf 'doc,speaker,role\njoint,Ann,nurse\njoint,Bob,manager\n' > speakers.csv
	man=$BATS_TEST_DIRNAME/../man/tx-segment.1
	# the page's source, with its escapes \e read as backslashes
	page=$(sed 's/\\e/\\/g' "$man")
	page=${page//$'|\n    '/| }    # a command continued after a pipe
	for cmd in \
	    "tx-segment --attrs participants.csv 4B.txt 7A.txt | cut -f1-3,9- | head -3" \
	    "tx-segment --unit sentence 4B.txt | cut -f3,6,9 | sed -n 5,6p" \
	    "tx-segment 4B.txt | awk -F'\\t' 'NR==4 { print \$7, \$8 }'" \
	    "printf '10:01 Ann> hello\\n10:02 Bob> hi\\n' | tx-segment --doc chat --label-regex '^(?<time>\\d+:\\d+) (?<speaker>\\w+)>'" \
	    "tx-segment --from vtt --unit paragraph --speakers '^dr lee\$' visit.vtt | cut -f2-4,9" \
	    "tx-segment --label-report 4B.txt" \
	    "tx-segment --attrs speakers.csv joint.txt | cut -f2,3,9,10 | sed -n 2,4p"; do
		out=$(bash -c "$cmd" 2>/dev/null)
		[ -n "$out" ] || fail "no output: $cmd"
		[[ "$page" == *"$cmd"* ]] || fail "man page does not show: $cmd"
		[[ "$page" == *"$out"* ]] || fail "man page does not show the output of: $cmd"$'\n'"$out"
	done
	[ "$(tail -c +118 4B.txt | head -c 99)" = "$(tx-segment 4B.txt | sed -n 4p | cut -f9 | sed 's/\\n/\n/g')" ]
	run tx-segment --lossy --attrs participants.csv --attrs-missing empty *.txt
	assert_success
}

@test "a tx-redact placeholder is a speaker label: any text in brackets" {
	run bash -c "printf 'A: one.\n[PERSON-1]: two.\n[PERSON-2.2]: three.\n[not a name]: four.\n' | tx-segment --doc r | cut -f 3,9"
	assert_success
	assert_output "$(printf 'speaker\ttext\nA\tone.\n[PERSON-1]\ttwo.\n[PERSON-2.2]\tthree.\n[not a name]\tfour.')"
}

# --- the label rule (a candidate is taken by its form or by recurring) ---

@test "labels taken: every style, as segments and as the label report" {
	golden labels-taken.turn.tsv tx-segment "$S/labels-taken.txt"
	golden labels-taken.report.tsv tx-segment --label-report "$S/labels-taken.txt"
}

@test "labels taken: IDs that begin with a digit (9A, 19B, 4B)" {
	run tx-segment --label-report "$S/labels-taken.txt"
	assert_line $'labels-taken\t3\t9A\tyes\t1\tid'
	assert_line $'labels-taken\t5\t19B\tyes\t1\tid'
	assert_line $'labels-taken\t7\t4B\tyes\t1\tid'
}

@test "labels taken: a trailing parenthesis (role, ID, or a name that recurs)" {
	run tx-segment --label-report "$S/labels-taken.txt"
	assert_line $'labels-taken\t1\tInterviewer (I)\tyes\t1\trole'
	assert_line $'labels-taken\t9\tRespondent (R1)\tyes\t1\trole'
	assert_line $'labels-taken\t11\tR1 (female, 52)\tyes\t1\tid'
	assert_line $'labels-taken\t13\tP01 (GP, Northvale)\tyes\t1\tid'
	assert_line $'labels-taken\t15\tSarah Khan (she/her)\tyes\t2\trecurs'
}

@test "labels taken: lower case, hyphenated pseudonyms, device names, Speaker N, capitals" {
	run tx-segment --label-report "$S/labels-taken.txt"
	assert_line $'labels-taken\t19\tinterviewer\tyes\t1\trole'
	assert_line $'labels-taken\t21\tjo\tyes\t2\trecurs'
	assert_line $'labels-taken\t25\tadmin-1\tyes\t1\tid'
	assert_line $'labels-taken\t27\ttom.oneill\'s iPhone\tyes\t2\trecurs'
	assert_line $'labels-taken\t31\tSpeaker 1\tyes\t1\tid'
	assert_line $'labels-taken\t33\tDR SMITH\tyes\t1\tcapitals'
}

@test "labels taken: titles, apostrophes, accents; timestamps before; a TAB after the colon" {
	run tx-segment --label-report "$S/labels-taken.txt"
	assert_line $'labels-taken\t35\tDr. Okafor\tyes\t1\ttitle'
	assert_line $'labels-taken\t37\tMrs O\'Brien\tyes\t1\ttitle'
	assert_line $'labels-taken\t39\tSiân Prys-Jones\tyes\t2\trecurs'
	run tx-segment "$S/labels-taken.txt"
	assert_line --regexp $'\t22\tInterviewer\t00:01:14\t\t43\t.*\tA bracketed time\\.$'
	assert_line --regexp $'\t23\tInterviewer\t00:01:15\t\t45\t.*\tA bare time\\.$'
	assert_line --regexp $'\t24\tInterviewer\t00:01:15\t\t47\t.*\tA tab\\.$'
}

@test "labels taken: tx-redact placeholders with any text in the brackets, bold too" {
	run tx-segment --label-report "$S/labels-taken.txt"
	assert_line $'labels-taken\t49\t[PERSON-1]\tyes\t1\tplaceholder'
	assert_line $'labels-taken\t51\t[Participant 4]\tyes\t1\tplaceholder'
	assert_line $'labels-taken\t53\t[the nurse]\tyes\t2\tplaceholder'
	assert_line $'labels-taken\t55\tDr [PERSON-1]\tyes\t1\tplaceholder'
	assert_line $'labels-taken\t57\t[the nurse]\tyes\t2\tbold'
}

@test "labels: a one-off name is taken when a sentence follows, or when the document has no other label" {
	run tx-segment --label-report "$S/labels-taken.txt"
	assert_line $'labels-taken\t59\tOkafor\tyes\t1\tname'
	run --separate-stderr tx-segment --label-report "$S/labels-text.txt"
	assert_line $'labels-text\t6\tNote\tno\t1\tonce'
	printf 'Bob: we waited.\nAnn: and the list grew.\nheat map: no.\n' > "$BATS_TEST_TMPDIR/short.txt"
	run tx-segment --label-report "$BATS_TEST_TMPDIR/short.txt"
	assert_line $'short\t1\tBob\tyes\t1\tno-other-label'
	assert_line $'short\t2\tAnn\tyes\t1\tno-other-label'
	assert_line $'short\t3\theat map\tno\t1\tonce'
}

@test "labels not taken: prose, one-off names, a bracket before a word, no space after the colon" {
	golden labels-text.turn.tsv tx-segment "$S/labels-text.txt"
	golden labels-text.report.tsv tx-segment --label-report "$S/labels-text.txt"
	run tx-segment --label-report "$S/labels-text.txt"
	assert_line $'labels-text\t4\tThe main thing is this\tno\t1\tprose'
	assert_line $'labels-text\t5\tHeat map\tno\t1\tonce'
	assert_line $'labels-text\t6\tNote\tno\t1\tonce'
	assert_line $'labels-text\t7\tSarah Khan (she/her)\tno\t1\tonce'
	assert_line $'labels-text\t8\ttom.oneill\'s iPhone\tno\t1\tonce'
	assert_line $'labels-text\t9\tjo\tno\t1\tonce'
	assert_line $'labels-text\t10\tSiân Prys-Jones\tno\t1\tonce'
	assert_line $'labels-text\t11\t[laughs] Right\tno\t1\tonce'
	assert_line $'labels-text\t14\tthe next thing\tno\t1\tprose'
	assert_line $'labels-text\t15\tSpeaker 1 said\tno\t1\tprose'
	assert_line $'labels-text\t16\tNicola Sturgeon replies\tno\t1\tprose'
	refute_line --partial $'labels-text\t12\t'
	refute_line --partial $'labels-text\t13\t'
}

@test "bold labels: one bold label among plain ones switches nothing off" {
	golden labels-export.turn.tsv tx-segment "$S/labels-export.md"
	golden labels-export.report.tsv tx-segment --label-report "$S/labels-export.md"
}

@test "bold labels: where most labels are bold, plain ones are text, with a warning" {
	run --separate-stderr tx-segment --label-report "$S/labels-bold.md"
	assert_output "$(cat "$G/labels-bold.report.tsv")"
	run --separate-stderr tx-segment "$S/labels-bold.md"
	assert_success
	assert_output "$(cat "$G/labels-bold.turn.tsv")"
	assert_equal "$stderr" "tx-segment: $S/labels-bold.md:8: \"Sam\" starts 2 lines but is not taken as a label (bold-document; see --label-report)"
}

@test "bold labels: capitals, titles and IDs are text too where most labels are bold" {
	printf '**Lady Hallett**: One.\n\n**Ms Carey**: Two.\n\n**Lady Hallett**: Three.\n\n**Ms Carey**: Four.\n\nDR SMITH: five.\n\nDr Okafor: six.\n\n9A: seven.\n' > "$BATS_TEST_TMPDIR/b.md"
	run --separate-stderr tx-segment --label-report "$BATS_TEST_TMPDIR/b.md"
	assert_line $'b\t9\tDR SMITH\tno\t1\tbold-document'
	assert_line $'b\t11\tDr Okafor\tno\t1\tbold-document'
	assert_line $'b\t13\t9A\tno\t1\tbold-document'
	printf 'well-known fact: once.\nP1: Yes.\n' > "$BATS_TEST_TMPDIR/h.txt"
	run --separate-stderr tx-segment --label-report "$BATS_TEST_TMPDIR/h.txt"
	assert_line $'h\t1\twell-known fact\tno\t1\tonce'
}

@test "header lines: a block of Key: value lines at the top, and several fields on a line" {
	golden labels-header.turn.tsv tx-segment "$S/labels-header.txt"
	golden labels-header.report.tsv tx-segment --label-report "$S/labels-header.txt"
	run tx-segment --label-report "$S/labels-header.txt"
	assert_line $'labels-header\t1\tParticipant\tno\t1\theader'
	assert_line $'labels-header\t2\tInterviewer\tno\t3\theader'
	assert_line $'labels-header\t4\tInterviewer\tyes\t3\trole'
	assert_line $'labels-header\t12\tLocation\tno\t1\theader'
}

@test "header lines: Interviewer: KW alone at the top is a header; Interviewer: Hi is a turn" {
	printf 'Interviewer: KW\n\nInterviewer: How long have you worked here?\n\nKW2: About six years.\n' > "$BATS_TEST_TMPDIR/kw.txt"
	printf 'Interviewer: Hi\n\nRespondent: Hello there.\n' > "$BATS_TEST_TMPDIR/hi.txt"
	printf 'A: fine\nB: bad here\n' > "$BATS_TEST_TMPDIR/one.txt"
	run --separate-stderr tx-segment --label-report "$BATS_TEST_TMPDIR/kw.txt" "$BATS_TEST_TMPDIR/hi.txt" "$BATS_TEST_TMPDIR/one.txt"
	assert_success
	assert_output "$(printf 'doc\tline\tlabel\ttaken\tcount\twhy\nkw\t1\tInterviewer\tno\t2\theader\nkw\t3\tInterviewer\tyes\t2\trole\nkw\t5\tKW2\tyes\t1\tid\nhi\t1\tInterviewer\tyes\t1\trole\nhi\t3\tRespondent\tyes\t1\trole\none\t1\tA\tyes\t1\tcapitals\none\t2\tB\tyes\t1\tcapitals')"
	run tx-segment "$BATS_TEST_TMPDIR/kw.txt"
	assert_line --index 1 $'kw\t1\t\t\t\t1\t0\t15\tInterviewer: KW'
	assert_line --index 2 $'kw\t2\tInterviewer\t\t\t3\t30\t60\tHow long have you worked here?'
}

@test "a speaker list (SPEAKERS block, Speakers: line) makes its names labels" {
	golden labels-listed.turn.tsv tx-segment "$S/labels-listed.txt"
	golden labels-listed.report.tsv tx-segment --label-report "$S/labels-listed.txt"
	run tx-segment --label-report "$S/labels-listed2.txt"
	assert_output "$(printf 'doc\tline\tlabel\ttaken\tcount\twhy\nlabels-listed2\t1\tSpeakers\tno\t1\theader\nlabels-listed2\t3\tAnn Bee\tyes\t1\tlisted\nlabels-listed2\t5\tCy Dee\tyes\t1\tlisted')"
}

@test "srt: the same rule inside cues" {
	golden labels-srt.turn.tsv tx-segment "$S/labels.srt"
	golden labels-srt.report.tsv tx-segment --label-report "$S/labels.srt"
}

@test "--label-report: otter turn lines and --label-regex labels are taken; rows per document" {
	run tx-segment --label-report "$S/meeting.txt" "$S/notes.md"
	assert_success
	assert_line -n 0 $'doc\tline\tlabel\ttaken\tcount\twhy'
	assert_line -n 1 $'meeting\t10\tJane Doe\tyes\t2\totter'
	assert_line $'notes\t5\tNurse\tyes\t2\tbold'
	run --separate-stderr tx-segment --label-report --label-regex '^(?<speaker>MODERATOR):' "$S/thinkaloud.txt"
	assert_line -n 1 $'thinkaloud\t5\tMODERATOR\tyes\t2\tlabel-regex'
}

@test "warnings: one speaker only, or no label at all; not errors" {
	printf 'Interviewer: Hello.\n\nInterviewer: Anyone?\n' > "$BATS_TEST_TMPDIR/one.txt"
	run --separate-stderr tx-segment "$BATS_TEST_TMPDIR/one.txt"
	assert_success
	assert_equal "$stderr" "tx-segment: $BATS_TEST_TMPDIR/one.txt: one speaker only, \"Interviewer\" (see --label-report)"
	printf 'Just some notes.\n' > "$BATS_TEST_TMPDIR/none.txt"
	run --separate-stderr tx-segment "$BATS_TEST_TMPDIR/none.txt"
	assert_success
	assert_equal "$stderr" "tx-segment: $BATS_TEST_TMPDIR/none.txt: no speaker label taken: one speaker only (see --label-report)"
	run --separate-stderr tx-segment "$S/interview.txt"
	assert_equal "$stderr" ""
}

@test "--unit paragraph and line on captions: each cue has its own time" {
	run tx-segment -u paragraph "$S/captions.vtt"
	assert_line -n 1 --regexp $'\t1\tDr Lee\t00:00:01\t'
	assert_line -n 2 --regexp $'\t2\tDr Lee\t00:00:04\t'
	run tx-segment -u line "$S/captions.srt"
	assert_line -n 2 --regexp $'\t2\tNurse\t00:00:03\t'
	run tx-segment "$S/captions.vtt"
	assert_line -n 1 --regexp $'\t1\tDr Lee\t00:00:01\t'
}

@test "--unit sentence: month and title abbreviations end no sentence; Mary's. does" {
	printf 'A: It was 3 Apr. 2020. Then Apr. 3 came. Dr. Lee and Mrs. Roe went to St. Mary'"'"'s. Done.\n\nB: In May. Yes.\n' > "$BATS_TEST_TMPDIR/ab.txt"
	run --separate-stderr tx-segment -u sentence "$BATS_TEST_TMPDIR/ab.txt"
	assert_line -n 1 --regexp $'\tIt was 3 Apr\\. 2020\\.$'
	assert_line -n 2 --regexp $'\tThen Apr\\. 3 came\\.$'
	assert_line -n 3 --regexp $'\tDr\\. Lee and Mrs\\. Roe went to St\\. Mary\'s\\.$'
	assert_line -n 4 --regexp $'\tDone\\.$'
	assert_line -n 5 --regexp $'\tIn May\\.$'
	assert_line -n 6 --regexp $'\tYes\\.$'
}

@test "--attrs keyed on doc and speaker: each speaker's row; a row of nobody is a warning" {
	run --separate-stderr tx-segment --attrs "$S/attrs-speaker.csv" "$S/joint.txt"
	assert_success
	assert_output "$(cat "$G/joint.attrs.tsv")"
	assert_equal "$stderr" "tx-segment: $S/attrs-speaker.csv:4: doc \"joint\" speaker \"Bobb\" matches no segment"
	printf 'doc,speaker,role\njoint,Ann,nurse\njoint,Ann,manager\n' > "$BATS_TEST_TMPDIR/dup.csv"
	run --separate-stderr tx-segment --attrs "$BATS_TEST_TMPDIR/dup.csv" "$S/joint.txt"
	assert_failure 2
	assert_equal "$stderr" "tx-segment: $BATS_TEST_TMPDIR/dup.csv:3: doc \"joint\" speaker \"Ann\" appears twice (also line 2)"
	run --separate-stderr tx-segment --attrs "$S/attrs-speaker.csv" "$S/interview.txt"
	assert_failure 2
	run --separate-stderr tx-segment --attrs "$S/attrs-speaker.csv" --attrs-missing empty "$S/interview.txt"
	assert_success
	assert_line -n 1 $'interview\t1\t\t\t\t1\t0\t40\t\t\tFocus group 3, recorded at the practice.'
}

@test "invariant: the label fixtures, every unit, every --unlabelled mode" {
	for f in "$S"/labels*.* "$S/joint.txt"; do
		for u in turn paragraph sentence line; do
			for m in continue empty Someone; do
				run bash -c "tx-segment -u $u --unlabelled $m '$f' 2>/dev/null | python3 '$CHECK' '$f'"
				[ "$status" -eq 0 ] || fail "$f -u $u --unlabelled $m: $output"
			done
		done
	done
}

@test "a file name that is not UTF-8 is exit 2 before anything is written; --doc and --unlabelled too" {
	printf 'P1: hello there\n' > ok.txt
	printf 'P1: hello there\n' > $'caf\xe9.txt'
	run --separate-stderr tx-segment ok.txt $'caf\xe9.txt'
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = 'tx-segment: caf\xe9.txt: the file name is not UTF-8; rename it (convmv -f latin1 -t utf8)' ]
	run --separate-stderr tx-segment --doc-id '(c)af' $'caf\xe9.txt'
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	run --separate-stderr tx-segment --doc $'caf\xe9' - < ok.txt
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = 'tx-segment: --doc: "caf\xe9" is not UTF-8' ]
	run --separate-stderr tx-segment --unlabelled $'caf\xe9' ok.txt
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = 'tx-segment: --unlabelled: "caf\xe9" is not UTF-8' ]
	run tx-segment --doc 'café' - < ok.txt
	assert_success
	assert_output --partial "$(printf 'café\t1\t')"
}

# --keep-directions: directions.txt has a moderator, unlabelled participant
# speech, and three stage directions on lines of their own: in brackets,
# in italics and brackets, in square brackets. Offsets counted by hand.

@test "--keep-directions: each direction a segment with an empty speaker; the turn goes on after it" {
	run tx-segment --keep-directions --unlabelled Participant "$S/directions.txt"
	assert_success
	assert_output "$(printf '%s\n' \
		"doc	seg	speaker	time	section	line	start	end	text" \
		"directions	1	MODERATOR			1	11	25	Read the task." \
		"directions	2	Participant			3	27	41	I see the map." \
		"directions	3				5	43	81	(The participant reads the task again)" \
		"directions	4	Participant			7	83	98	Okay, the data." \
		"directions	5				9	101	108	(Pause)" \
		"directions	6	MODERATOR			11	122	127	Good." \
		"directions	7				13	129	137	[laughs]" \
		"directions	8	Participant			15	139	143	Yes.")"
	# start and end give the direction's bytes back, without the italics
	assert_equal "$(tail -c +102 "$S/directions.txt" | head -c 7)" "(Pause)"
	assert_equal "$(tail -c +44 "$S/directions.txt" | head -c 38)" "(The participant reads the task again)"
}

@test "--keep-directions: without it the directions are in no segment; with -s they are kept all the same" {
	run tx-segment --unlabelled Participant "$S/directions.txt"
	assert_success
	assert_equal "$(printf '%s\n' "$output" | cut -f3 | tr '\n' ' ')" "speaker MODERATOR Participant Participant MODERATOR Participant "
	run --separate-stderr tx-segment --keep-directions -s MODERATOR --unit sentence "$S/directions.txt"
	assert_success
	assert_equal "$(printf '%s\n' "$output" | cut -f3,9 | tail -n +2 | tr '\t\n' '|;')" "MODERATOR|Read the task.;MODERATOR|I see the map.;|(The participant reads the task again);MODERATOR|Okay, the data.;|(Pause);MODERATOR|Good.;|[laughs];MODERATOR|Yes.;"
}

@test "--keep-directions: an excerpt that is a direction alone is placed (tx-code --excerpts)" {
	printf 'doc,code,text\ndirections,Reads task,(The participant reads the task again)\n' > sheet.csv
	tx-segment --unlabelled Participant "$S/directions.txt" > plain.tsv
	run --separate-stderr tx-code --excerpts sheet.csv plain.tsv
	assert_failure 1
	assert_equal "${stderr_lines[-1]}" "tx-code: 1 of 1 excerpts not found in the segments"
	tx-segment --keep-directions --unlabelled Participant "$S/directions.txt" > kept.tsv
	run --separate-stderr tx-code --excerpts sheet.csv kept.tsv
	assert_success
	assert_equal "$(printf '%s\n' "$output" | awk -F'\t' '$9 != ""' | cut -f1-3,9)" "$(printf 'doc\tseg\tspeaker\tcode\ndirections\t3\t\tReads task')"
}
