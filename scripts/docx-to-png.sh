#!/bin/sh
# Look at a .docx as a reader would: LibreOffice (headless) turns it into a PDF, pdftoppm renders its pages as PNGs.
#   scripts/docx-to-png.sh [--update] <file.docx> <outdir> [dpi] [first-page] [last-page]
# Writes <outdir>/<name>.pdf and <outdir>/<name>-<page>.png (60 dpi unless told). For people, not for tests.
#   --update  update the table of contents and the fields first, as Tools > Update > Update All does (and as Word
#             does on opening when it asks to update the fields); without it, the document as it opens, with the
#             table of contents as written (its entries, without page numbers).
# Needs LibreOffice Writer and poppler (Debian: apt-get install -y libreoffice-writer poppler-utils).
set -eu

update=0
if [ "${1:-}" = "--update" ]; then
  update=1
  shift
fi
if [ $# -lt 2 ]; then
  echo "usage: $0 [--update] <file.docx> <outdir> [dpi] [first-page] [last-page]" >&2
  exit 2
fi
docx=$1
out=$2
dpi=${3:-60}
first=${4:-}
last=${5:-}

[ -f "$docx" ] || { echo "$0: no such file: $docx" >&2; exit 2; }
command -v libreoffice >/dev/null 2>&1 || { echo "$0: libreoffice is not installed (Debian: apt-get install -y libreoffice-writer)" >&2; exit 2; }
command -v pdftoppm >/dev/null 2>&1 || { echo "$0: pdftoppm is not installed (Debian: apt-get install -y poppler-utils)" >&2; exit 2; }

mkdir -p "$out"
out=$(cd "$out" && pwd)
src=$(cd "$(dirname "$docx")" && pwd)/$(basename "$docx")
name=$(basename "$docx" .docx)
pdf="$out/$name.pdf"
rm -f "$pdf"
# a profile of its own, so that a LibreOffice the user has open neither takes the conversion over nor locks it
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT INT TERM
lo() { libreoffice -env:UserInstallation="file://$profile" --headless "$@" >/dev/null 2>&1; }

if [ "$update" = 1 ]; then
  # a Basic macro in the fresh profile: open hidden, update every index and field twice (page numbers move as the
  # table of contents grows), export as PDF
  lo --terminate_after_init
  cat >"$profile/user/basic/Standard/Module1.xba" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub UpdateToPdf(inUrl As String, outUrl As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;Hidden&quot;
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(inUrl, &quot;_blank&quot;, 0, args())
  For pass = 1 To 2
    indexes = doc.getDocumentIndexes()
    For i = 0 To indexes.getCount() - 1
      indexes.getByIndex(i).update()
    Next
    doc.getTextFields().refresh()
  Next
  Dim f(0) As New com.sun.star.beans.PropertyValue
  f(0).Name = &quot;FilterName&quot;
  f(0).Value = &quot;writer_pdf_Export&quot;
  doc.storeToURL(outUrl, f())
  doc.close(True)
End Sub
</script:module>
EOF
  lo "macro:///Standard.Module1.UpdateToPdf(\"file://$src\",\"file://$pdf\")"
else
  lo --convert-to pdf --outdir "$out" "$src"
fi
[ -f "$pdf" ] || { echo "$0: LibreOffice wrote no PDF for $docx" >&2; exit 1; }
rm -f "$out/$name"-*.png
set -- -png -r "$dpi"
[ -n "$first" ] && set -- "$@" -f "$first"
[ -n "$last" ] && set -- "$@" -l "$last"
pdftoppm "$@" "$pdf" "$out/$name"
pages=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
echo "$pdf: ${pages:-?} pages; page images in $out/"
