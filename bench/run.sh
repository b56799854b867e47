#!/bin/sh
# Switchboard benchmark: builds the distribution and the harness, then runs every measurement and writes
# bench/results/latest.md. See bench/README.md.
#   bench/run.sh                 full run (about 15 minutes; the first one also generates the inbox data set)
#   bench/run.sh --quick         short smoke run (about 5 minutes once the inbox data set is cached)
#   bench/run.sh --no-build ...  reuse installer/target/switchboard and bench/target as they are
# Other flags (--warmup=SECONDS, --runs=N, --senders=N, --skip-inbox, ...) go to the harness.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

build=yes
for arg in "$@"; do
  [ "$arg" = "--no-build" ] && build=no
done

if [ "$build" = yes ] || [ ! -x installer/target/switchboard/bin/switchboard ] || [ ! -f bench/target/switchboard-bench.jar ]; then
  echo "building the distribution and the harness (./mvnw package -DskipTests)…"
  ./mvnw -q -B package -DskipTests -pl installer,bench -am
fi

args=""
for arg in "$@"; do
  [ "$arg" = "--no-build" ] || args="$args $arg"
done

# The harness JVM: room for the inbox data set generation; the server under test gets its own default flags.
# shellcheck disable=SC2086
exec java -Xmx1g -Dorg.jooq.no-logo=true -Dorg.jooq.no-tips=true -Dguice_bytecode_gen_option=DISABLED \
  -cp "bench/target/switchboard-bench.jar:bench/target/lib/*" org.switchboard.bench.Bench --repo="$repo" $args
