#!/bin/sh
# Installs the Debian 12 packages parley builds and tests with (as root; a no-op when all are present).
set -eu
PKGS="build-essential cmake pkg-config clang libclang-rt-14-dev libicu-dev libjansson-dev libsqlite3-dev libxml2-dev
zlib1g-dev libstemmer-dev libmicrohttpd-dev libcmocka-dev iso-codes zstd python3"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
