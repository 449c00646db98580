#!/usr/bin/env bats
# tx-diff: what a codebook change did (man/tx-diff.1). Fixtures:
# tests/fixtures/diff: old.csv and new.csv with a guid column (old-nog.csv
# and new-nog.csv without it), and the codings each made (old.tsv, new.tsv).

load helper

D=$BATS_TEST_DIRNAME/fixtures/diff

@test "tx-diff: two codebooks paired by guid, with the effect on the codings" {
	run --separate-stderr tx-diff --old-codings "$D/old.tsv" --new-codings "$D/new.tsv" "$D/old.csv" "$D/new.csv"
	assert_success
	assert_output "$(printf '%s\n' \
	    $'code\told_code\tchange\tsegments_old\tsegments_new\tgained\tlost\tdocs_old\tdocs_new\tother_codes' \
	    $'Trust\tTrust\texcludes\t2\t3\t1\t0\t2\t2\t' \
	    $'Trust/Physicians\tTrust/Doctors\trenamed,patterns\t1\t2\t1\t0\t1\t2\t' \
	    $'Money\tCost\trenamed\t1\t1\t0\t0\t1\t1\t' \
	    $'Access\t\tadded\t0\t0\t0\t0\t0\t0\t' \
	    $'Delay\tDelay\tremoved\t0\t0\t0\t0\t0\t0\t')"
}

@test "tx-diff: codebooks from pipes (<(git show ...)) are read once, and still paired by guid" {
	tx-diff -s "$D/old.csv" "$D/new.csv" > files.out
	run --separate-stderr tx-diff -s <(cat "$D/old.csv") <(cat "$D/new.csv")
	assert_success
	assert_equal "$stderr" ""
	assert_output "$(cat files.out)"
	assert_line --index 2 $'Trust/Physicians\tTrust/Doctors\trenamed,patterns'
}

@test "tx-diff: without guids, by path, then a left-over code by its content" {
	run --separate-stderr tx-diff -s "$D/old-nog.csv" "$D/new-nog.csv"
	assert_success
	assert_output "$(printf '%s\n' \
	    $'code\told_code\tchange' \
	    $'Trust\tTrust\texcludes' \
	    $'Trust/Physicians\t\tadded' \
	    $'Money\tCost\trenamed' \
	    $'Access\t\tadded' \
	    $'Trust/Doctors\tTrust/Doctors\tremoved' \
	    $'Delay\tDelay\tremoved')"
}

@test "tx-diff: a code with its name under another parent is moved" {
	printf 'code,pattern\nA,a\nA/X,x\nB,b\n' > old.csv
	printf 'code,pattern\nA,a\nB,b\nB/X,xx\n' > new.csv
	run --separate-stderr tx-diff --structure old.csv new.csv
	assert_output "$(printf 'code\told_code\tchange\nA\tA\tunchanged\nB\tB\tunchanged\nB/X\tA/X\tmoved,patterns')"
}

@test "tx-diff --segments: each segment gained or lost, with the match that made it" {
	run --separate-stderr tx-diff --segments --old-codings "$D/old.tsv" --new-codings "$D/new.tsv" "$D/old.csv" "$D/new.csv"
	assert_success
	assert_output "$(printf '%s\n' \
	    $'code\told_code\tdoc\tseg\tchange\tmatch' \
	    $'Trust\tTrust\ta\t2\tgained\ttrust' \
	    $'Trust/Physicians\tTrust/Doctors\ta\t1\tgained\tGP')"
}

@test "tx-diff --segments: a lost segment names the old match" {
	run --separate-stderr tx-diff --segments --old-codings "$D/new.tsv" --new-codings "$D/old.tsv" "$D/new.csv" "$D/old.csv"
	assert_line --index 1 $'Trust\tTrust\ta\t2\tlost\ttrust'
}

@test "tx-diff --by: tx-compare's pattern before and after" {
	run --separate-stderr tx-diff --by group --old-codings "$D/old.tsv" --new-codings "$D/new.tsv" "$D/old.csv" "$D/new.csv"
	assert_success
	assert_line --index 0 $'code\told_code\tchange\tsegments_old\tsegments_new\tgained\tlost\tdocs_old\tdocs_new\tother_codes\tpattern_old\tpattern_new'
	assert_line --index 2 $'Trust/Physicians\tTrust/Doctors\trenamed,patterns\t1\t2\t1\t0\t1\t2\t\tsimilar\tshared'
}

@test "tx-diff --by: the patterns are tx-compare's" {
	tx-compare --by group "$D/new.tsv" > cmp.tsv
	run tx-diff --by group --old-codings "$D/old.tsv" --new-codings "$D/new.tsv" "$D/old.csv" "$D/new.csv"
	assert_equal "$(awk -F'\t' 'NR > 1 && $12 != "" { print $1, $12 }' <<< "$output" | sort)" \
	    "$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "pattern") p = i } NR > 1 && ($1 == "Trust" || $1 == "Trust/Physicians" || $1 == "Money") { print $1, $p }' cmp.tsv)"
}

@test "tx-diff --to md: a change log" {
	run --separate-stderr tx-diff -t md --old-codings "$D/old.tsv" --new-codings "$D/new.tsv" "$D/old.csv" "$D/new.csv"
	assert_success
	assert_output "$(cat <<MD
# Codebook changes: \`$D/old.csv\` → \`$D/new.csv\`

4 codes before, 4 after, paired by guid: 1 added, 1 removed, 2 renamed, 0 moved, 2 with other patterns, excludes or description.

## Added (1)

- \`Access\`: Getting seen

## Removed (1)

- \`Delay\`

## Renamed or moved (2)

- \`Trust/Doctors\` → \`Trust/Physicians\`
  - patterns: \`doctor\` → \`doctor|GP\`
- \`Cost\` → \`Money\`

## Changed (2)

- \`Trust\`: excludes
  - excludes: \`\\bno trust\` → none
- \`Trust/Doctors\` → \`Trust/Physicians\`: patterns
  - patterns: \`doctor\` → \`doctor|GP\`

## Effect on the codings

| Code | Change | Segments before | after | Gained | Lost | Documents before | after |
|---|---|--:|--:|--:|--:|--:|--:|
| Trust | excludes | 2 | 3 | 1 | 0 | 2 | 2 |
| Trust/Physicians | renamed, patterns | 1 | 2 | 1 | 0 | 1 | 2 |
| Money | renamed | 1 | 1 | 0 | 0 | 1 | 1 |
| Access | added | 0 | 0 | 0 | 0 | 0 | 0 |
| Delay | removed | 0 | 0 | 0 | 0 | 0 | 0 |
MD
)"
}

@test "tx-diff: a code the codebook lacks is exit 2 naming file, line and code; nothing written" {
	printf 'doc\tseg\tcode\thits\tmatch\tcoder\na\t1\tNope\t1\tx\tauto\n' > unknown.tsv
	run --separate-stderr tx-diff --old-codings unknown.tsv --new-codings "$D/new.tsv" "$D/old.csv" "$D/new.csv"
	assert_equal "$status" 2
	assert_equal "$output" ''
	assert_equal "$stderr" "tx-diff: unknown.tsv:2: code \"Nope\" is not in $D/old.csv: give the codings made with that codebook"
}

@test "tx-diff: a codebook that does not load is exit 2; nothing written" {
	printf 'code,pattern\nA,(\n' > bad.csv
	run --separate-stderr tx-diff -s bad.csv "$D/new.csv"
	assert_equal "$status" 2
	assert_equal "$output" ''
	assert_equal "$stderr" 'tx-diff: bad.csv:2: code "A": missing closing parenthesis at offset 1'
}

@test "tx-diff: two coders in one stream is exit 2" {
	printf 'doc\tseg\tcode\thits\tmatch\tcoder\na\t1\tTrust\t1\tx\tauto\na\t2\tTrust\t1\tx\tteam\n' > two.tsv
	run --separate-stderr tx-diff --old-codings two.tsv --new-codings "$D/new.tsv" "$D/old.csv" "$D/new.csv"
	assert_equal "$status" 2
	assert_equal "$output" ''
}

@test "tx-diff: human codings (another coder) are compared like any" {
	sed 's/\tauto\t/\tteam\t/' "$D/old.tsv" > team-old.tsv
	sed 's/\tauto\t/\tteam\t/' "$D/new.tsv" > team-new.tsv
	run --separate-stderr tx-diff --old-codings team-old.tsv --new-codings team-new.tsv "$D/old.csv" "$D/new.csv"
	assert_success
	assert_line --index 1 $'Trust\tTrust\texcludes\t2\t3\t1\t0\t2\t2\t'
}

@test "tx-diff: a ragged codings stream is exit 1 naming file and line; nothing written" {
	printf 'doc\tseg\tcode\thits\na\t1\n' > ragged.tsv
	run --separate-stderr tx-diff --old-codings ragged.tsv --new-codings "$D/new.tsv" "$D/old.csv" "$D/new.csv"
	assert_equal "$status" 1
	assert_equal "$output" ''
	assert_equal "$stderr" 'tx-diff: ragged.tsv:2: 2 fields where the header has 4'
}

@test "tx-diff: a --by column the codings lack is exit 2" {
	run --separate-stderr tx-diff --by nope --old-codings "$D/old.tsv" --new-codings "$D/new.tsv" "$D/old.csv" "$D/new.csv"
	assert_equal "$status" 2
	assert_equal "$output" ''
}

@test "tx-diff --max-field: a longer field is exit 1" {
	run --separate-stderr tx-diff --max-field 4 --old-codings "$D/old.tsv" --new-codings "$D/new.tsv" "$D/old.csv" "$D/new.csv"
	assert_equal "$status" 1
	assert_equal "$output" ''
}

@test "tx-diff: operands and options that do not go together are usage errors" {
	run --separate-stderr tx-diff "$D/old.csv"
	assert_equal "${stderr_lines[0]}" 'tx-diff: two codebooks: the old one and the new one'
	run --separate-stderr tx-diff -s --segments "$D/old.csv" "$D/new.csv"
	assert_equal "${stderr_lines[0]}" 'tx-diff: --structure reads no codings: not with --segments'
	run --separate-stderr tx-diff --old-codings - --new-codings "$D/new.tsv" "$D/old.csv" "$D/new.csv"
	assert_equal "${stderr_lines[0]}" 'tx-diff: --old-codings: codings are read twice: give a file, not -'
	run --separate-stderr tx-diff --old-codings "$D/old.tsv" "$D/old.csv" "$D/new.csv"
	assert_equal "${stderr_lines[0]}" 'tx-diff: --old-codings and --new-codings go together'
	run --separate-stderr tx-diff -s "$D/old.csv" "$D/new.csv" seg.tsv
	assert_equal "${stderr_lines[0]}" 'tx-diff: --structure: no segments to read'
	run --separate-stderr tx-diff --segments -t md "$D/old.csv" "$D/new.csv"
	assert_equal "${stderr_lines[0]}" 'tx-diff: --segments is a stream: not with --to md'
}

@test "tx-diff: segments (a CRLF transcript among them) coded with both codebooks" {
	tx-segment "$D/../kwic/a.txt" "$D/../kwic/b.txt" > seg.tsv 2>/dev/null
	run --separate-stderr tx-diff "$D/old.csv" "$D/new.csv" seg.tsv
	assert_success
	assert_output "$(printf '%s\n' \
	    $'code\told_code\tchange\tsegments_old\tsegments_new\tgained\tlost\tdocs_old\tdocs_new\tother_codes' \
	    $'Trust\tTrust\texcludes\t2\t3\t1\t0\t2\t2\t' \
	    $'Trust/Physicians\tTrust/Doctors\trenamed,patterns\t1\t2\t1\t0\t1\t2\t' \
	    $'Money\tCost\trenamed\t0\t0\t0\t0\t0\t0\t' \
	    $'Access\t\tadded\t0\t0\t0\t0\t0\t0\t' \
	    $'Delay\tDelay\tremoved\t0\t0\t0\t0\t0\t0\t')"
}

@test "tx-diff: segments from standard input, --segments gives the match of each, --by keeps the column" {
	tx-segment "$D/../kwic/a.txt" "$D/../kwic/b.txt" 2>/dev/null |
	    awk -F'\t' -v OFS='\t' '{ $5 = NR == 1 ? "group" : $1 } 1' > seg.tsv
	run --separate-stderr tx-diff --segments "$D/old.csv" "$D/new.csv" < seg.tsv
	assert_output "$(printf '%s\n' \
	    $'code\told_code\tdoc\tseg\tchange\tmatch' \
	    $'Trust\tTrust\ta\t2\tgained\ttrust' \
	    $'Trust/Physicians\tTrust/Doctors\ta\t1\tgained\tGP')"
	run --separate-stderr tx-diff --by group "$D/old.csv" "$D/new.csv" seg.tsv
	assert_success
	assert_line --index 1 $'Trust\tTrust\texcludes\t2\t3\t1\t0\t2\t2\t\tshared\tshared'
}

@test "tx-diff: segments without a text column are exit 1" {
	printf 'doc\tseg\na\t1\n' > notext.tsv
	run --separate-stderr tx-diff "$D/old.csv" "$D/new.csv" notext.tsv
	assert_equal "$status" 1
	assert_equal "$output" ''
	assert_equal "$stderr" 'tx-diff: notext.tsv:1: no column "text": tx-diff codes segments with their text'
}

@test "tx-diff: the serdif example's version log (make versions)" {
	need_shared serdif-usability
	cp -r "$EXAMPLES/serdif-validation" ex
	example_make ex DATA="$SHARED/serdif-usability" versions > out
	assert_equal "$(grep '^22 codes before' out | sed -n 1p)" '22 codes before, 22 after, paired by path (else name, else content): 0 added, 0 removed, 1 renamed, 0 moved, 0 with other patterns, excludes or description.'
	assert_equal "$(grep -c '^# Codebook changes' ex/versions.md)" 8
	assert_equal "$(grep -F '| Moderator assist | renamed |' ex/versions.md)" '| Moderator assist | renamed | 187 | 176 | 2 | 13 | 17 | 17 |'
	assert_equal "$(grep -F '| Home tab elements useful | added |' ex/versions.md)" '| Home tab elements useful | added | 0 | 56 | 56 | 0 | 0 | 17 |'
	assert_equal "$(grep -F '| Query inputs and elements useful | unchanged | 183 |' ex/versions.md)" '| Query inputs and elements useful | unchanged | 183 | 208 | 25 | 0 | 17 | 17 |'
	assert_equal "$(grep -F '| Navigation complex | unchanged | 185 |' ex/versions.md)" '| Navigation complex | unchanged | 185 | 200 | 15 | 0 | 17 | 17 |'
	assert_equal "$(grep -F 'its segments are coded now: Home tab elements useful (39)' ex/versions.md)" '  - its segments are coded now: Home tab elements useful (39); Wording not clear (5); Additional explanation (2)'
	assert_equal "$(grep -oE '^[0-9]+ codes before' out | grep -oE '^[0-9]+' | paste -sd' ')" '120 80 61 49 41 25 22 22'
	assert_equal "$(grep -oE '[0-9]+ removed' ex/versions.md | awk '{ n += $1 } END { print n }')" 115
	assert_equal "$(grep -E '^[0-9]+ codes before' out | grep -oE '[0-9]+ added' | awk '{ n += $1 } END { print n }')" 17
}

@test "tx-diff: the serdif example without the data: make versions says so and stops cleanly" {
	cp -r "$EXAMPLES/serdif-validation" ex
	run example_make ex DATA=/nonexistent versions
	assert_success
	assert_line --index 0 'serdif-validation: /nonexistent is absent, so there is nothing to validate.'
}

@test "tx-diff: -h and --help print usage; --version" {
	run tx-diff -h
	assert_success
	assert_line --index 0 --partial "usage: tx-diff"
	run tx-diff --help
	assert_success
	assert_output --partial "--max-field"
	run tx-diff --version
	assert_output "tx-diff 0.1.0"
}

@test "tx-diff: a code added or removed names the codes its segments carry in the other coding" {
	run --separate-stderr tx-diff --old-codings "$D/old.tsv" --new-codings "$D/new.tsv" "$D/old-nog.csv" "$D/new-nog.csv"
	assert_success
	assert_line --index 2 $'Trust/Physicians\t\tadded\t0\t2\t2\t0\t0\t2\tTrust (1); Trust/Doctors (1)'
	assert_line --index 5 $'Trust/Doctors\tTrust/Doctors\tremoved\t1\t0\t0\t1\t1\t0\tTrust/Physicians (1)'
	run tx-diff -t md --old-codings "$D/old.tsv" --new-codings "$D/new.tsv" "$D/old-nog.csv" "$D/new-nog.csv"
	assert_line '  - its segments were coded before: Trust (1); Trust/Doctors (1)'
	assert_line '  - its segments are coded now: Trust/Physicians (1)'
}
