#!/usr/bin/env bats
# Unit tests of lib/stats.c (tests/unit/stats.c): one @test per case, so
# that every case counts in the suite's summary line. Each case compares
# the library with published values (R, scipy, the papers) and prints
# "ok"/"FAIL" with expected and actual values; see the source for sources.

load helper

@test "stats tea: Fisher (1935) tea tasting, two-sided and one-sided" { unit_case stats tea; }
@test "stats r-chisq-2x2: R chisq.test Yates p and fisher.test p" { unit_case stats r-chisq-2x2; }
@test "stats agresti: Agresti (2007) p.39 X^2, df, p; G^2" { unit_case stats agresti; }
@test "stats bh-1995: Benjamini & Hochberg (1995), 4 rejections" { unit_case stats bh-1995; }
@test "stats bh-tilestats: BH against scipy's TileStats values" { unit_case stats bh-tilestats; }
@test "stats bh-nan: BH leaves NaN out of n, as R p.adjust" { unit_case stats bh-nan; }
@test "stats scipy-2x3: chi2_contingency and G-test documentation" { unit_case stats scipy-2x3; }
@test "stats scipy-aspirin: Yates-corrected 2x2 from scipy docs" { unit_case stats scipy-aspirin; }
@test "stats yates-cap: correction capped at |O-E| (scipy gh-13875)" { unit_case stats yates-cap; }
@test "stats fisher-r-precise: R two-sided p (scipy test_precise)" { unit_case stats fisher-r-precise; }
@test "stats fisher-r-one-sided: R one-sided p down to 1e-122" { unit_case stats fisher-r-one-sided; }
@test "stats fisher-r-brentp: R 3.2.2 less/greater/two-sided" { unit_case stats fisher-r-brentp; }
@test "stats fisher-r452: R 4.5.2 values, 2x2 and 2x3" { unit_case stats fisher-r452; }
@test "stats ffh-2x3: Freeman-Halton (contingencytables) and the limit" { unit_case stats ffh-2x3; }
@test "stats fisher-ties: exact ties need R's 1e-7 tolerance" { unit_case stats fisher-ties; }
@test "stats fisher-large: large tables and R's tie tolerance" { unit_case stats fisher-large; }
@test "stats cramers-v: scipy association example" { unit_case stats cramers-v; }
@test "stats chi2-sf: chi-square tail at tabled quantiles" { unit_case stats chi2-sf; }
@test "stats gamma-q: Q(a, x) to 1e-10 against closed forms" { unit_case stats gamma-q; }
@test "stats tiny-p: p near 1e-300 is not lost" { unit_case stats tiny-p; }
@test "stats edge-nan: zero margins and bad counts give NaN" { unit_case stats edge-nan; }
@test "stats edge-fisher: degenerate tables, max_tables, bad input" { unit_case stats edge-fisher; }
@test "stats log-ratio: Hardie (2014) log ratio" { unit_case stats log-ratio; }
@test "stats min-expected: smallest expected count" { unit_case stats min-expected; }
@test "stats cohen-h: Cohen (1988) table 6.2.1 and computed h" { unit_case stats cohen-h; }
@test "stats rao-scott: Rao-Scott F, ndf, ddf, p as R's survey::svychisq on three fixtures" { unit_case stats rao-scott; }

@test "stats: a wrong value fails its case (the checker can fail)" { unit_must_fail stats; }

@test "stats: an unknown case is a usage error" {
	need_unit stats
	run "$TX_BUILD/unit/stats" no-such-case
	assert_failure 2
	assert_output --partial "no case named no-such-case"
}

@test "stats: every case of the program has a test in this file" { unit_cases_tested stats; }
