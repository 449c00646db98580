#!/usr/bin/env python3
"""Small REFI-QDA archives for tests/tx-refi.bats and the fuzz seeds.

usage: make-refi.py CASE OUT

Entries are dated 1980-01-01, so an archive is the same bytes every time.
The cases:

  quirks     what real files do, all at once: ATLAS.ti as origin, sources
             in Sources/, braced and upper-case GUIDs, a source without a
             name and without internal://, one inline (PlainTextContent),
             NVivo's "Nodes" top level, a coding naming a case, a comment
             (a selection with a description and no coding), a coding of a
             whole source, a source with a BOM and CRLF line ends, a
             variable on a case, an unknown code
  crlf-two   a source with CRLF and é, positions counting CRLF as two
  bomb       a source entry that inflates to 2 MiB (--max-entry 1 refuses)
  crc        a stored source entry with one byte changed after its CRC
  doctype    project.qde with a DOCTYPE and an entity
  badxml     project.qde cut short
  no-qde     an archive without a .qde
  two-qde    an archive with two .qde at its root
  notzip     "PK" and nothing a zip needs
  evil-path  a source whose plainTextPath climbs out (../../x) and a name
             with slashes: the text is read by name, never written there
"""
import io
import sys
import zipfile

NS = 'xmlns="urn:QDA-XML:project:1.0"'
G = {
    'user': '11111111-1111-4111-8111-111111111111',
    'nodes': '22222222-2222-4222-8222-222222222222',
    'code1': '33333333-3333-4333-8333-333333333333',
    'code2': 'abcdef44-4444-4444-8444-444444444444',
    'src1': '55555555-5555-4555-8555-555555555555',
    'src2': '66666666-6666-4666-8666-666666666666',
    'src3': '77777777-7777-4777-8777-777777777777',
    'case': '88888888-8888-4888-8888-888888888888',
    'var': '99999999-9999-4999-8999-999999999999',
    'sel': 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
}


def write(out, entries, stored=()):
    """entries: (name, bytes); the archive to out, dates fixed."""
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, 'w') as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = (zipfile.ZIP_STORED if name in stored
                                  else zipfile.ZIP_DEFLATED)
            z.writestr(info, data)
    with open(out, 'wb') as f:
        f.write(bio.getvalue())
    return bio.getvalue()


def project(body, origin='test'):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<Project ' + NS + ' name="t" origin="' + origin + '">\n'
            + body + '</Project>\n').encode()


def quirks(out):
    u = G['user'].upper()
    body = (
        '<Users><User guid="{' + u + '}" name="ann"/></Users>\n'
        '<CodeBook><Codes>\n'
        '<Code guid="' + G['nodes'] + '" name="Nodes" isCodable="false">\n'
        '<Code guid="{' + G['code1'] + '}" name="Trust" isCodable="true">'
        '<Description>Trust between teams</Description></Code>\n'
        '<Code guid="' + G['code2'].upper() + '" name="Money/Budgets" '
        'isCodable="true" color="#ff0000"/>\n'
        '</Code>\n'
        '</Codes></CodeBook>\n'
        '<Variables><Variable guid="' + G['var'] + '" name="Locality" '
        'typeOfVariable="Text"/></Variables>\n'
        '<Cases><Case guid="' + G['case'] + '" name="North">'
        '<VariableValue><VariableRef targetGUID="' + G['var'] + '"/>'
        '<TextValue>Northvale</TextValue></VariableValue>'
        '<SourceRef targetGUID="' + G['src1'] + '"/></Case></Cases>\n'
        '<Sources>\n'
        # a BOM and CRLF; ATLAS.ti counts CRLF as one: "b\r\nc" is 3
        '<TextSource guid="' + G['src1'] + '" name="one" '
        'plainTextPath="internal://' + G['src1'] + '.txt">\n'
        '<PlainTextSelection guid="' + G['sel'] + '" name="Café trust" '
        'startPosition="6" endPosition="16" creatingUser="' + G['user'] + '">'
        '<Coding guid="' + G['sel'][:-1] + '1" creatingUser="{' + u + '}">'
        '<CodeRef targetGUID="{' + G['code1'].upper() + '}"/></Coding>'
        '<Coding guid="' + G['sel'][:-1] + '2" creatingUser="' + G['user'] + '">'
        '<CodeRef targetGUID="' + G['code2'] + '"/></Coding>'
        '<Coding guid="' + G['sel'][:-1] + '3" creatingUser="' + G['user'] + '">'
        '<CodeRef targetGUID="' + G['case'] + '"/></Coding>'
        '<Coding guid="' + G['sel'][:-1] + '4" creatingUser="' + G['user'] + '">'
        '<CodeRef targetGUID="' + G['sel'][:-1] + '9"/></Coding>'
        '</PlainTextSelection>\n'
        '<PlainTextSelection guid="' + G['sel'][:-1] + '5" startPosition="0" '
        'endPosition="4"><Description>a comment</Description>'
        '</PlainTextSelection>\n'
        '</TextSource>\n'
        # no name, no internal://
        '<TextSource guid="' + G['src2'] + '" plainTextPath="two.txt">'
        '<Coding guid="' + G['sel'][:-1] + '6" creatingUser="' + G['user'] + '">'
        '<CodeRef targetGUID="' + G['code1'] + '"/></Coding></TextSource>\n'
        # inline text
        '<TextSource guid="' + G['src3'] + '" name="three">'
        '<PlainTextContent>Inline text here.</PlainTextContent>'
        '<PlainTextSelection guid="' + G['sel'][:-1] + '7" startPosition="7" '
        'endPosition="11"><Coding guid="' + G['sel'][:-1] + '8" creatingUser="'
        + G['user'] + '"><CodeRef targetGUID="' + G['code1'] + '"/></Coding>'
        '</PlainTextSelection></TextSource>\n'
        '</Sources>\n')
    one = '\ufeffHello\r\nCafé trust here\r\nEnd\r\n'.encode()
    write(out, [('project.qde', project(body, 'ATLAS.ti 23.1')),
                ('Sources/' + G['src1'] + '.txt', one),
                ('Sources/two.txt', b'Second source.\n')])


def crlf_two(out):
    body = (
        '<Users><User guid="' + G['user'] + '" name="bo"/></Users>\n'
        '<CodeBook><Codes><Code guid="' + G['code1'] + '" name="Knee" '
        'isCodable="true"/></Codes></CodeBook>\n'
        '<Sources><TextSource guid="' + G['src1'] + '" name="visit" '
        'plainTextPath="internal://' + G['src1'] + '.txt">'
        # "Café\r\n\r\nmy knee hurts": "knee" starts at 4+2+2+3 = 11
        '<PlainTextSelection guid="' + G['sel'] + '" name="knee" '
        'startPosition="11" endPosition="15"><Coding guid="' + G['sel'][:-1]
        + '1" creatingUser="' + G['user'] + '"><CodeRef targetGUID="'
        + G['code1'] + '"/></Coding></PlainTextSelection>'
        '</TextSource></Sources>\n')
    write(out, [('project.qde', project(body, 'MAXQDA 2024')),
                ('sources/' + G['src1'] + '.txt',
                 'Café\r\n\r\nmy knee hurts\r\n'.encode())])


def minimal_body(path='internal://' + G['src1'] + '.txt'):
    return ('<Sources><TextSource guid="' + G['src1'] + '" name="a" '
            'plainTextPath="' + path + '"/></Sources>\n')


def bomb(out):
    write(out, [('project.qde', project(minimal_body())),
                ('sources/' + G['src1'] + '.txt', b'a' * (2 << 20))])


def crc(out):
    data = bytearray(write(out, [('project.qde', project(minimal_body())),
                                 ('sources/' + G['src1'] + '.txt',
                                  b'The text of a source.\n')],
                           stored=('sources/' + G['src1'] + '.txt',)))
    at = bytes(data).index(b'The text of a source.')
    data[at] ^= 0x20
    with open(out, 'wb') as f:
        f.write(bytes(data))


def doctype(out):
    xml = ('<?xml version="1.0"?>\n<!DOCTYPE Project [\n'
           '<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;&a;">\n]>\n'
           '<Project ' + NS + ' name="&b;"/>\n').encode()
    write(out, [('project.qde', xml)])


def badxml(out):
    write(out, [('project.qde', project(minimal_body())[:-12])])


def no_qde(out):
    write(out, [('sources/a.txt', b'text\n')])


def two_qde(out):
    write(out, [('a.qde', project('')), ('b.qde', project(''))])


def notzip(out):
    with open(out, 'wb') as f:
        f.write(b'PK\x03\x04 not really a zip archive at all\n')


def evil_path(out):
    body = ('<Sources><TextSource guid="' + G['src1'] + '" name="../../evil/x" '
            'plainTextPath="../../x.txt"/></Sources>\n')
    write(out, [('project.qde', project(body)),
                ('sources/../../x.txt', b'outside\n')])


CASES = {'quirks': quirks, 'crlf-two': crlf_two, 'bomb': bomb, 'crc': crc,
         'doctype': doctype, 'badxml': badxml, 'no-qde': no_qde,
         'two-qde': two_qde, 'notzip': notzip, 'evil-path': evil_path}

if __name__ == '__main__':
    if len(sys.argv) != 3 or sys.argv[1] not in CASES:
        sys.exit(__doc__)
    CASES[sys.argv[1]](sys.argv[2])
