# shellcheck shell=bash
# Sourced by the scripts in scripts/: makes sure a clickhouse-server binary exists, the way the local stack looks
# for it (ClickHouseBinary.java): $CLICKHOUSE_SERVER_BIN, then $PATH, /usr/sbin, /usr/bin.

# shellcheck source=debian-packages.sh
source "$(dirname "${BASH_SOURCE[0]}")/debian-packages.sh"

find_clickhouse_server() {
  if [ -n "${CLICKHOUSE_SERVER_BIN:-}" ] && [ -x "$CLICKHOUSE_SERVER_BIN" ]; then
    echo "$CLICKHOUSE_SERVER_BIN"
    return 0
  fi
  PATH="$PATH:/usr/sbin:/usr/bin" command -v clickhouse-server
}

# Installs Debian's clickhouse-server when it is missing and we are root; otherwise says how to get it.
ensure_clickhouse_server() {
  if find_clickhouse_server > /dev/null; then
    return 0
  fi
  if install_debian_packages clickhouse-server && find_clickhouse_server > /dev/null; then
    return 0
  fi
  cat >&2 <<'MSG'
clickhouse-server is not installed, and this script can install it only as root on Debian/Ubuntu.
Install it with:   sudo apt-get install clickhouse-server
or point CLICKHOUSE_SERVER_BIN at an installed clickhouse-server binary, then run this script again.
MSG
  return 1
}
