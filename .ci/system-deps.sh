#!/usr/bin/env bash
# System packages the suite uses: Debian's chromium for the end-to-end test.
# Installed when running as root and missing; otherwise the tests that need
# them skip with a message saying how to enable them.
set -u
if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the end-to-end tests…"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        chromium fonts-noto-core >/dev/null) \
        || echo "chromium could not be installed: end-to-end tests will be skipped"
fi
exit 0
