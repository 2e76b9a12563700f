#!/usr/bin/env bash
# Debian packages the portal and its suite use:
#   chromium, fonts-noto-core        end-to-end tests in a real browser
#   espeak-ng                        loa.wav (the script read aloud)
#   libpango-1.0-0, libpangoft2-1.0-0  WeasyPrint (posters)
#   tesseract-ocr, tesseract-ocr-vie   OCR of scanned originals (directives/extraction)
# Installed when running as root and missing; otherwise the tests that need
# them skip (or the feature answers 503) with a message saying what to install.
# `system-deps.sh runtime` (make run) leaves out what only the tests need.
set -u
missing=()
if [ "${1:-all}" != "runtime" ]; then
    command -v chromium >/dev/null 2>&1 || missing+=(chromium fonts-noto-core)
fi
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" \
    || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
{ command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie; } \
    || missing+=(tesseract-ocr-vie)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian packages: ${missing[*]}"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        "${missing[@]}" >/dev/null) \
        || echo "could not install ${missing[*]}: the tests that need them will skip"
else
    echo "Missing Debian packages (install them as root): ${missing[*]}"
fi
exit 0
