# Sourced by the benchmark scripts: builds a module with what it needs (tests skipped) and prints its test class
# path (its test classes, its classes, and every dependency in test scope).
build_and_print_test_classpath() {
  local module=$1
  ./mvnw -B -q -ntp -DskipTests -pl "$module" -am install >&2
  printf '%s' "$module/target/test-classes:$module/target/classes:"
  ./mvnw -B -q -ntp -pl "$module" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout
}

# The project version, as the build filtered it.
project_version() {
  sed -n 's/^version=//p' connect-common/target/classes/dev/cdcflow/common/version.properties
}

# A header for a benchmark's output: the command and the machine.
benchmark_header() {
  echo "# $*"
  echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
}
