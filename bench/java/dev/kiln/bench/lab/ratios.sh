#!/bin/sh
# Kiln's engine vs PyTorch on the same recipe, rows, epochs and threads, alternating the two
# (K P K P ...) so both see the same machine load. Prints each run's JSON line.
#   bench/java/dev/kiln/bench/lab/ratios.sh RECIPE ROWS EPOCHS THREADS REPEATS
# CACHE=NONE trains with the cache mode the compiler chose before (for a before/after).
# Needs the labs compiled (./mvnw -q -B -Plabs test-compile) and /tmp/kiln-test-cp.txt from
#   ./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/tmp/kiln-test-cp.txt -Dmdep.includeScope=test
set -e
cd "$(dirname "$0")/../../../../../.."
recipe=$1 rows=$2 epochs=$3 threads=$4 repeats=${5:-2}
data=${DATA:-/usr/share/datasets/fashion-mnist}
cp="target/test-classes:target/classes:$(cat ${CP_FILE:-/tmp/kiln-test-cp.txt})"
i=0
while [ $i -lt "$repeats" ]; do
  java -Xmx2g -cp "$cp" dev.kiln.bench.lab.StepLab --recipe "$recipe" --data "$data" --rows "$rows" \
    --threads "$threads" --rounds 0 --variants engine --epochs "$epochs" ${CACHE:+--cache $CACHE} 2>/dev/null \
    | grep '^{'
  /usr/bin/python3 bench/pytorch/train.py --data "$data" --recipe "$recipe" --train-rows "$rows" \
    --epochs "$epochs" --threads "$threads" --seed 42 --report-cpu
  i=$((i + 1))
done
