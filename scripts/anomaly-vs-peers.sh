#!/usr/bin/env bash
# Novelty detection on the real tables of ../shared/data/anomaly: for seeds 1-5, anomaly_peers.py's split (train on
# 60 % of the normal rows), then a flow (relgrad train + relgrad score) and scikit-learn's IsolationForest, LOF and a
# full-covariance Gaussian on the same split; prints one CSV row of AUROCs per table and seed.
# Needs Debian's python3-sklearn. Usage: scripts/anomaly-vs-peers.sh [SEEDS...]   (default 1 2 3 4 5)
set -euo pipefail
cd "$(dirname "$0")/.."
ref="${RELGRAD_REFERENCE:-../shared/reference}"
tables="${RELGRAD_ANOMALY_DATA:-../shared/data/anomaly}"
jar=dl4j-relgrad-examples/target/relgrad.jar
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
P="/usr/bin/python3 $ref/anomaly_peers.py"
seeds="${*:-1 2 3 4 5}"
echo "table,seed,flow,isolation_forest,lof,gaussian"
for seed in $seeds; do
  for tab in breastcancer ionosphere pimaindiansdiabetes; do
    d="$work/$tab-$seed"
    $P split "$tables/$tab.csv" "$d" "$seed" > /dev/null
    peers=$($P peers "$d" "$seed" | awk -F, 'NR > 1 {printf "%s,", $2}')
    java -jar "$jar" train --data "csv:$d/train.csv?dequantize" --out "$d/flow.zip" --layers 3 --epochs 300 \
      --patience 30 --valid-fraction 0.2 --threads 1 --seed "$seed" --drop-constant-columns > "$d/train.log" 2>&1
    java -jar "$jar" score --model "$d/flow.zip" --data "csv:$d/test.csv" --out "$d/scores.csv" 2> /dev/null
    flow=$($P score "$d" "$d/scores.csv" | awk '{print $2}')
    echo "$tab,$seed,$flow,${peers%,}"
  done
done
