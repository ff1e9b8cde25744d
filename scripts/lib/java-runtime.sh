# shellcheck shell=bash
# Sourced by the scripts in scripts/: finds a Java runtime of one feature release (17, 21, ...) to run Connect
# workers with. It looks at the java on PATH and the JDKs under /usr/lib/jvm; failing those, it unpacks Debian's
# openjdk-N-jre-headless into a cache folder without installing anything (Debian 12 has no Java 21, Debian 13 has).
# That build wants the C library of its own Debian release, so the same release's libc is unpacked beside it and
# the JVM starts through that release's dynamic loader: the machine's own libraries stay as they are.

# The feature release of the java binary $1 ("17", "21"), empty when it does not run.
java_feature_release() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p'
}

# The full version of the java binary $1 ("21.0.13").
java_full_version() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.runtime\.version = \([0-9.]*\).*/\1/p'
}

# Prints the path of a java binary of feature release $1; otherwise says how to get one and returns 1.
java_runtime() {
  local release=$1 candidate
  for candidate in "$(command -v java)" /usr/lib/jvm/*/bin/java; do
    if [ -x "$candidate" ] && [ "$(java_feature_release "$candidate")" = "$release" ]; then
      echo "$candidate"
      return 0
    fi
  done
  if unpack_debian_java "$release"; then
    return 0
  fi
  cat >&2 <<MSG
No Java $release runtime was found (java on PATH, /usr/lib/jvm), and Debian's openjdk-$release-jre-headless could
not be unpacked (that needs apt-get and the Debian archive). Install a Java $release runtime, or give its java
binary instead of the release number, e.g. COMPAT_JAVA=/opt/jdk-$release/bin/java.
MSG
  return 1
}

# Unpacks openjdk-$1-jre-headless and the C library it needs from Debian release DEBIAN_JAVA_SUITE (default trixie)
# into ~/.cache/cdcflow/java-$1, writes a java launcher there and prints its path. Reuses an earlier unpacking.
unpack_debian_java() {
  local release=$1 suite=${DEBIAN_JAVA_SUITE:-trixie}
  local root=${XDG_CACHE_HOME:-$HOME/.cache}/cdcflow/java-$release
  if [ -x "$root/java" ] && [ "$(java_feature_release "$root/java")" = "$release" ]; then
    echo "$root/java"
    return 0
  fi
  command -v apt-get > /dev/null && command -v dpkg-deb > /dev/null || return 1
  echo "Unpacking Java $release from Debian $suite's packages into $root (nothing is installed)..." >&2
  rm -rf "$root"
  mkdir -p "$root/apt/lists/partial" "$root/apt/archives/partial" "$root/debs" "$root/fs"
  echo "deb http://deb.debian.org/debian $suite main" > "$root/apt/sources.list"
  # A private package list: the machine's own apt sources and state are neither read nor changed.
  local apt_options=(-o "Dir::Etc::sourcelist=$root/apt/sources.list" -o "Dir::Etc::sourceparts=-"
    -o "Dir::State::Lists=$root/apt/lists" -o "Dir::Cache=$root/apt" -o "APT::Sandbox::User=$(id -un)")
  apt-get "${apt_options[@]}" -qq update >&2 || return 1
  (cd "$root/debs" && apt-get "${apt_options[@]}" -qq download "openjdk-$release-jre-headless" libc6 libgcc-s1 \
    libstdc++6 zlib1g >&2) || return 1
  local deb
  for deb in "$root"/debs/*.deb; do
    dpkg-deb -x "$deb" "$root/fs"
  done
  # The JDK's configuration (java.security, jvm.cfg, ...) links to /etc/java-N-openjdk: point those links at the
  # unpacked copies.
  local link target
  while IFS= read -r link; do
    target=$(readlink "$link")
    if [ -e "$root/fs$target" ]; then
      ln -sfn "$root/fs$target" "$link"
    fi
  done < <(find "$root/fs/usr/lib/jvm" -type l -lname '/*')
  local java_home loader
  java_home=$(dirname "$(dirname "$(find "$root/fs/usr/lib/jvm" -path '*/bin/java' -type f | head -1)")")
  loader=$(find "$root/fs" -name 'ld-linux*.so.*' | head -1)
  [ -d "$java_home" ] && [ -n "$loader" ] || return 1
  cat > "$root/java" <<LAUNCHER
#!/bin/sh
# Java $release from Debian $suite's packages, started with that release's C library (unpacked, not installed).
exec "$loader" --library-path "$(dirname "$loader"):$java_home/lib:$java_home/lib/server" "$java_home/bin/java" "\$@"
LAUNCHER
  chmod +x "$root/java"
  rm -rf "$root/debs" "$root/apt"
  [ "$(java_feature_release "$root/java")" = "$release" ] || return 1
  echo "$root/java"
}
