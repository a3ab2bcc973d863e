#!/usr/bin/env bash
# Makes sure the PostgreSQL (127.0.0.1:5432, user postgres, trust) and MariaDB (127.0.0.1:3306,
# root, empty password) servers the storage tests use are up: starts them when installed but
# stopped, installs them from Debian's packages when missing (needs root). Tests pointed at other
# servers through OCTOPUS_TEST_POSTGRES / OCTOPUS_TEST_MYSQL skip all of this.
set -uo pipefail

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  for _ in $(seq 1 60); do port_open "$1" && return 0; sleep 0.5; done
  echo "services: nothing answers on 127.0.0.1:$1" >&2
  return 1
}

apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "services: $* missing; install it or set OCTOPUS_TEST_POSTGRES / OCTOPUS_TEST_MYSQL" >&2
    return 1
  fi
  [ -n "${APT_UPDATED:-}" ] || { apt-get update -qq; APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_postgres() {
  [ -n "${OCTOPUS_TEST_POSTGRES:-}" ] && return 0
  port_open 5432 && return 0
  if ! command -v pg_ctlcluster >/dev/null; then
    apt_install postgresql || return 1
    local hba
    hba=$(ls /etc/postgresql/*/main/pg_hba.conf | head -n 1)
    # Tests connect as postgres without a password over loopback only.
    sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
  fi
  local version
  version=$(ls /etc/postgresql | head -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
  wait_port 5432
}

ensure_mariadb() {
  [ -n "${OCTOPUS_TEST_MYSQL:-}" ] && return 0
  port_open 3306 && return 0
  local fresh=""
  if [ ! -x /usr/sbin/mariadbd ]; then
    apt_install mariadb-server || return 1
    fresh=1
  fi
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd >/dev/null 2>&1 || true
  wait_port 3306 || return 1
  if [ -n "$fresh" ]; then
    # A fresh Debian install lets root in through the socket only; tests use TCP with no password.
    mariadb -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket; FLUSH PRIVILEGES;"
  fi
}

ensure_postgres && ensure_mariadb
