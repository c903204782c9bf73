#!/usr/bin/env bash
# Render the first page of a feedback letter (DOCX) to a PNG for the README — a documentation tool,
# not part of bootstrap or of any run.
#   bash scripts/render_letter.sh OUT/Xã\ Lâm\ Kiệt.docx [docs/img/letter.png]
# Installs LibreOffice Writer (headless, no GUI) with apt when soffice is missing, converts the DOCX
# to PDF with `soffice --headless --convert-to pdf`, and draws page 1 with pypdfium2 (from .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
letter="${1:?usage: scripts/render_letter.sh LETTER.docx [OUT.png]}"
png="${2:-docs/img/letter.png}"
if ! command -v soffice >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui >/dev/null
  else
    echo "soffice is missing: sudo apt-get install --no-install-recommends libreoffice-writer-nogui" >&2
    exit 1
  fi
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$letter" "$work/letter.docx"
# a private profile directory: never touches the user's LibreOffice settings
soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf --outdir "$work" \
  "$work/letter.docx" >/dev/null
mkdir -p "$(dirname "$png")"
.venv/bin/python - "$work/letter.pdf" "$png" <<'PY'
import sys

import pypdfium2 as pdfium

pdf = pdfium.PdfDocument(sys.argv[1])
image = pdf[0].render(scale=1.5).to_pil()  # 1.5 x 72 dpi: legible on GitHub, small in the repository
image.convert("RGB").save(sys.argv[2], optimize=True)
print(sys.argv[2], image.size)
PY
