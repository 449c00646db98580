#!/usr/bin/env python3
"""Small .docx and .odt files for tests/office.bats and the fuzz seeds.

usage: make-office.py [--whole] [--part] OUT [BODY]
       make-office.py --case NAME OUT

OUT's extension picks the format: .docx, whose BODY goes inside w:body
of word/document.xml, or .odt, whose BODY goes inside office:text of
content.xml. The part's first two lines are the XML declaration and the
opening tags, so BODY begins on line 3. BODY defaults to nothing.

  --whole   BODY is the whole document part, not wrapped
  --part    write the document part alone, not the archive (OUT is then
            named NAME.docx.xml or NAME.odt.xml)

A .docx is [Content_Types].xml and word/document.xml, an .odt mimetype
(stored, first), content.xml and META-INF/manifest.xml: the least each
format needs. Entries are dated 1980-01-01, so a file is the same bytes
every time. The named cases, for what a BODY cannot make:

  huge         (.docx) one w:t of 64 MiB: the part passes 64 MiB of XML,
               the archive is some 65 KiB
  no-document  the archive without its document part
  upper-name   the document part named in capitals (Word/Document.Xml)
  bad-crc      the document part stored, one byte of it changed afterwards
  mismatch     the document part's local header names another file than
               the central directory does
"""
import io
import sys
import zipfile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCX_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:document xmlns:w="' + W_NS + '"'
    ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/'
    'wordprocessingShape"'
    ' xmlns:v="urn:schemas-microsoft-com:vml"><w:body>\n')
DOCX_TAIL = '\n</w:body></w:document>\n'
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '</Types>\n')

ODF = "urn:oasis:names:tc:opendocument:xmlns:"
ODT_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<office:document-content xmlns:office="' + ODF + 'office:1.0"'
    ' xmlns:text="' + ODF + 'text:1.0" xmlns:table="' + ODF + 'table:1.0"'
    ' xmlns:draw="' + ODF + 'drawing:1.0"'
    ' xmlns:svg="' + ODF + 'svg-compatible:1.0"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
    ' office:version="1.2"><office:body><office:text>\n')
ODT_TAIL = '\n</office:text></office:body></office:document-content>\n'
MIMETYPE = "application/vnd.oasis.opendocument.text"
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="' + ODF + 'manifest:1.0"'
    ' manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="'
    + MIMETYPE + '"/>'
    '<manifest:file-entry manifest:full-path="content.xml"'
    ' manifest:media-type="text/xml"/></manifest:manifest>\n')


def fmt_of(out):
    name = out.lower()
    name = name[:-4] if name.endswith(".xml") else name
    for ext in ("docx", "odt"):
        if name.endswith("." + ext):
            return ext
    sys.exit("make-office.py: %s: not named .docx or .odt" % out)


def part_name(fmt):
    return "word/document.xml" if fmt == "docx" else "content.xml"


def wrap(fmt, body):
    if fmt == "docx":
        return DOCX_HEAD + body + DOCX_TAIL
    return ODT_HEAD + body + ODT_TAIL


def archive(fmt, part, stored=False, without_part=False, name=None):
    """The bytes of a .docx or .odt holding part (bytes) as its document,
    under its own name or name."""
    def add(z, name, data, method=zipfile.ZIP_DEFLATED):
        info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
        info.compress_type = method
        z.writestr(info, data, compresslevel=9)

    buf = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buf, "w") as z:
        if fmt == "docx":
            add(z, "[Content_Types].xml", CONTENT_TYPES)
            if not without_part:
                add(z, name or part_name(fmt), part, method)
        else:
            add(z, "mimetype", MIMETYPE, zipfile.ZIP_STORED)
            if not without_part:
                add(z, name or part_name(fmt), part, method)
            add(z, "META-INF/manifest.xml", MANIFEST)
    return buf.getvalue()


def case(name, fmt):
    if name == "huge":
        if fmt != "docx":
            sys.exit("make-office.py: case huge makes a .docx")
        body = "<w:p><w:r><w:t>" + "a" * (64 << 20) + "</w:t></w:r></w:p>"
        return archive(fmt, wrap(fmt, body).encode())
    text = ('<w:p><w:r><w:t>Hello</w:t></w:r></w:p>' if fmt == "docx"
            else '<text:p>Hello</text:p>')
    part = wrap(fmt, text).encode()
    if name == "no-document":
        return archive(fmt, part, without_part=True)
    if name == "upper-name":
        return archive(fmt, part, name=part_name(fmt).title())
    data = bytearray(archive(fmt, part, stored=True))
    at = data.index(b"Hello")
    if name == "bad-crc":
        data[at] = ord("J")
        return bytes(data)
    if name == "mismatch":
        info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(part_name(fmt))
        data[info.header_offset + 30] = ord(part_name(fmt)[0].upper())
        return bytes(data)
    sys.exit("make-office.py: no case named %s" % name)


def main(argv):
    whole = part_only = False
    if argv[:1] == ["--case"] and len(argv) == 3:
        out = argv[2]
        data = case(argv[1], fmt_of(out))
    else:
        while argv[:1] in (["--whole"], ["--part"]):
            whole = whole or argv[0] == "--whole"
            part_only = part_only or argv[0] == "--part"
            argv = argv[1:]
        if len(argv) not in (1, 2):
            sys.exit(__doc__.split("\n\n")[1])
        out, body = argv[0], argv[1] if len(argv) == 2 else ""
        fmt = fmt_of(out)
        part = (body if whole else wrap(fmt, body)).encode()
        data = part if part_only else archive(fmt, part)
    with open(out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main(sys.argv[1:])
