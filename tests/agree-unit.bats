#!/usr/bin/env bats
# Unit tests of lib/agree.c (tests/unit/agree.c): one @test per case, so
# that every case counts in the suite's summary line. Each case prints
# "ok"/"FAIL" per comparison; see the source for what each one checks.

load helper

@test "agree cohen-1960: Cohen (1960) p.45 added unit by unit, kappa = 29/59" { unit_case agree cohen-1960; }
@test "agree krippendorff-2011: missing values, alpha exact and as published" { unit_case agree krippendorff-2011; }
@test "agree undefined: a code no one applied gives NaN, not 1" { unit_case agree undefined; }
@test "agree take-out: a unit added and taken out (sign -1) leaves no trace" { unit_case agree take-out; }
@test "agree sum: two halves' accumulators add up to the whole" { unit_case agree sum; }
@test "agree precision: nominal categories, two different ones are fp and fn" { unit_case agree precision; }
@test "agree percent: the mean over pairs, each over its shared units" { unit_case agree percent; }
@test "agree pooled: De Vries et al. (2008) pooled kappa 8/23, not the stacked 2/5" { unit_case agree pooled; }

@test "agree must-fail: a failing comparison fails the case (exit 1)" { unit_must_fail agree; }

@test "agree: every case of the program has a test here" { unit_cases_tested agree; }
