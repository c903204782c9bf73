#!/usr/bin/env bash
# Idempotent setup: system packages (Tesseract + Vietnamese data), .venv, the project.
# Safe to run again: each step checks before it acts.
set -euo pipefail
cd "$(dirname "$0")/.."

# Every Debian package the code uses, and nothing else: tests/test_system_paths.py checks that each
# system path named in the code (fonts, tessdata, tools) belongs to one of these.
#   tesseract-ocr, tesseract-ocr-vie  OCR and its Vietnamese data (settings: ocr.languages)
#   libtesseract5       the library under the program: the small OCR passes call it in-process (settings: ocr.in_process)
#   tesseract-ocr-script-viet  the 'Vietnamese' script model, measured against vie by bench/ocr_languages.py
#   fonts-dejavu-core   the report's and tests' Vietnamese-capable fonts (DejaVu Sans/Serif)
#   fonts-dejavu-extra  the condensed DejaVu Serif of the held-out scan tests
#   fonts-liberation2   Liberation Serif/Sans: the sample generator's print font
#   tzdata              the zone files ZoneInfo reads for settings.schedule.timezone (the nightly period)
#   chromium chromium-driver  the review workspace's browser test (Selenium drives the system's headless
#                       Chromium: nothing is downloaded at test time)
#   fonts-breip fonts-bwht fonts-humor-sans fonts-comic-neue fonts-dancingscript
#                       handwriting fonts: their digits train the reader of handwritten numbers and days
APT_PACKAGES="tzdata chromium chromium-driver tesseract-ocr libtesseract5 tesseract-ocr-vie tesseract-ocr-script-viet fonts-dejavu-core fonts-dejavu-extra fonts-liberation2 fonts-breip fonts-bwht fonts-humor-sans fonts-comic-neue fonts-dancingscript"
need_apt=""
for pkg in $APT_PACKAGES; do
  # dpkg-query, not a file test: a file left by a removed package must not hide the missing install
  dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null | grep -q '^ii' || { need_apt=1; break; }
done
if [ -n "$need_apt" ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "==> installing system packages: $APT_PACKAGES"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $APT_PACKAGES >/dev/null
  else
    echo "kiemchung needs these Debian packages; ask an administrator to run:" >&2
    echo "  sudo apt-get install $APT_PACKAGES" >&2
    exit 1
  fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ] && ! "$PY" -c "import ensurepip, venv" >/dev/null 2>&1; then
  # Debian splits venv/ensurepip out of python3
  if [ "$(id -u)" = "0" ]; then
    echo "==> installing python3-venv"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
  else
    echo "kiemchung needs Python's venv module; ask an administrator to run:" >&2
    echo "  sudo apt-get install python3-venv" >&2
    exit 1
  fi
fi
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.kiemchung-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "==> installing kiemchung and its dependencies into .venv"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e '.[test]'
  touch "$stamp"
fi
.venv/bin/python -m pipeline.core.i18n compile >/dev/null
