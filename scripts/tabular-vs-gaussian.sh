#!/usr/bin/env bash
# Density estimation on small real tables, the flow's default recipe against the full-covariance Gaussian, on
# held-out rows: the normal rows of the three tables in ../shared/data/anomaly (anomaly_peers.py's split: train on
# 60 % of the normals, held out = the other normals), seeds 1-5. Integer-valued columns are dequantised (?dequantize)
# for both models. Ionosphere's first column is 1 in every normal row, a point mass: both models get the other 32.
# Prints and writes docs/tabular-vs-gaussian.csv: table,seed,n_train,n_heldout,flow,gaussian,depth (mean held-out
# log-likelihood per row in nats; depth = the depth train chose on its validation part).
# Needs Debian's python3-numpy (anomaly_peers.py's split). Usage: scripts/tabular-vs-gaussian.sh [SEEDS...]
set -euo pipefail
cd "$(dirname "$0")/.."
ref="${RELGRAD_REFERENCE:-../shared/reference}"
tables="${RELGRAD_ANOMALY_DATA:-../shared/data/anomaly}"
jar="${RELGRAD_JAR:-dl4j-relgrad-examples/target/relgrad.jar}"
J="java -jar $jar"
L="java -cp $jar org.relgrad.examples.lab.RelgradLab"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
seeds="${*:-1 2 3 4 5}"
out=docs/tabular-vs-gaussian.csv
loglik() { grep -o '"loglik_mean":[^,}]*' | cut -d: -f2; }
echo "table,seed,n_train,n_heldout,flow,gaussian,depth" | tee "$work/all.csv"
for seed in $seeds; do
  for tab in breastcancer ionosphere pimaindiansdiabetes; do
    d="$work/$tab-$seed"
    /usr/bin/python3 "$ref/anomaly_peers.py" split "$tables/$tab.csv" "$d" "$seed" > /dev/null
    # the held-out normals: test rows labelled 0
    (head -1 "$d/test.csv"; paste -d, "$d/test_labels.csv" <(tail -n +2 "$d/test.csv") | awk -F, '$1 == 0' \
      | cut -d, -f2-) > "$d/heldout-all.csv"
    cols=1-
    [[ $tab == ionosphere ]] && cols=2-
    cut -d, -f"$cols" "$d/train.csv" > "$d/fit.csv"
    cut -d, -f"$cols" "$d/heldout-all.csv" > "$d/heldout.csv"
    $J train --data "csv:$d/fit.csv?dequantize" --out "$d/flow.zip" --valid-fraction 0.2 --threads 1 \
      --seed "$seed" > "$d/train.out" 2> "$d/train.log"
    depth=$(sed -n 's/^chosen on validation: \([0-9]*\) layer.*/\1/p' "$d/train.out")
    flow=$($J eval --model "$d/flow.zip" --data "csv:$d/heldout.csv?dequantize" --json 2> /dev/null | loglik)
    gauss=$($L gaussian --fit "csv:$d/fit.csv?dequantize" --data "csv:$d/heldout.csv?dequantize" --json \
      2> /dev/null | loglik)
    echo "$tab,$seed,$(($(wc -l < "$d/fit.csv") - 1)),$(($(wc -l < "$d/heldout.csv") - 1)),$flow,$gauss,$depth" \
      | tee -a "$work/all.csv"
  done
done
mv "$work/all.csv" "$out"
echo "wrote $out"
