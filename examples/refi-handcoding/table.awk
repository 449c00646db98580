# tx-agree's table, aligned: the code's last level, the counts, agreement,
# Cohen's kappa, and the patterns' precision, recall and F1 against the
# team (the coder named by team).
BEGIN { fmt = "%-24s %5s %4s %9s %9s %6s %6s %5s %6s %5s\n" }
NR == 1 {
	for (i = 1; i <= NF; i++)
		col[$i] = i
	printf fmt, "code", "units", "both", "team_only", "auto_only", "agree%",
	    "kappa", "prec", "recall", "F1"
	next
}
{
	n = split($1, level, "/")
	printf fmt, level[n], $col["units"], $col["both"], $col["only_" team],
	    $col["only_auto"], $col["agreement"], num($col["cohen_kappa"]),
	    num($col["precision_auto"]), num($col["recall_auto"]),
	    num($col["f1_auto"])
}
function num(x) { return x == "" ? "-" : sprintf("%.2f", x) }
