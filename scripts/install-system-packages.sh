#!/usr/bin/env bash
# Debian packages the project needs beyond Python: WeasyPrint's libraries, poppler (the tests read
# PDFs back with pdftotext/pdfinfo), gettext, Chromium for the browser tests, and postgresql-client
# (pg_dump/pg_restore for `manage.py backup` / `restore`), wrk (the load generator of bench/api_throughput.py).
# Installs only what is missing, so a second run costs nothing.
set -euo pipefail
PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils gettext chromium postgresql-client wrk)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
