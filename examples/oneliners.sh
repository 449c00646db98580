# One-liners for README.md, "Working with other tools".
#
# Each runs in examples/two-localities after `make` there, on the files the
# example makes. A line "#: NAME" names the command on the lines after it (a
# command may go on over lines that end in "\"). tests/oneliners.bats runs
# every command, compares its output with tests/fixtures/oneliners/NAME.out,
# and checks that the command appears, word for word, in README.md.
# A "#: NAME needs CMD" line marks a command that is skipped without CMD.

#: grep
grep -c 'GPs as businesses' codings.tsv

#: awk
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  $col["code"] == "Financial issues/GPs as businesses" { print $col["doc"] }' codings.tsv | sort -u | paste -sd ' '

#: sort
tail -n +2 comparison.tsv | sort -t "$(printf '\t')" -k12,12g -k1,1 | head -n 3 | cut -f 1,12,15,17

#: mlr
mlr --tsv filter '$pattern =~ "^(more|only) in"' then cut -o -f code,pct_northvale,pct_southmere,pattern comparison.tsv

#: datamash
datamash --header-in --sort --group locality countunique doc count seg < segments.tsv

#: source
awk -F'\t' '$1 == "P13" && $2 == 10 { print $7, $8 }' segments.tsv | { read -r s e; tail -c +$((s + 1)) transcripts/P13.txt | head -c $((e - s)); echo; }

#: R needs Rscript
Rscript -e 'd <- read.delim("comparison.tsv", quote = "", na.strings = ""); writeLines(d$code[d$q < 0.05])'
