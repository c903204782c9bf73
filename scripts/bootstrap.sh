#!/usr/bin/env bash
# Idempotent setup: system packages (Tesseract + Vietnamese data), .venv, the project.
# Safe to run again: each step checks before it acts.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES="tesseract-ocr tesseract-ocr-vie tesseract-ocr-script-viet poppler-utils fonts-dejavu-core"
need_apt=""
command -v tesseract >/dev/null 2>&1 || need_apt=1
if command -v tesseract >/dev/null 2>&1; then
  tesseract --list-langs 2>/dev/null | grep -qx vie || need_apt=1
  tesseract --list-langs 2>/dev/null | grep -qx Vietnamese || need_apt=1
fi
command -v pdftoppm >/dev/null 2>&1 || need_apt=1
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt=1
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
.venv/bin/python -m pipeline.i18n compile >/dev/null
