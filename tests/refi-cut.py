#!/usr/bin/env python3
"""The coded selections of a .qdpx cut by Python, for tests/tx-refi.bats.

usage: refi-cut.py FILE.qdpx

One line per coding of a PlainTextSelection: the source's name (else its
plainTextPath without ".txt"), the byte offsets of startPosition and
endPosition (code points, as REFI counts them) in the source's UTF-8, and
the text between,
with TAB, LF and backslash escaped as tx's streams escape them. An
implementation of the position mapping independent of tx-refi's.
"""
import sys
import xml.etree.ElementTree as ET
import zipfile

NS = {'q': 'urn:QDA-XML:project:1.0'}


def escape(s):
    return (s.replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n')
            .replace('\r', '\\r'))


def main(path):
    z = zipfile.ZipFile(path)
    root = ET.fromstring(z.read('project.qde'))
    for src in root.iterfind('.//q:TextSource', NS):
        name = src.get('plainTextPath').replace('internal://', '')
        text = z.read('sources/' + name).decode('utf-8-sig')
        doc = src.get('name') or name[:-4]
        for sel in src.iterfind('q:PlainTextSelection', NS):
            a = int(sel.get('startPosition'))
            b = int(sel.get('endPosition'))
            for _ in sel.iterfind('q:Coding', NS):
                print('%s\t%d\t%d\t%s' % (doc, len(text[:a].encode()),
                                          len(text[:b].encode()),
                                          escape(text[a:b])))


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
