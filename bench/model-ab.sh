#!/bin/bash
# Alternates ModelBenchmark runs of several builds (checkouts with `./mvnw -q -o test-compile -DskipTests`
# done in each), a fresh JVM per run, and prints each run's 8 rep rates (events/s) in ascending order.
# usage: bench/model-ab.sh ROUNDS DIR [DIR ...]     e.g. bench/model-ab.sh 3 ../wt-old .
# The test classpath is taken from this checkout (the dependencies did not change between the builds compared).
set -euo pipefail
rounds=$1; shift
here=$(cd "$(dirname "$0")/.." && pwd)
cp=$(mktemp)
(cd "$here" && ./mvnw -q -o dependency:build-classpath -Dmdep.outputFile="$cp" -Dmdep.includeScope=test >/dev/null)
for r in $(seq 1 "$rounds"); do
  for d in "$@"; do
    out=$(cd "$d" && java -cp "target/classes:target/test-classes:$(cat "$cp")" org.openueba.bench.ModelBenchmark \
          --entities 1000 --days 30 --reps 8 --seed 42 --demo-users 0 2>&1 \
          | grep "rep " | sed 's/.*s, \([0-9,]*\) events.*/\1/' | tr -d , | sort -n | tr '\n' ' ')
    echo "$r $(cd "$d" && git rev-parse --short HEAD) $out"
  done
done
rm -f "$cp"
