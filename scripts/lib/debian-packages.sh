# shellcheck shell=bash
# Sourced by the scripts in scripts/: installs Debian packages the project needs, when this machine can.

# Installs the named Debian packages if we are root on a machine with apt-get; returns 1 otherwise.
install_debian_packages() {
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get > /dev/null; then
    return 1
  fi
  echo "Installing Debian packages: $* (apt-get install)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" > /dev/null
}

# Makes sure command $1 exists, installing Debian package $2 for it when missing; otherwise says how to get it.
ensure_command() {
  local command_name=$1 package=$2
  if command -v "$command_name" > /dev/null; then
    return 0
  fi
  install_debian_packages "$package" && command -v "$command_name" > /dev/null && return 0
  echo "$command_name is not installed, and this script can install it only as root on Debian/Ubuntu." >&2
  echo "Install it with:   sudo apt-get install $package" >&2
  return 1
}
