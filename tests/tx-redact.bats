#!/usr/bin/env bats
# tx-redact: pseudonymise transcripts, and restore them byte for byte.

load helper

R=$FIX/redact
ALL="4B.txt 5A.txt hearing.rst captions.vtt captions.srt meeting.txt crlf.txt bom.txt"

setup() {
	T=$BATS_TEST_TMPDIR
	mkdir -p "$T/out" "$T/back"
}

# Redact files of the fixture folder (by name) into $T/out with names.csv.
redact_fixtures() {
	(cd "$R" && tx-redact --names names.csv --key "$T/key.tsv" --out "$T/out" "$@")
}

# The key's rows less its id (random: issue 22), for golden comparisons.
key_rows() {
	grep -v "^KEY-ID	" "$1"
}

# Every file of $T/out restored into $T/back must equal its fixture.
reverse_and_compare() {
	tx-redact --reverse --key "$T/key.tsv" --out "$T/back" "$T"/out/*
	for f in "$T"/out/*; do
		b=$(basename "$f")
		cmp "$R/$b" "$T/back/$b" || fail "$b does not come back byte for byte"
	done
}

# Nothing but what was there before: no output, no temporary file.
assert_nothing_written() {
	run ls -A "$T/out"
	assert_output ''
}

@test "tx-redact -h and --help print usage; --version the version" {
	run tx-redact -h
	assert_success
	assert_line --index 0 --partial 'usage: tx-redact'
	run tx-redact --help
	assert_success
	assert_output --partial '--reverse'
	run tx-redact --version
	assert_success
	assert_output --regexp '^tx-redact [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "names, e-mail, phone, NHS number and postcode become placeholders; golden files" {
	run redact_fixtures 4B.txt 5A.txt hearing.rst
	assert_success
	assert_output ''
	for f in 4B.txt 5A.txt hearing.rst; do
		cmp "$R/expected/$f" "$T/out/$f" || fail "$f differs from expected/$f"
	done
	key_rows "$T/key.tsv" | cmp "$R/expected/key.tsv" -
}

@test "names across files get the same placeholder" {
	redact_fixtures 4B.txt 5A.txt
	run grep -o '\[PERSON-2\]' "$T/out/4B.txt" "$T/out/5A.txt"
	assert_output "$T/out/4B.txt:[PERSON-2]
$T/out/5A.txt:[PERSON-2]
$T/out/5A.txt:[PERSON-2]"
	grep -q 'Mostly \[PERSON-2\], and' "$T/out/5A.txt"
	grep -q 'You work with Dr \[PERSON-1\] at \[ORG-1\]?' "$T/out/4B.txt"
	grep -q '\[PERSON-4\] left \[ORG-1\]' "$T/out/5A.txt"
}

@test "the key is created with mode 0600 whatever the umask" {
	umask 000
	redact_fixtures 4B.txt
	run stat -c %a "$T/key.tsv"
	assert_output 600
	run head -1 "$T/key.tsv"
	assert_output "$(printf 'category\tnumber\tplaceholder\toriginal')"
	# The redacted output follows the umask like any new file.
	run stat -c %a "$T/out/4B.txt"
	assert_output 666
}

@test "a later run extends the key: same original, same placeholder, new ones numbered on" {
	redact_fixtures 4B.txt
	mkdir "$T/out2"
	(cd "$R" && tx-redact -n names.csv -k "$T/key.tsv" -o "$T/out2" 5A.txt hearing.rst)
	cmp "$R/expected/5A.txt" "$T/out2/5A.txt"
	cmp "$R/expected/hearing.rst" "$T/out2/hearing.rst"
	key_rows "$T/key.tsv" | cmp "$R/expected/key.tsv" -
	run stat -c %a "$T/key.tsv"
	assert_output 600
}

@test "case and spacing variants are one person, each spelling its own key row" {
	redact_fixtures 4B.txt 5A.txt hearing.rst
	run grep -P '^PERSON\t1\t' "$T/key.tsv"
	assert_output "$(printf 'PERSON\t1\t[PERSON-1]\tJones\nPERSON\t1\t[PERSON-1.2]\tJONES')"
	grep -q '\[PERSON-2.2\] told me' "$T/out/4B.txt"
	reverse_and_compare
	rm "$T"/out/* "$T/out/.tx-redact-key" "$T"/back/* "$T/key.tsv"
	redact_fixtures --titles replace 4B.txt 5A.txt hearing.rst
	run grep -P '^PERSON\t1\t' "$T/key.tsv"
	assert_output "$(printf 'PERSON\t1\t[PERSON-1]\tDr Jones\nPERSON\t1\t[PERSON-1.2]\tDr  Jones\nPERSON\t1\t[PERSON-1.3]\tDR JONES')"
	reverse_and_compare
}

@test "possessives keep their 's and ’s; whole words only; caseless; longest first" {
	printf 'text,category\nJones,PERSON\nJane Jones,PERSON\nSmith,PERSON\n' > "$T/n.csv"
	printf "Smith's and Smith’s car; Smithson and Blacksmith stay; smith, Jane Jones, JANE JONES and Jones.\n" > "$T/in.txt"
	run tx-redact --names "$T/n.csv" --key "$T/key.tsv" --out "$T/out" "$T/in.txt"
	assert_success
	run cat "$T/out/in.txt"
	assert_output "[PERSON-1]'s and [PERSON-1]’s car; Smithson and Blacksmith stay; [PERSON-1.2], [PERSON-2], [PERSON-2.2] and [PERSON-3]."
	tx-redact -r -k "$T/key.tsv" -o "$T/back" "$T/out/in.txt"
	cmp "$T/in.txt" "$T/back/in.txt"
}

@test "--names given twice reads both lists" {
	printf 'text\nOkafor\n' > "$T/a.csv"
	printf 'text\tcategory\nMarsden\tplace\n' > "$T/b.tsv"
	run tx-redact --names "$T/a.csv" --names "$T/b.tsv" -k "$T/key.tsv" <<<"Okafor lives in Marsden."
	assert_success
	assert_output '[PERSON-1] lives in [PLACE-1].'
}

@test "a replacement column gives the placeholder's text" {
	redact_fixtures 4B.txt
	grep -q '\[the nurse\] agreed\.' "$T/out/4B.txt"
	run grep -F '[the nurse]' "$T/key.tsv"
	assert_output "$(printf 'PERSON\t3\t[the nurse]\tPatel')"
}

@test "speaker labels are pseudonymised with the same list" {
	redact_fixtures hearing.rst captions.vtt meeting.txt
	grep -q '^\*\*Dr \[PERSON-1\]\*\*: Thank you' "$T/out/hearing.rst"
	grep -q '^<v Dr \[PERSON-1\]>Good morning' "$T/out/captions.vtt"
	grep -q '^Dr \[PERSON-1\]  00:03$' "$T/out/meeting.txt"
	grep -q '^\*\*Lady Hallett\*\*:' "$T/out/hearing.rst"
}

@test "--titles replace: the title is part of what is replaced; golden files" {
	run redact_fixtures --titles replace 4B.txt 5A.txt hearing.rst
	assert_success
	assert_output ''
	for f in 4B.txt 5A.txt hearing.rst; do
		cmp "$R/expected/replace/$f" "$T/out/$f" || fail "$f differs from expected/replace/$f"
	done
	key_rows "$T/key.tsv" | cmp "$R/expected/replace/key.tsv" -
	run reverse_and_compare
	assert_success
}

# One person with and without a title: Dr, Dr., Nurse, Mrs, Prof., none.
TITLED='Dr Okonkwo and Dr. Okonkwo; Nurse Okonkwo, okonkwo, MRS OKONKWO, Prof.  Okonkwo; Okonkwos stay.'

@test "titles: --titles keep (the default) keeps the title outside the placeholder; one person" {
	printf 'text\nOkonkwo\n' > "$T/n.csv"
	run tx-redact -n "$T/n.csv" -k "$T/key.tsv" <<<"$TITLED"
	assert_success
	assert_output 'Dr [PERSON-1] and Dr. [PERSON-1]; Nurse [PERSON-1], [PERSON-1.2], MRS [PERSON-1.3], Prof.  [PERSON-1]; Okonkwos stay.'
	run key_rows "$T/key.tsv"
	assert_output "$(printf 'category\tnumber\tplaceholder\toriginal\nPERSON\t1\t[PERSON-1]\tOkonkwo\nPERSON\t1\t[PERSON-1.2]\tokonkwo\nPERSON\t1\t[PERSON-1.3]\tOKONKWO')"
	run tx-redact -n "$T/n.csv" --titles keep -k "$T/key2.tsv" <<<"$TITLED"
	assert_output 'Dr [PERSON-1] and Dr. [PERSON-1]; Nurse [PERSON-1], [PERSON-1.2], MRS [PERSON-1.3], Prof.  [PERSON-1]; Okonkwos stay.'
	cmp <(key_rows "$T/key.tsv") <(key_rows "$T/key2.tsv")
}

@test "titles: --titles replace puts the title in the placeholder; each spelling its own key row" {
	printf 'text\nOkonkwo\n' > "$T/n.csv"
	run tx-redact -n "$T/n.csv" --titles replace -k "$T/key.tsv" <<<"$TITLED"
	assert_success
	assert_output '[PERSON-1] and [PERSON-1.2]; [PERSON-1.3], [PERSON-1.4], [PERSON-1.5], [PERSON-1.6]; Okonkwos stay.'
	run key_rows "$T/key.tsv"
	assert_output "$(printf 'category\tnumber\tplaceholder\toriginal\nPERSON\t1\t[PERSON-1]\tDr Okonkwo\nPERSON\t1\t[PERSON-1.2]\tDr. Okonkwo\nPERSON\t1\t[PERSON-1.3]\tNurse Okonkwo\nPERSON\t1\t[PERSON-1.4]\tokonkwo\nPERSON\t1\t[PERSON-1.5]\tMRS OKONKWO\nPERSON\t1\t[PERSON-1.6]\tProf.  Okonkwo')"
}

@test "titles: --reverse gives back every byte in both modes (cmp)" {
	printf 'text\nDr Okonkwo\nSmith\n' > "$T/n.csv"
	printf '%s\nMr Smith, Mr. Smith, Miss Smith, Sister Smith, Cllr. Smith, Ms Smith and Smith.\r\n' "$TITLED" > "$T/in.txt"
	for how in keep replace; do
		rm -rf "$T/out" "$T/back" "$T/key.tsv"
		mkdir "$T/out" "$T/back"
		tx-redact -n "$T/n.csv" --titles "$how" -k "$T/key.tsv" -o "$T/out" "$T/in.txt"
		tx-redact -r -k "$T/key.tsv" -o "$T/back" "$T/out/in.txt"
		cmp "$T/in.txt" "$T/back/in.txt"
	done
	run sed -n 2p "$T/out/in.txt"
	assert_output "$(printf '[PERSON-2], [PERSON-2.2], [PERSON-2.3], [PERSON-2.4], [PERSON-2.5], [PERSON-2.6] and [PERSON-2.7].\r')"
}

@test "titles: entries Dr Okonkwo and Okonkwo in one list are one person, whichever comes first" {
	printf 'text\nOkonkwo\n' > "$T/one.csv"
	printf 'text\nDr Okonkwo\nOkonkwo\n' > "$T/two.csv"
	printf 'text\nOkonkwo\nDr. Okonkwo\n' > "$T/three.csv"
	for how in keep replace; do
		tx-redact -n "$T/one.csv" --titles "$how" -k "$T/k1-$how" <<<"$TITLED" > "$T/one.out"
		for list in two three; do
			run tx-redact -n "$T/$list.csv" --titles "$how" -k "$T/k-$list-$how" <<<"$TITLED"
			assert_success
			assert_output "$(cat "$T/one.out")"
			cmp <(key_rows "$T/k1-$how") <(key_rows "$T/k-$list-$how")
		done
	done
	# listed as one person, they must not say otherwise
	printf 'text,category,replacement\nDr Okonkwo,PERSON,the doctor\nOkonkwo,PERSON,\n' > "$T/bad.csv"
	run tx-redact -n "$T/bad.csv" -k "$T/key.tsv" <<<'x'
	assert_failure 2
	assert_output "tx-redact: $T/bad.csv:3: \"Okonkwo\" is listed before, at $T/bad.csv:2, with another category or replacement"
}

@test "titles: a key made with one --titles extends with the other; one person still" {
	printf 'text\nDr Okonkwo\n' > "$T/n.csv"
	run tx-redact -n "$T/n.csv" --titles replace -k "$T/key.tsv" <<<'Dr Okonkwo.'
	assert_output '[PERSON-1].'
	run tx-redact -n "$T/n.csv" -k "$T/key.tsv" <<<'Dr Okonkwo, Dr. Okonkwo.'
	assert_output 'Dr [PERSON-1.2], Dr. [PERSON-1.2].'
	run tx-redact -n "$T/n.csv" --titles replace -k "$T/key.tsv" <<<'Okonkwo, Dr Okonkwo.'
	assert_output '[PERSON-1.2], [PERSON-1].'
}

@test "titles: whole words only; a title and one letter (Dr A) is a name of its own" {
	printf 'text\nDr A\nOkonkwo\n' > "$T/n.csv"
	run tx-redact -n "$T/n.csv" -k "$T/key.tsv" <<<'Dr A saw a patient; Dray Okonkwo, Doctor Okonkwo, Mrs.Okonkwo, Drs Okonkwo.'
	assert_success
	assert_output '[PERSON-1] saw a patient; Dray [PERSON-2], Doctor [PERSON-2], Mrs.[PERSON-2], Drs [PERSON-2].'
	run tx-redact -n "$T/n.csv" --titles replace -k "$T/key2.tsv" <<<'Dr A saw a patient; Dray Okonkwo, Doctor Okonkwo, Mrs.Okonkwo, Drs Okonkwo.'
	assert_output '[PERSON-1] saw a patient; Dray [PERSON-2], Doctor [PERSON-2], Mrs.[PERSON-2], Drs [PERSON-2].'
}

@test "--titles: a bad choice is a usage error (exit 2); not with --reverse or --suggest" {
	run --separate-stderr tx-redact --titles drop -k "$T/key.tsv" <<<'x'
	assert_failure 2
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'tx-redact: --titles: "drop" is not one of keep, replace'
	assert_equal "${stderr_lines[1]}" 'usage: tx-redact [-f] [-n names] [--titles keep|replace] [--dates]'
	assert_equal "${stderr_lines[-1]}" "Try 'tx-redact --help'."
	run tx-redact --titles '' -k "$T/key.tsv" <<<'x'
	assert_failure 2
	assert_line --index 0 'tx-redact: --titles: "" is not one of keep, replace'
	run --separate-stderr tx-redact --reverse --titles keep -k "$T/key.tsv" <<<'x'
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'tx-redact: --titles does not go with --reverse'
	assert_equal "${stderr_lines[-1]}" "Try 'tx-redact --help'."
	run --separate-stderr tx-redact --suggest --titles replace <<<'x'
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'tx-redact: --titles does not go with --suggest'
	assert_equal "${stderr_lines[-1]}" "Try 'tx-redact --help'."
	[ ! -e "$T/key.tsv" ]
}

@test "NHS numbers: a valid modulus-11 check digit is replaced, spaced 3-3-4 or not; others stay" {
	# 9434765919 checks; ...18 does not; 123456789x has check 10 (never
	# valid); 4000000020 has check 11, written 0.
	run tx-redact -k "$T/key.tsv" <<<"943 476 5919, 9434765919, 943 476 5918, 123 456 7890, 943 4765919, 400 000 0020, 19434765919."
	assert_success
	assert_output '[NHS-NUMBER-1], [NHS-NUMBER-1.2], 943 476 5918, 123 456 7890, 943 4765919, [NHS-NUMBER-2], 19434765919.'
}

@test "UK telephone numbers: 0 or +44, 9 or 10 digits, single spaces" {
	run tx-redact -k "$T/key.tsv" <<<"020 7946 0000; +44 20 7946 0000; +44 (0)20 7946 0000; (01632) 960 123; 07700 900123 / 020 794 600; 020-7946-0000; 123 4567 8901; 00 20 7946 0000."
	assert_success
	assert_output '[PHONE-1]; [PHONE-1.2]; [PHONE-1.3]; [PHONE-2]; [PHONE-3] / 020 794 600; 020-7946-0000; 123 4567 8901; 00 20 7946 0000.'
}

@test "UK postcodes: the official forms, in capitals; a postcode inside a word is not one" {
	run tx-redact -k "$T/key.tsv" <<<"SW1A 1AA, M1 1AE, B33 8TH, CR2 6XH, DN55 1PT, EC1A1BB, GIR 0AA; not XSW1A 1AAX, ZAB1 2CDX, AB1 2CDE, sw1a 1aa, Q1A 1AA."
	assert_success
	assert_output '[POSTCODE-1], [POSTCODE-2], [POSTCODE-3], [POSTCODE-4], [POSTCODE-5], [POSTCODE-6], [POSTCODE-7]; not XSW1A 1AAX, ZAB1 2CDX, AB1 2CDE, sw1a 1aa, [POSTCODE-8].'
}

@test "e-mail addresses, whatever their case, without a sentence's full stop" {
	run tx-redact -k "$T/key.tsv" <<<"Mail jo.bloggs@nhs.net. JO.BLOGGS@NHS.NET, a.b+c@example.co.uk; not @home or a@b."
	assert_success
	assert_output 'Mail [EMAIL-1]. [EMAIL-1.2], [EMAIL-2]; not @home or a@b.'
}

@test "--dates: off by default; the forms it takes" {
	in="12 March 2021, 12th of March 2021, March 2021, 12/03/2021, 2021-03-12, 12.03.2021, March 12, 2021, 12 Mar 2021, 1 May; not 31/13/2021, 2021-13-01, May I ask, 10.20 am."
	run tx-redact -k "$T/key.tsv" <<<"$in"
	assert_success
	assert_output "$in"
	run tx-redact --dates -k "$T/key2.tsv" <<<"$in"
	assert_success
	assert_output '[DATE-1], [DATE-2], [DATE-3], [DATE-4], [DATE-5], [DATE-6], [DATE-7], [DATE-8], [DATE-9]; not 31/13/2021, 2021-13-01, May I ask, 10.20 am.'
}

@test "--no-email, --no-phone, --no-nhs, --no-postcode each leave their kind alone" {
	in='jo@nhs.net 020 7946 0000 943 476 5919 SW1A 1AA'
	run tx-redact -k "$T/k1" --no-email <<<"$in"
	assert_output 'jo@nhs.net [PHONE-1] [NHS-NUMBER-1] [POSTCODE-1]'
	run tx-redact -k "$T/k2" --no-phone <<<"$in"
	assert_output '[EMAIL-1] 020 7946 0000 [NHS-NUMBER-1] [POSTCODE-1]'
	run tx-redact -k "$T/k3" --no-nhs <<<"$in"
	assert_output '[EMAIL-1] [PHONE-1] 943 476 5919 [POSTCODE-1]'
	run tx-redact -k "$T/k4" --no-postcode <<<"$in"
	assert_output '[EMAIL-1] [PHONE-1] [NHS-NUMBER-1] SW1A 1AA'
	run tx-redact -k "$T/k5" --no-email --no-phone --no-nhs --no-postcode <<<"$in"
	assert_output "$in"
}

@test "--reverse gives back every fixture byte for byte (cmp)" {
	run redact_fixtures $ALL
	assert_success
	run reverse_and_compare
	assert_success
	# and the restored files are as private as the key
	run stat -c %a "$T/back/4B.txt"
	assert_output 600
}

@test "CRLF line ends and a byte-order mark are kept byte for byte" {
	redact_fixtures crlf.txt bom.txt
	run od -An -c "$T/out/crlf.txt"
	assert_output --partial '\r  \n'
	printf 'Interviewer: Hello Dr [PERSON-1].\r\nDr [PERSON-1]: Hello. Call [PHONE-1].\r\n4B: [PERSON-2] agreed.\r\n' | cmp - "$T/out/crlf.txt"
	printf '\xef\xbb\xbfDr [PERSON-1]: A file with a byte-order mark.\n[PERSON-2.2]: And [PERSON-2.2].\n' | cmp - "$T/out/bom.txt"
}

@test "--reverse: a placeholder the key lacks is an error (exit 1), and nothing is written" {
	redact_fixtures 4B.txt
	printf 'Fine [PERSON-1].\n' > "$T/a.txt"
	printf 'Line one.\nWho is [PERSON-9]?\n' > "$T/b.txt"
	run --separate-stderr tx-redact --reverse --key "$T/key.tsv" --out "$T/back" "$T/a.txt" "$T/b.txt"
	assert_failure 1
	[ "$stderr" = "tx-redact: $T/b.txt:2: placeholder [PERSON-9] is not in the key $T/key.tsv" ]
	run ls -A "$T/back"
	assert_output ''
}

@test "--reverse leaves other brackets alone; a missing key is exit 2" {
	redact_fixtures 4B.txt
	run tx-redact -r -k "$T/key.tsv" <<<'[inaudible] [PERSON-1] [Dr A] [laughs]'
	assert_success
	assert_output '[inaudible] Jones [Dr A] [laughs]'
	run tx-redact -r -k "$T/nokey.tsv" <<<'x'
	assert_failure 2
	assert_output "tx-redact: $T/nokey.tsv: no such key"
}

@test "a placeholder typed in the transcript is an error: nothing written, key untouched" {
	redact_fixtures 4B.txt
	cp "$T/key.tsv" "$T/key.before"
	mkdir "$T/out2"
	run --separate-stderr tx-redact -n "$R/names.csv" -k "$T/key.tsv" -o "$T/out2" "$R/5A.txt" "$R/typed.txt"
	assert_failure 1
	[ "$stderr" = "tx-redact: $R/typed.txt:1: [PERSON-1] is in the text and looks like a placeholder, which --reverse would replace; change it (say to (PERSON-1)) and run again" ]
	run ls -A "$T/out2"
	assert_output ''
	cmp "$T/key.before" "$T/key.tsv"
	# [inaudible] is no placeholder; a replacement's text in brackets is.
	run tx-redact -n "$R/names.csv" -k "$T/key.tsv" <<<'[inaudible] and [the nurse]'
	assert_failure 1
	assert_output --partial '[the nurse] is in the text and looks like a placeholder'
}

@test "a key readable by group or others is an error (exit 2)" {
	redact_fixtures 4B.txt
	for mode in 640 604 660; do
		chmod "$mode" "$T/key.tsv"
		run tx-redact -k "$T/key.tsv" <<<'x'
		assert_failure 2
		assert_output "tx-redact: $T/key.tsv: mode 0$mode: others may read or change the key; make it its owner's alone: chmod 600 $T/key.tsv"
		run tx-redact --reverse -k "$T/key.tsv" <<<'x'
		assert_failure 2
	done
}

@test "a key that is not a tx-redact key is an error naming file and line" {
	printf 'a\tb\n' > "$T/key.tsv"
	chmod 600 "$T/key.tsv"
	run tx-redact -k "$T/key.tsv" <<<'x'
	assert_failure 1
	assert_output "tx-redact: $T/key.tsv:1: no column \"category\": is this a tx-redact key?"
	printf 'category\tnumber\tplaceholder\toriginal\nPERSON\t1\t[PERSON-1]\tSmith\nPERSON\t2\t[PERSON-1]\tJones\n' > "$T/key.tsv"
	run tx-redact -k "$T/key.tsv" <<<'x'
	assert_failure 1
	assert_output "tx-redact: $T/key.tsv:3: placeholder [PERSON-1] is in the key twice"
	printf 'category\tnumber\tplaceholder\toriginal\nPERSON\tone\t[PERSON-1]\tSmith\n' > "$T/key.tsv"
	run tx-redact -k "$T/key.tsv" <<<'x'
	assert_failure 1
	assert_output --partial "$T/key.tsv:2: number \"one\""
}

@test "an existing output file is an error (exit 2) that says how to go on; --force replaces it" {
	redact_fixtures 4B.txt
	echo old > "$T/out/5A.txt"
	run redact_fixtures 4B.txt 5A.txt
	assert_failure 2
	assert_output "tx-redact: $T/out/4B.txt: exists; remove it, or give --force to replace it"
	run cat "$T/out/5A.txt"
	assert_output old
	run redact_fixtures --force 4B.txt 5A.txt
	assert_success
	cmp "$R/expected/5A.txt" "$T/out/5A.txt"
	cmp "$R/expected/4B.txt" "$T/out/4B.txt"
	run env LC_ALL=C ls -A "$T/out"
	assert_output ".tx-redact-key
4B.txt
5A.txt"
}

@test "never over its input: the same path or the same inode, even with --force" {
	cp "$R/4B.txt" "$T/out/4B.txt"
	run tx-redact -k "$T/key.tsv" -o "$T/out" --force "$T/out/4B.txt"
	assert_failure 2
	assert_output --partial 'is the input'
	mkdir "$T/in"
	ln "$T/out/4B.txt" "$T/in/4B.txt"
	run tx-redact -k "$T/key.tsv" -o "$T/out" -f "$T/in/4B.txt"
	assert_failure 2
	assert_output "tx-redact: $T/out/4B.txt: is the input $T/in/4B.txt: --out must not write over its input"
	cmp "$R/4B.txt" "$T/out/4B.txt"
	[ ! -e "$T/key.tsv" ]
}

@test "--out must be a directory; two inputs with one name are an error" {
	run tx-redact -k "$T/key.tsv" -o "$T/nodir" "$R/4B.txt"
	assert_failure 2
	assert_output "tx-redact: --out $T/nodir: No such file or directory"
	run tx-redact -k "$T/key.tsv" -o "$R/4B.txt" "$R/4B.txt"
	assert_failure 2
	assert_output "tx-redact: --out $R/4B.txt: not a directory"
	mkdir "$T/x"
	cp "$R/4B.txt" "$T/x/"
	run tx-redact -k "$T/key.tsv" -o "$T/out" "$R/4B.txt" "$T/x/4B.txt"
	assert_failure 2
	assert_output "tx-redact: $R/4B.txt and $T/x/4B.txt would both be written to $T/out/4B.txt"
}

@test "usage errors: no --key, no --out with files, --out with standard input, options that do not go together" {
	run tx-redact "$R/4B.txt"
	assert_failure 2
	assert_line --index 0 'tx-redact: --key KEYFILE is required'
	run tx-redact -k "$T/key.tsv" "$R/4B.txt"
	assert_failure 2
	assert_output --partial '--out DIR is required with files'
	run tx-redact -k "$T/key.tsv" -o "$T/out" - <<<'x'
	assert_failure 2
	run tx-redact -k "$T/key.tsv" -o "$T/out" "$R/4B.txt" - <<<'x'
	assert_failure 2
	run tx-redact --force -k "$T/key.tsv" <<<'x'
	assert_failure 2
	run tx-redact --reverse --names "$R/names.csv" -k "$T/key.tsv" <<<'x'
	assert_failure 2
	assert_line --index 0 'tx-redact: --names does not go with --reverse'
	run tx-redact --reverse --dates -k "$T/key.tsv" <<<'x'
	assert_failure 2
	run tx-redact --suggest --key "$T/key.tsv" <<<'x'
	assert_failure 2
	run tx-redact --suggest --out "$T/out" <<<'x'
	assert_failure 2
	run tx-redact --suggest --reverse <<<'x'
	assert_failure 2
	run tx-redact --dict "$R/words.txt" -k "$T/key.tsv" <<<'x'
	assert_failure 2
	assert_line --index 0 'tx-redact: --dict does not go with redacting or --reverse'
	run --separate-stderr tx-redact --bogus
	assert_failure 2
	assert_output ''
	[ -z "$(ls -A "$T/out")" ]
	[ ! -e "$T/key.tsv" ]
}

@test "standard input to standard output, redacting and reversing" {
	run tx-redact -n "$R/names.csv" -k "$T/key.tsv" < "$R/4B.txt"
	assert_success
	assert_output "$(cat "$R/expected/4B.txt")"
	tx-redact -n "$R/names.csv" -k "$T/key.tsv" - < "$R/4B.txt" | tx-redact -r -k "$T/key.tsv" | cmp - "$R/4B.txt"
}

@test "an empty file gives an empty file (exit 0)" {
	: > "$T/empty.txt"
	run tx-redact -k "$T/key.tsv" -o "$T/out" "$T/empty.txt"
	assert_success
	[ -f "$T/out/empty.txt" ]
	[ ! -s "$T/out/empty.txt" ]
	run tx-redact -k "$T/key.tsv" </dev/null
	assert_success
	assert_output ''
}

@test "invalid UTF-8 is an error (exit 1) naming file and line; nothing written, no key" {
	printf 'Good line.\nBad \xff byte.\n' > "$T/bad.txt"
	run tx-redact -n "$R/names.csv" -k "$T/key.tsv" -o "$T/out" "$R/4B.txt" "$T/bad.txt"
	assert_failure 1
	assert_output "tx-redact: $T/bad.txt:2: invalid UTF-8"
	assert_nothing_written
	[ ! -e "$T/key.tsv" ]
}

@test "a NUL byte is an error (exit 1) naming file and line; nothing written" {
	printf 'One.\nTwo\0three.\n' > "$T/nul.txt"
	run tx-redact -k "$T/key.tsv" -o "$T/out" "$R/4B.txt" "$T/nul.txt"
	assert_failure 1
	assert_output "tx-redact: $T/nul.txt:2: NUL byte"
	assert_nothing_written
}

@test "a missing file or a directory is an error (exit 1); nothing written" {
	run tx-redact -k "$T/key.tsv" -o "$T/out" "$R/4B.txt" "$T/nosuch.txt"
	assert_failure 1
	assert_output "tx-redact: $T/nosuch.txt: No such file or directory"
	assert_nothing_written
	mkdir "$T/dir"
	run tx-redact -k "$T/key.tsv" -o "$T/out" "$T/dir"
	assert_failure 1
	assert_output "tx-redact: $T/dir: is a directory"
	assert_nothing_written
}

@test "a key that cannot be written leaves no output behind" {
	run tx-redact -k "$T/nodir/key.tsv" -o "$T/out" "$R/4B.txt"
	assert_failure 1
	assert_output --partial "$T/nodir/key.tsv: cannot write the key"
	assert_nothing_written
}

@test "a line of many megabytes" {
	awk 'BEGIN { for (i = 0; i < 300000; i++) printf "Dr Jones met Smith at 020 7946 0000. "; print "" }' > "$T/long.txt"
	run tx-redact -n "$R/names.csv" -k "$T/key.tsv" -o "$T/out" "$T/long.txt"
	assert_success
	[ "$(grep -o '\[PERSON-2\]' "$T/out/long.txt" | wc -l)" -eq 300000 ]
	tx-redact -r -k "$T/key.tsv" -o "$T/back" "$T/out/long.txt"
	cmp "$T/long.txt" "$T/back/long.txt"
}

@test "names list errors are configuration errors (exit 2) naming file and line" {
	printf 'name,category\nSmith,PERSON\n' > "$T/n1.csv"
	run tx-redact -n "$T/n1.csv" -k "$T/key.tsv" <<<'x'
	assert_failure 2
	assert_output --partial "$T/n1.csv:1: no column \"text\""
	printf 'text,category\nSmith,PERSON\nJones,two words\n' > "$T/n2.csv"
	run tx-redact -n "$T/n2.csv" -k "$T/key.tsv" <<<'x'
	assert_failure 2
	assert_output --partial "$T/n2.csv:3: category \"TWO WORDS\""
	printf 'text,category\nSmith,PERSON\nSMITH,PLACE\n' > "$T/n3.csv"
	run tx-redact -n "$T/n3.csv" -k "$T/key.tsv" <<<'x'
	assert_failure 2
	assert_output "tx-redact: $T/n3.csv:3: \"SMITH\" is listed before, at $T/n3.csv:2, with another category or replacement"
	printf 'text\nSmith [GP]\n' > "$T/n4.csv"
	run tx-redact -n "$T/n4.csv" -k "$T/key.tsv" <<<'x'
	assert_failure 2
	printf 'text\n...\n' > "$T/n5.csv"
	run tx-redact -n "$T/n5.csv" -k "$T/key.tsv" <<<'x'
	assert_failure 2
	printf 'text,category,replacement\nSmith,PERSON,GP.2\n' > "$T/n6.csv"
	run tx-redact -n "$T/n6.csv" -k "$T/key.tsv" <<<'x'
	assert_failure 2
	run tx-redact -n "$T/nosuch.csv" -k "$T/key.tsv" <<<'x'
	assert_failure 2
	[ ! -e "$T/key.tsv" ]
}

@test "--suggest: capitalised words and phrases not sentence-initial nor in the word list; golden" {
	cd "$R"
	run tx-redact --suggest --dict words.txt suggest.txt
	assert_success
	assert_output "$(cat expected/suggest.tsv)"
}

@test "--suggest with the system word list; --names leaves listed names out" {
	cd "$R"
	run tx-redact -s 4B.txt 5A.txt hearing.rst
	assert_success
	assert_line --index 0 "$(printf 'text\tcount\twhere\tcontext')"
	assert_line --partial "$(printf 'Dr Jones\t7\t4B.txt:1\t')"
	assert_line --partial "$(printf 'Hallett\t2\thearing.rst:11\t')"
	refute_line --regexp '^(Good|Thank|Please|Yes|Mostly|Interviewer)	'
	run tx-redact -s -n names.csv 4B.txt 5A.txt hearing.rst
	assert_success
	refute_line --regexp '^(Dr Jones|Smith|Ashford|Eddie Lynch)	'
	assert_line --partial "$(printf 'Hallett\t2\t')"
}

@test "--suggest reads standard input and skips placeholders; its output is a names list" {
	run tx-redact -s -d "$R/words.txt" <<<'We met [PERSON-1] and Okafor at the Hollyfield Clinic.'
	assert_success
	assert_output "$(printf 'text\tcount\twhere\tcontext\nHollyfield Clinic\t1\t<stdin>:1\tWe met [PERSON-1] and Okafor at the Hollyfield Clinic.\nOkafor\t1\t<stdin>:1\tWe met [PERSON-1] and Okafor at the Hollyfield Clinic.')"
	tx-redact -s -d "$R/words.txt" "$R/suggest.txt" > "$T/names.tsv"
	run tx-redact -n "$T/names.tsv" -k "$T/key.tsv" < "$R/suggest.txt"
	assert_success
	assert_line --index 0 'Interviewer: Thank you. Did you see Dr [PERSON-1] at the [PERSON-2]?'
}

@test "--suggest: invalid UTF-8 is exit 1; a missing word list is exit 2" {
	printf 'Bad \xff.\n' > "$T/bad.txt"
	run tx-redact -s -d "$R/words.txt" "$T/bad.txt"
	assert_failure 1
	assert_output "tx-redact: $T/bad.txt:1: invalid UTF-8"
	run tx-redact -s -d "$T/nosuch" "$R/suggest.txt"
	assert_failure 2
	assert_output --partial "$T/nosuch"
}

@test "a full disk is exit 1; a closed pipe ends quietly with exit 0" {
	run bash -c "tx-redact -k '$T/key.tsv' < '$R/4B.txt' > /dev/full"
	assert_failure 1
	assert_output --partial 'write error'
	run bash -c "tx-redact -s -d '$R/words.txt' '$R/suggest.txt' > /dev/full"
	assert_failure 1
	awk 'BEGIN { for (i = 0; i < 200000; i++) printf "and Name%c%c%c here.\n", 65 + i % 26, 97 + int(i / 26) % 26, 97 + int(i / 676) % 26 }' > "$T/many.txt"
	run bash -c "set -o pipefail; tx-redact -s -d '$R/words.txt' '$T/many.txt' | head -1"
	assert_success
	assert_output "$(printf 'text\tcount\twhere\tcontext')"
}

# Replacements at a label's place: Participant 4, the nurse.
label_names() {
	printf 'text,category,replacement\nOkonkwo,PERSON,Participant 4\nNurse Patel,PERSON,the nurse\n' > "$T/labels.csv"
	printf 'Okonkwo: Hello.\nNurse Patel: Hi, Okonkwo.\nPatel: Yes.\nDr Okonkwo: Fine.\n' > "$T/plain.txt"
	printf '**Okonkwo**: Hello.\n\n**Nurse Patel:** Hi.\n\n**Patel**: Yes.\n' > "$T/bold.rst"
}

@test "a replacement at a label's place keeps the label's form: [the nurse]: and **[the nurse]**:" {
	label_names
	tx-redact -n "$T/labels.csv" -k "$T/key.tsv" -o "$T/out" "$T/plain.txt" "$T/bold.rst"
	run cat "$T/out/plain.txt"
	assert_output "$(printf '[Participant 4]: Hello.\nNurse [the nurse]: Hi, [Participant 4].\n[the nurse]: Yes.\nDr [Participant 4]: Fine.')"
	run cat "$T/out/bold.rst"
	assert_output "$(printf '**[Participant 4]**: Hello.\n\n**Nurse [the nurse]:** Hi.\n\n**[the nurse]**: Yes.')"
	mkdir "$T/out2"
	tx-redact -n "$T/labels.csv" --titles replace -k "$T/key2.tsv" -o "$T/out2" "$T/plain.txt" "$T/bold.rst"
	run cat "$T/out2/plain.txt"
	assert_output "$(printf '[Participant 4]: Hello.\n[the nurse]: Hi, [Participant 4].\n[the nurse.2]: Yes.\n[Participant 4.2]: Fine.')"
	run cat "$T/out2/bold.rst"
	assert_output "$(printf '**[Participant 4]**: Hello.\n\n**[the nurse]:** Hi.\n\n**[the nurse.2]**: Yes.')"
	tx-redact -r -k "$T/key2.tsv" -o "$T/back" "$T/out2/plain.txt" "$T/out2/bold.rst"
	cmp "$T/plain.txt" "$T/back/plain.txt"
	cmp "$T/bold.rst" "$T/back/bold.rst"
}

@test "a replacement that would break a label is refused (exit 2) naming file and line" {
	for rep in 'Participant: 4' 'the *nurse*' '<nurse>' 'nurse>'; do
		printf 'text,category,replacement\nSmith,PERSON,\nOkonkwo,PERSON,%s\n' "$rep" > "$T/n.csv"
		run tx-redact -n "$T/n.csv" -k "$T/key.tsv" <<<'x'
		assert_failure 2
		assert_output "tx-redact: $T/n.csv:3: replacement \"$rep\": no \":\", \"*\", \"<\" or \">\", which would break a speaker label such as \"[$rep]:\""
	done
	[ ! -e "$T/key.tsv" ]
}

# tx-segment reads "[PERSON-1]: text" as a turn only if its plain-label rule
# takes a placeholder; until it does, the plain-label formats are skipped.
segment_takes_placeholders() {
	[ "$(printf 'A: one.\n[PERSON-1]: two.\n' | tx-segment | wc -l)" -eq 3 ]
}

turns() {
	tx-segment "$1" | tail -n +2 | wc -l
}

@test "a redacted transcript still segments with tx-segment to the same number of turns (bold and Otter labels)" {
	command -v tx-segment >/dev/null || skip "tx-segment is not built"
	redact_fixtures hearing.rst meeting.txt 4B.txt 5A.txt
	for f in hearing.rst meeting.txt 4B.txt 5A.txt; do
		[ "$(turns "$R/$f")" -eq "$(turns "$T/out/$f")" ] || fail "$f: turns differ"
	done
	run bash -c "tx-segment '$T/out/hearing.rst' | cut -f3 | LC_ALL=C sort -u"
	assert_output "Dr [PERSON-1]
Lady Hallett
speaker"
}

@test "a redacted transcript still segments with tx-segment to the same number of turns (plain Name: labels)" {
	command -v tx-segment >/dev/null || skip "tx-segment is not built"
	segment_takes_placeholders || skip "tx-segment does not take [PERSON-1]: as a speaker label yet"
	redact_fixtures $ALL
	for f in $ALL; do
		[ "$(turns "$R/$f")" -eq "$(turns "$T/out/$f")" ] || fail "$f: turns differ"
	done
}

# tx-segment takes "[the nurse]: text" as a turn once any bracketed
# placeholder at a line's start is a label; until then this is skipped.
segment_takes_replacements() {
	[ "$(printf 'A: one.\n[the nurse]: two.\n' | tx-segment | wc -l)" -eq 3 ]
}

# The list's replacements on $T/FILE, with both --titles: the redacted file
# must segment as the original (the same segments, starting on the same lines).
segments_as_original() {
	for how in keep replace; do
		rm -rf "$T/out" "$T/key.tsv"
		mkdir "$T/out"
		tx-redact -n "$T/labels.csv" --titles "$how" -k "$T/key.tsv" -o "$T/out" "$T/$1"
		[ "$(tx-segment "$T/$1" | cut -f1,2,6)" = "$(tx-segment "$T/out/$1" | cut -f1,2,6)" ] || fail "$1 ($how) segments otherwise"
	done
}

@test "with replacements for labels, redacted files segment as the originals (bold labels)" {
	command -v tx-segment >/dev/null || skip "tx-segment is not built"
	label_names
	segments_as_original bold.rst
}

@test "with replacements for labels, redacted files segment as the originals (plain labels)" {
	command -v tx-segment >/dev/null || skip "tx-segment is not built"
	segment_takes_replacements || skip "tx-segment does not take [the nurse]: as a speaker label yet"
	label_names
	segments_as_original plain.txt
}

@test "covid-inquiry module 2C, its speaker labels as names: reverse gives back every file" {
	need_shared covid-inquiry/module-2C
	M=$SHARED/covid-inquiry/module-2C
	{ echo text; grep -ohE '^\*\*[^*]+\*\*:' "$M"/*.rst | sed -E 's/^\*\*(.*)\*\*:$/\1/; s/:$//' | sort -u; } > "$T/names.csv"
	[ "$(wc -l < "$T/names.csv")" -gt 20 ]
	run tx-redact -n "$T/names.csv" -k "$T/key.tsv" -o "$T/out" "$M"/*.rst
	assert_success
	# every label is gone from the labels
	run grep -chE '^\*\*[^*[]+\*\*:' "$T"/out/*.rst
	refute_output --regexp '[1-9]'
	tx-redact -r -k "$T/key.tsv" -o "$T/back" "$T"/out/*.rst
	for f in "$M"/*.rst; do
		cmp "$f" "$T/back/$(basename "$f")"
	done
	if command -v tx-segment >/dev/null; then
		f=$(ls "$M"/*.rst | head -1)
		[ "$(turns "$f")" -eq "$(turns "$T/out/$(basename "$f")")" ]
	fi
}

# --- hardening: the key, signals, an empty --suggest -------------------------

@test "the key is never an output: --force with -k out/study.key and an input named study.key is exit 2" {
	mkdir -p "$T/in" "$T/out"
	printf 'Dr Jones said so.\n' > "$T/in/study.key"
	printf 'text,category\nJones,PERSON\n' > "$T/n.csv"
	tx-redact -n "$T/n.csv" -k "$T/out/study.key" -o "$T/out" "$R/4B.txt"
	cp "$T/out/study.key" "$T/key.before"
	run --separate-stderr tx-redact -f -n "$T/n.csv" -k "$T/out/study.key" -o "$T/out" "$T/in/study.key"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "tx-redact: $T/out/study.key: is the key $T/out/study.key: --out must not write over the key"
	cmp "$T/key.before" "$T/out/study.key"
	# A key not written yet, named as an output through another path.
	mkdir -p "$T/o2"
	run --separate-stderr tx-redact -n "$T/n.csv" -k "$T/o2/../o2/study.key" -o "$T/o2" "$T/in/study.key"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "tx-redact: $T/o2/study.key: is the key $T/o2/../o2/study.key: --out must not write over the key"
	run ls -A "$T/o2"
	assert_output ''
}

@test "SIGTERM, SIGINT or SIGHUP mid-run leave no temporary file in the output folder" {
	printf 'text,category\nJones,PERSON\n' > "$T/n.csv"
	for sig in TERM INT HUP; do
		rm -rf "$T/out" "$T/slow.txt" "$T/k"
		mkdir "$T/out"
		mkfifo "$T/slow.txt"
		# The first file is written to a temporary; the FIFO then blocks.
		# (A background job starts with SIGINT ignored: give it back.)
		env --default-signal=INT tx-redact -n "$T/n.csv" -k "$T/k" -o "$T/out" \
		    "$R/4B.txt" "$T/slow.txt" &
		pid=$!
		for i in $(seq 100); do
			ls -A "$T/out" | grep -q '^\.tx-redact-' && break
			sleep 0.05
		done
		run ls -A "$T/out"
		assert_output --regexp '^\.tx-redact-'
		kill -"$sig" "$pid"
		status=0
		wait "$pid" || status=$?
		assert_equal "$status" "$((128 + $(kill -l "$sig")))"
		run ls -A "$T/out"
		assert_output ''
		[ ! -e "$T/k" ]
	done
}

@test "a signal while the key id is written beside the outputs leaves no temporary file there" {
	command -v cc >/dev/null || skip "no C compiler for the rename(2) shim"
	# The shim signals the tool as it renames the id into place: the
	# moment its temporary file exists and is complete.
	cat > "$T/shim.c" <<'SHIM'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <string.h>

int
rename(const char *from, const char *to)
{
	int (*real)(const char *, const char *) =
	    (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
	size_t n = strlen(to);

	if (n >= 15 && strcmp(to + n - 15, "/.tx-redact-key") == 0)
		raise(SIGTERM);
	return real(from, to);
}
SHIM
	cc -shared -fPIC -o "$T/shim.so" "$T/shim.c" -ldl
	printf 'text,category\nJones,PERSON\n' > "$T/n.csv"
	# A sanitizer build lets the shim come first only when told to.
	ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}verify_asan_link_order=0" \
	    LD_PRELOAD="$T/shim.so" run --separate-stderr tx-redact -n "$T/n.csv" -k "$T/k" -o "$T/out" "$R/4B.txt"
	assert_equal "$status" "$((128 + $(kill -l TERM)))"
	run ls -A "$T/out"
	assert_output ''
}

@test "--suggest on a text with no candidate: the header only, exit 0" {
	run tx-redact --suggest <<<'and the of it was so'
	assert_success
	assert_output $'text\tcount\twhere\tcontext'
}

@test "--suggest: a file name that is not UTF-8 is exit 2, nothing written" {
	printf 'Mary Jones met Mary Jones.\n' > "$T/ok.txt"
	printf 'Mary Jones met Mary Jones.\n' > "$T/caf"$'\xe9'.txt
	cd "$T"
	run --separate-stderr tx-redact --suggest ok.txt $'caf\xe9.txt'
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = 'tx-redact: caf\xe9.txt: the file name is not UTF-8; rename it (convmv -f latin1 -t utf8)' ]
}

# ------------------------------------------------------------------
# Issue 22: a redacted file is tied to its key; a key's placeholders mean
# one thing in every file it made

@test "--reverse with another study's key is refused (exit 1), nothing written; with its own key it restores" {
	mkdir -p "$T/a" "$T/b" "$T/in" "$T/back"
	printf 'Interviewer: Tell me about Smith.\nSmith: Jones helped.\n' > "$T/in/study.txt"
	printf 'Interviewer: Brown?\nBrown: Green too.\n' > "$T/in/other.txt"
	printf 'text\nSmith\nJones\n' > "$T/a.csv"
	printf 'text\nBrown\nGreen\n' > "$T/b.csv"
	tx-redact -n "$T/a.csv" -k "$T/a.key" -o "$T/a" "$T/in/study.txt"
	tx-redact -n "$T/b.csv" -k "$T/b.key" -o "$T/b" "$T/in/other.txt"
	ida=$(grep '^KEY-ID' "$T/a.key" | cut -f4)
	idb=$(grep '^KEY-ID' "$T/b.key" | cut -f4)
	[[ "$ida" =~ ^[0-9a-f]{32}$ ]]
	[ "$(cat "$T/a/.tx-redact-key")" = "$ida" ]
	run --separate-stderr tx-redact -r -k "$T/b.key" -o "$T/back" "$T/a/study.txt"
	assert_failure 1
	[ "$stderr" = "tx-redact: $T/a/study.txt: was redacted with another key ($T/a/.tx-redact-key says $ida; the key $T/b.key is $idb): reverse it with the key that redacted it" ]
	run ls -A "$T/back"
	assert_output ''
	tx-redact -r -k "$T/a.key" -o "$T/back" "$T/a/study.txt"
	cmp "$T/in/study.txt" "$T/back/study.txt"
}

@test "one --out folder, one key: another key's outputs there are exit 2 unless --force" {
	mkdir -p "$T/o"
	printf 'text\nSmith\n' > "$T/n.csv"
	printf 'Smith spoke.\n' > "$T/one.txt"
	printf 'Smith again.\n' > "$T/two.txt"
	tx-redact -n "$T/n.csv" -k "$T/a.key" -o "$T/o" "$T/one.txt"
	run --separate-stderr tx-redact -n "$T/n.csv" -k "$T/b.key" -o "$T/o" "$T/two.txt"
	assert_failure 2
	[ "$stderr" = "tx-redact: $T/o/.tx-redact-key: the outputs there were redacted with another key: give --out another folder, or --force to make it this key's" ]
	[ ! -e "$T/o/two.txt" ]
	[ ! -e "$T/b.key" ]
	run tx-redact -f -n "$T/n.csv" -k "$T/b.key" -o "$T/o" "$T/two.txt"
	assert_success
	[ "$(cat "$T/o/.tx-redact-key")" = "$(grep '^KEY-ID' "$T/b.key" | cut -f4)" ]
}

@test "a later run cannot make text an earlier file kept into a placeholder: [the nurse] then Patel,the nurse is exit 2" {
	mkdir -p "$T/o1" "$T/o2" "$T/back"
	printf 'text\nSmith\n' > "$T/n1.csv"
	printf 'text,category,replacement\nPatel,PERSON,the nurse\n' > "$T/n2.csv"
	printf 'A: I asked [the nurse] about Smith.\n' > "$T/r1.txt"
	printf 'B: Patel came.\n' > "$T/r2.txt"
	tx-redact -n "$T/n1.csv" -k "$T/key.tsv" -o "$T/o1" "$T/r1.txt"
	run grep -c '^LITERAL-TEXT	1	\[LITERAL-TEXT-1\]	\[the nurse\]$' "$T/key.tsv"
	assert_output 1
	cp "$T/key.tsv" "$T/key.before"
	run --separate-stderr tx-redact -n "$T/n2.csv" -k "$T/key.tsv" -o "$T/o2" "$T/r2.txt"
	assert_failure 2
	[ "$stderr" = "tx-redact: \"Patel\" would become [the nurse], but a transcript redacted earlier with the key $T/key.tsv holds [the nurse] as its own text, which --reverse would then replace: give \"Patel\" another replacement in the names list" ]
	run ls -A "$T/o2"
	assert_output ''
	cmp "$T/key.before" "$T/key.tsv"
	tx-redact -r -k "$T/key.tsv" -o "$T/back" "$T/o1/r1.txt"
	cmp "$T/r1.txt" "$T/back/r1.txt"
}
