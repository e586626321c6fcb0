#!/usr/bin/env bash
# Fetches the Wisconsin diagnostic breast cancer data (569 tumours x 30 real-valued features) from the CSV that
# Debian's python3-sklearn package ships, without installing the package, and writes a fixed train/test split for
# `relgrad train/eval/gaussian --data csv:...`:
#   TARGET_DIR/train.csv, TARGET_DIR/test.csv   header x1..x30, the class label dropped
# Every 5th row (0-based index % 5 == 4) is a test row. The 13 rows whose concavity features are exactly 0 are dropped:
# a point mass has no density, and a flow could win by piling mass on it.
#
# Usage: scripts/fetch-breast-cancer.sh [TARGET_DIR]   (default data/breast-cancer at the repository root)
set -euo pipefail

target="${1:-$(cd "$(dirname "$0")/.." && pwd)/data/breast-cancer}"
if [[ -s "$target/train.csv" && -s "$target/test.csv" ]]; then
  echo "breast cancer data already present in $target"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
if ! apt-get download python3-sklearn > download.log 2>&1; then
  apt-get update -q > /dev/null
  apt-get download python3-sklearn > download.log 2>&1
fi
dpkg-deb -x python3-sklearn_*.deb extracted
source_csv="$(find extracted -name breast_cancer.csv)"

mkdir -p "$target"
header="$(seq -s, -f 'x%g' 1 30)"
# line 1 of the source is "569,30,malignant,benign"; then 30 features and the label per line
awk -F, -v header="$header" -v train="$work/train.csv" -v test="$work/test.csv" '
  BEGIN { print header > train; print header > test }
  NR == 1 { next }
  {
    row = NR - 2
    if ($7 == 0 && $8 == 0) { next }
    line = $1
    for (i = 2; i <= 30; i++) line = line "," $i
    if (row % 5 == 4) print line > test; else print line > train
  }' "$source_csv"
mv "$work/train.csv" "$work/test.csv" "$target/"
echo "wrote $(($(wc -l < "$target/train.csv") - 1)) training and $(($(wc -l < "$target/test.csv") - 1)) test rows to $target"
