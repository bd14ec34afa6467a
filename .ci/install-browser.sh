#!/usr/bin/env bash
# Installs the headless browser the end-to-end report test drives (Debian's chromium), when missing.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -y
$SUDO apt-get install -y chromium
/usr/bin/chromium --version
