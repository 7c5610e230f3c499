#!/usr/bin/env bash
# Make sure what the test suite needs is here, as on a fresh machine:
#  - a PostgreSQL server answering on 127.0.0.1:5432 with trust auth for the user postgres
#  - Debian's chromium at /usr/bin/chromium for the browser tests
#  - Debian's Dovecot (dovecot-imapd) for the e-mail logging tests, which start their own
#    instance on a loopback port (tests/imap_server.py); no system service is started
# Installs Debian packages with apt-get when they are missing (needs root or sudo).
set -euo pipefail

SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
fi

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    $SUDO apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

pg_ready() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }

if ! command -v pg_isready >/dev/null 2>&1 || ! pg_ready; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "ensure-services: installing PostgreSQL from Debian's packages"
    apt_install postgresql postgresql-client
  fi
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  if ! $SUDO grep -q "rapport-test" "$hba"; then
    # Trust local TCP connections so the test suite can create its own databases.
    $SUDO sed -i '1i host all all 127.0.0.1/32 trust # rapport-test\nhost all all ::1/128 trust # rapport-test' "$hba"
  fi
  echo "ensure-services: starting PostgreSQL $version"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
    || $SUDO pg_ctlcluster "$version" main start 2>/dev/null \
    || $SUDO pg_ctlcluster "$version" main reload
  for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
  pg_ready || { echo "ensure-services: PostgreSQL did not start" >&2; exit 1; }
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "ensure-services: installing chromium from Debian's packages"
  apt_install chromium
fi

if ! command -v dovecot >/dev/null 2>&1 && [ ! -x /usr/sbin/dovecot ]; then
  echo "ensure-services: installing dovecot-imapd from Debian's packages"
  apt_install dovecot-imapd
fi
