#!/usr/bin/env bash
# Headless Chromium for the report module's browser tests (lifecycle-report's ReportBrowserTest).
#
#   .ci/chromium.sh   # installs Debian's chromium and chromium-driver when /usr/bin/chromium or
#                     # /usr/bin/chromedriver is missing (root + apt only); otherwise does nothing
#
# The tests fail (never skip) when no browser can be started, so a machine without root must install
# the two packages itself (Debian/Ubuntu: sudo apt-get install -y chromium chromium-driver).
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "chromium.sh: /usr/bin/chromium or /usr/bin/chromedriver is missing; install them" \
         "(Debian/Ubuntu: sudo apt-get install -y chromium chromium-driver): the browser tests need them" >&2
    exit 1
fi
echo "chromium.sh: installing chromium and chromium-driver from Debian packages" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
