#!/bin/sh
# Switchboard benchmark: builds the distribution and the harness, then runs every measurement and writes
# bench/results/latest.md. See bench/README.md.
#   bench/run.sh                 full run (about 7 minutes after the build; the first also makes the inbox data set)
#   bench/run.sh --quick         short smoke run (about 4 minutes once the inbox data set is cached)
#   bench/run.sh --no-build ...  reuse installer/target/switchboard and bench/target as they are
# Other flags (--warmup=SECONDS, --runs=N, --senders=N, --skip-inbox, --profile, ...) go to the harness.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

build=yes
args=""
for arg in "$@"; do
  if [ "$arg" = "--no-build" ]; then build=no; else args="$args $arg"; fi
done

if [ "$build" = yes ] || [ ! -x installer/target/switchboard/bin/switchboard ] || [ ! -f bench/target/switchboard-bench.jar ]; then
  echo "building the distribution and the harness (./mvnw package -DskipTests)…"
  ./mvnw -q -B package -DskipTests -pl installer,bench -am
fi

# Run from private copies: a build in this checkout while the benchmark runs must not swap jars under it.
copy=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-bench.XXXXXX")
trap 'rm -rf "$copy"' EXIT INT TERM
cp -R installer/target/switchboard "$copy/switchboard"
cp -R bench/target/switchboard-bench.jar bench/target/lib "$copy/"

# The harness JVM: room for the inbox data set generation; the server under test gets its own default flags.
# shellcheck disable=SC2086
java -Xmx1g -Dorg.jooq.no-logo=true -Dorg.jooq.no-tips=true -Dguice_bytecode_gen_option=DISABLED \
  -cp "$copy/switchboard-bench.jar:$copy/lib/*" org.switchboard.bench.Bench \
  --repo="$repo" --dist="$copy/switchboard" $args
