#!/usr/bin/env bash
# Probabilistic regression on the Boston housing table: a context flow p(targets | other columns) against the
# homoscedastic linear-Gaussian regression, seeds 1-5, for one target (medv) and two joint sets of three.
# Writes docs/regression-boston.csv (seed, targets, model, chosen, n_test, test_loglik) and prints the summaries.
#
# Usage: scripts/regression-vs-linear.sh [TABLE]   (default: ../shared/data/regression/bostonhousing.csv)
# About 10 minutes on 2 cores. Builds relgrad.jar if it is missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
table="${1:-$root/../shared/data/regression/bostonhousing.csv}"
jar="${RELGRAD_JAR:-dl4j-relgrad-examples/target/relgrad.jar}"
[[ -f "$jar" ]] || mvn -B -ntp -q package -DskipTests
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
out=docs/regression-boston.csv
echo "seed,targets,model,chosen,n_test,test_loglik" > "$tmp/all.csv"
for targets in medv medv,lstat,rm medv,crim,nox; do
  echo "== targets $targets"
  java -cp "$jar" org.relgrad.examples.lab.RelgradLab regression --data "$table" --targets "$targets" \
    --seeds 1,2,3,4,5 --csv "$tmp/one.csv" 2>/dev/null | grep -v INFO
  tail -n +2 "$tmp/one.csv" >> "$tmp/all.csv"
done
mv "$tmp/all.csv" "$out"
echo "wrote $out"
