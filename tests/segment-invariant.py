#!/usr/bin/env python3
"""Check tx-segment's nothing-lost invariant, independently of its code.

usage: tx-segment ... FILE... | segment-invariant.py [--from FMT] FILE...
       segment-invariant.py [--from FMT] --runs LIST

The segment stream on standard input is matched to the files by doc id
(the base name without extension). With --runs, each line of the file LIST
is one run of tx-segment, TAB-separated: a name for the messages, the path
of its segment stream, then the files it was made from; all are checked in
this one process (a test suite starts Python once, not once a run). For
every document it checks:

  - seg runs 1, 2, 3 ... (no filter was given), line is the line of start;
  - segments are in source order and their [start,end) ranges do not
    overlap and are not empty;
  - text and otter: text is exactly the source bytes [start,end), with
    only the CR of a CRLF dropped;
    vtt and srt: text's words appear in [start,end), in order;
  - what lies outside all segments, once markup lines (headings and their
    underlines, lines wholly in italics or brackets, Otter's header block
    and turn lines, WebVTT/SubRip headers, NOTE blocks, cue numbers,
    timing lines and tags), the speaker names of the document and
    timestamps are taken away, holds no letter.

Prints one line per failure ("doc: what", after "name: " with --runs) and
exits 1 if there was any.
"""
import os
import re
import sys

HEADER = ["doc", "seg", "speaker", "time", "section", "line", "start", "end"]
ADORN = re.compile(r'^([=\-^~*+#"\'_:<>`])\1{2,}[ \t]*$')
ATX = re.compile(r'^#{1,6}([ \t]|$)')
ITALIC = re.compile(r'^[ \t]*([*_])[^*_ \t]([^*_]*[^*_ \t])?\1[ \t]*$')
OTTER_TURN = re.compile(r'^\S.{0,80}? {2,}\d{1,3}:\d\d(:\d\d)?[ \t]*$')
TIMING = re.compile(r'-->')
TAG = re.compile(r'<[^>\n]*>|\{\\[^}\n]*\}')
TIMEISH = re.compile(r'\d+([:.]\d+)*([.,]\d+)?[ \t]*([ap]\.?m\.?)?', re.I)

failures = 0
run_name = None         # the run checked, with --runs


def fail(doc, msg):
    global failures
    failures += 1
    if run_name is not None:
        print("%s: %s: %s" % (run_name, doc, msg))
    else:
        print("%s: %s" % (doc, msg))


def unescape(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}[s[i + 1]])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def bracketed(line):
    s = line.strip()
    if not s or s[0] not in "([":
        return False
    o, c = s[0], ")" if s[0] == "(" else "]"
    depth = 0
    for i, ch in enumerate(s):
        if ch == o:
            depth += 1
        elif ch == c:
            depth -= 1
            if depth == 0:
                return i == len(s) - 1
    return False


def markup_lines(lines, fmt):
    """Indexes of the lines that are markup, by the man page's rules."""
    marked = set()
    if fmt == "text":
        for i, l in enumerate(lines):
            if ADORN.match(l) or ATX.match(l.lstrip()) or ITALIC.match(l) \
                    or bracketed(l):
                marked.add(i)
                # the title above an underline
                if ADORN.match(l) and i > 0 and lines[i - 1].strip():
                    marked.add(i - 1)
    elif fmt == "otter":
        first = next((i for i, l in enumerate(lines) if OTTER_TURN.match(l)),
                     None)
        for i, l in enumerate(lines):
            if (first is not None and i < first) or OTTER_TURN.match(l) \
                    or l.startswith("Transcribed by https://otter.ai"):
                marked.add(i)
    else:
        block, start = [], True
        for i, l in enumerate(lines + [""]):
            if l.strip() == "":
                if block:
                    head = lines[block[0]].strip()
                    if (start and head.startswith("WEBVTT")) or \
                            re.match(r'(NOTE|STYLE|REGION)(\s|$)', head):
                        marked.update(block)
                    else:
                        for k, j in enumerate(block):
                            if TIMING.search(lines[j]):
                                marked.add(j)
                                if k == 1:
                                    marked.add(block[0])
                    start = False
                block = []
            else:
                block.append(i)
    return marked


def gap_text(src, spans, fmt):
    """The source with every segment's bytes and every markup line blanked."""
    b = bytearray(src)
    for s, e in spans:
        b[s:e] = bytes(c if c == 10 else 32 for c in b[s:e])
    text = b.decode("utf-8", "replace").replace("\r", "")
    lines = text.split("\n")
    orig = src.decode("utf-8", "replace").replace("\r", "").split("\n")
    for i in markup_lines(orig, fmt):
        lines[i] = ""
    return "\n".join(lines)


def words(s):
    return re.findall(r"\w+", s)


def check_doc(doc, path, rows, fmt):
    src = open(path, "rb").read()
    spans, prev_end, speakers = [], 0, set()
    for k, r in enumerate(rows, 1):
        seg, line, start, end = int(r["seg"]), int(r["line"]), \
            int(r["start"]), int(r["end"])
        if seg != k:
            fail(doc, "seg %d where %d was due" % (seg, k))
        if not (prev_end <= start < end <= len(src)):
            fail(doc, "seg %d: [%d,%d) after %d: out of order, overlapping "
                 "or empty" % (seg, start, end, prev_end))
            continue
        if line != src[:start].count(b"\n") + 1:
            fail(doc, "seg %d: line %d, but start %d is on line %d"
                 % (seg, line, start, src[:start].count(b"\n") + 1))
        text = unescape(r["text"]).encode()
        piece = src[start:end]
        if fmt in ("text", "otter"):
            want = piece.replace(b"\r\n", b"\n")
            if text != want:
                fail(doc, "seg %d: text is not source [%d,%d): %r != %r"
                     % (seg, start, end, text[:60], want[:60]))
        else:
            have = words(text.decode())
            pool = words(TAG.sub(" ", piece.decode()))
            it = iter(pool)
            if not all(w in it for w in have):
                fail(doc, "seg %d: words of text not in [%d,%d) in order"
                     % (seg, start, end))
        spans.append((start, end))
        speakers.add(unescape(r["speaker"]))
        prev_end = end
    rest = gap_text(src, spans, fmt)
    if fmt in ("vtt", "srt"):
        rest = TAG.sub(" ", rest)
        rest = re.sub(r"&(amp|lt|gt|quot|apos|nbsp);", " ", rest)
    for sp in sorted(speakers, key=len, reverse=True):
        if sp:
            rest = rest.replace(sp, " ")
    rest = TIMEISH.sub(" ", rest)
    lost = [m for m in re.finditer(r"[^\W\d_]+", rest)]
    if lost:
        m = lost[0]
        ctx = rest[max(0, m.start() - 30):m.end() + 30].replace("\n", "\\n")
        fail(doc, "%d words outside every segment, first %r in %r"
             % (len(lost), m.group(0), ctx))


def sniff(path):
    ext = os.path.splitext(path)[1]
    if ext in (".vtt", ".srt"):
        return ext[1:]
    if ext in (".rst", ".md"):
        return "text"
    head = open(path, "rb").read(4096).decode("utf-8", "replace")
    if head.lstrip("\ufeff").startswith("WEBVTT"):
        return "vtt"
    lines = [l for l in head.split("\n") if l.strip()][:40]
    if lines and lines[0].strip().isdigit() and len(lines) > 1 \
            and TIMING.search(lines[1]):
        return "srt"
    if any(OTTER_TURN.match(l.rstrip("\r")) for l in lines):
        return "otter"
    return "text"


def check_stream(stream, paths, fmt):
    """Check the segment stream (lines) against the files it was made from."""
    files = {os.path.splitext(os.path.basename(p))[0]: p for p in paths}
    header = next(stream, "").rstrip("\n").split("\t")
    if header[:8] != HEADER or header[-1] != "text":
        fail("-", "header is %r" % header)
        return
    docs = {}
    for line in stream:
        f = line.rstrip("\n").split("\t")
        if len(f) != len(header):
            fail("-", "ragged row %r" % line[:80])
            continue
        docs.setdefault(f[0], []).append(dict(zip(header, f)))
    for doc, path in files.items():
        check_doc(doc, path, docs.get(doc, []), fmt or sniff(path))
    for doc in docs:
        if doc not in files:
            fail(doc, "no such file given")


def main(argv):
    global run_name
    fmt = None
    if len(argv) > 1 and argv[0] == "--from":
        fmt, argv = argv[1], argv[2:]
    if len(argv) == 2 and argv[0] == "--runs":
        with open(argv[1], encoding="utf-8") as runs:
            for line in runs:
                run_name, stream, *paths = line.rstrip("\n").split("\t")
                with open(stream, encoding="utf-8", newline="\n") as f:
                    check_stream(f, paths, fmt)
    else:
        check_stream(sys.stdin, argv, fmt)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
