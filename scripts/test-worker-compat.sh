#!/usr/bin/env bash
# Runs the storefront pipeline on Connect workers of other Kafka releases: for each version, the worker's own jars
# (connect-runtime and its dependencies, from Maven Central) in a JVM of its own, this repository's plugins and
# Debezium on its plugin.path, and every plugin checked end to end (dev.cdcflow.pipeline.compat.WorkerCompat).
#
# Usage: scripts/test-worker-compat.sh [VERSION...]   (default: every supported version, connect.tested.versions
#   in pom.xml)
#   COMPAT_JAVA="17 21": the Java runtimes to run each worker on, as feature releases or java binaries (default:
#     every tested one, connect.tested.javas in pom.xml). A release missing here is unpacked from Debian's
#     packages (scripts/lib/java-runtime.sh).
#   COMPAT_OUTPUT=file for the table (default docs/benchmarks/worker-compat.txt)
#   CDCFLOW_SKIP_BUILD=true when the plugins and the pipeline module are built already (the test command)
# Output on stdout and in the table file (version x Java x plugin x pass).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/ensure-clickhouse.sh
source scripts/lib/ensure-clickhouse.sh
# shellcheck source=lib/java-runtime.sh
source scripts/lib/java-runtime.sh
# shellcheck source=lib/worker-runtime.sh
source scripts/lib/worker-runtime.sh
# shellcheck source=lib/jvm.sh
source scripts/lib/jvm.sh
ensure_clickhouse_server

# A property of the parent pom, which declares the tested workers and Javas for the plugins' manifests.
pom_property() {
  sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml
}

versions=("$@")
if [ ${#versions[@]} -eq 0 ]; then
  read -r -a versions <<< "$(pom_property connect.tested.versions)"
fi
read -r -a java_choices <<< "${COMPAT_JAVA:-$(pom_property connect.tested.javas)}"
java_bins=()
for choice in "${java_choices[@]}"; do
  if [[ $choice =~ ^[0-9]+$ ]]; then
    java_bin=$(java_runtime "$choice") || exit 1
    java_bins+=("$java_bin")
  else
    java_bins+=("$choice")
  fi
done

output=${COMPAT_OUTPUT:-docs/benchmarks/worker-compat.txt}
if [ "${CDCFLOW_SKIP_BUILD:-false}" != true ]; then
  ./mvnw -B -q -ntp -DskipTests -pl pipeline -am package
fi


results=$(mktemp)
# The table's rows of a run's output, kept in $results (WorkerCompat prints stack traces on stderr, not filtered).
# shellcheck disable=SC2317 # run by run_jvm_through
table_rows() {
  grep --line-buffered '^|' | tee -a "$results"
}
status=0
for version in "${versions[@]}"; do
  lib=$(worker_lib "$version")
  for java_bin in "${java_bins[@]}"; do
    java_version=$(java_full_version "$java_bin")
    echo "Kafka Connect $version on Java $java_version ($java_bin) ..." >&2
    if ! run_jvm_through table_rows java -Xmx2g -cp "pipeline/target/classes:pipeline/target/lib/*" \
        dev.cdcflow.pipeline.compat.WorkerCompat --kafka "$version" --worker-lib "$lib" --java "$java_bin" \
        --java-version "$java_version" --plugins pipeline/target/plugins; then
      status=1
    fi
  done
done

mkdir -p "$(dirname "$output")"
{
  echo "# COMPAT_JAVA=\"${java_choices[*]}\" scripts/test-worker-compat.sh ${versions[*]}"
  echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores; Debezium $(pom_property debezium.version) on every worker"
  echo "| Kafka Connect | Java | plugin | result | detail |"
  echo "| --- | --- | --- | --- | --- |"
  cat "$results"
} | tee "$output"
rm -f "$results"
if grep -q '| FAIL |' "$output"; then
  status=1
fi
exit $status
