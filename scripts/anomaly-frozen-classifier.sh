#!/usr/bin/env bash
# Novelty detection from a frozen DL4J classifier's features (relgrad-lab anomaly): each digit 0-9 held out in turn,
# the 32 linear features before the output layer, every density (Gaussian, class-conditional Gaussian, flow head with
# standard and class-conditional base) beside max-softmax and the standardised sums. Default settings (60 flow epochs
# at most, patience 5, Adam 2e-3). Writes docs/anomaly-frozen-classifier.csv. About 5 minutes per digit on one core.
# Usage: scripts/anomaly-frozen-classifier.sh [DIGITS] (comma-separated, default 0,1,...,9)
set -euo pipefail
cd "$(dirname "$0")/.."
jar="${RELGRAD_JAR:-dl4j-relgrad-examples/target/relgrad.jar}"
scripts/fetch-mnist.sh > /dev/null
# JavaCPP frees ND4J's off-heap arrays when their Java objects are collected; without a limit the heap's GC runs too
# rarely and the off-heap part grew past 20 GB over several digits (seen here): cap it so collections happen
java -Dorg.bytedeco.javacpp.maxbytes=3G -Dorg.bytedeco.javacpp.maxphysicalbytes=6G -cp "$jar" \
  org.relgrad.examples.lab.RelgradLab anomaly --mnist data/mnist --holdout "${1:-0,1,2,3,4,5,6,7,8,9}" \
  --feature-layer linear --threads 1 --csv docs/anomaly-frozen-classifier.csv
