#!/usr/bin/env python3
"""Segments for comparing tx-code's engines: random, but the same for a seed.

usage: engine-texts.py SEED N > segments.tsv

Each segment strings together words that the codebooks in
fixtures/code-engines (words.csv, windows.csv, rules.csv) look for, in any case,
with separators. A third of the segments are ASCII only, a third also
hold neutral characters (curly quotes, dashes, the pound sign: lib/shape.h),
and a third also hold letters and marks beyond ASCII (é, ß, Zoë, KELVIN
SIGN, LONG S, NO-BREAK SPACE, a combining accent, U+2028) and control
characters (U+0001, ESC, U+001F, and DEL, which is ASCII to the text
classes), so that every path of the prefilter is taken: byte by byte, and
with UTF-8.
"""
import random
import sys

WORDS = ("care careful carer carers caring nurse nurses nursing GP GPs "
         "surgery wait waiting waited no not support peer staff funding fund "
         "K k s ss ab abab aaa a x xy close closed closes maybe sept "
         "September Septembers exactly co-op e-mail test_1 42 4x4 x_y").split()
WORDS += ["café", "Zoë", "naïve", "Straße", "STRASSE", "résumé", "Ōsaka",
          "Київ", "日本", "\ufb01ne", "\u212aelvin", "\u017fun"]
NEUTRAL = list("’‘“”—–…£€•©«»§¿")
OTHER = ["é", "É", "ß", "\u00a0", "\u2003", "\u0301", "²", "µ", "ª",
         "\u2028", "\u200b", "\x01", "\x1b", "\x1f", "\x7f"]
SEPS = [" ", " ", " ", " ", ", ", ". ", "\\n", "\\t", "  ", "-", "/", "(",
        ")", "'", '"', "_"]


def segment(r):
    seps = r.choice([SEPS, SEPS + NEUTRAL, SEPS + NEUTRAL + OTHER])
    out = []
    for _ in range(r.randint(0, 30)):
        w = r.choice(WORDS)
        if r.random() < 0.3:
            w = w.upper() if r.random() < 0.5 else w.capitalize()
        out.append(w)
        out.append(r.choice(seps))
    return "".join(out)


def main():
    seed, n = int(sys.argv[1]), int(sys.argv[2])
    r = random.Random(seed)
    print("doc\tseg\ttext")
    for i in range(n):
        print("d%d\t%d\t%s" % (i // 10, i % 10 + 1, segment(r)))


main()
