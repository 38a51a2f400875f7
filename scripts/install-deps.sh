#!/bin/sh
# Installs the Debian 12 packages parley builds and tests with (as root; a no-op when all are present), and the
# browser test's driver from npm, pinned by tests/browser/package-lock.json (puppeteer-core 24.9.0).
# libpq-dev builds the PostgreSQL store; postgresql (15) and munge + slurmctld + slurmd + slurm-client are the
# servers the tests start for themselves (tests/pg/, tests/slurm/: throwaway, in temporary directories).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PKGS="build-essential cmake pkg-config clang libclang-rt-14-dev libicu-dev libjansson-dev libsqlite3-dev libxml2-dev
zlib1g-dev libstemmer-dev libmicrohttpd-dev libcmocka-dev iso-codes zstd python3 chromium fonts-dejavu-core
libpq-dev postgresql postgresql-client munge slurmctld slurmd slurm-client man-db"
# node and npm may come from elsewhere (NodeSource bundles npm and conflicts with Debian's npm package)
command -v node >/dev/null 2>&1 || PKGS="$PKGS nodejs"
command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
if [ -n "$missing" ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
if [ ! -d "$ROOT/tests/browser/node_modules/puppeteer-core" ]; then
  (cd "$ROOT/tests/browser" && npm ci --no-audit --no-fund --loglevel=error)
fi
