#!/usr/bin/env bash
# The README's speed comparison: one full training step (forward, backward, Adam update), float32, of this library's
# relative-gradient flow (relgrad-lab bench) against the same step written by hand in PyTorch with torch.optim.Adam and
# against PyTorch autograd through slogdet (../shared/reference/relgrad_torch_step.py), shape by shape, in one window.
#
# Usage: scripts/bench-vs-pytorch.sh [ROUNDS=2]      (needs /usr/bin/python3 with torch and an optimised BLAS for it:
# apt-get install python3-torch libopenblas0-pthread; with only the reference libblas3, which python3-torch alone pulls
# in, the PyTorch step was 18x slower here, 212 ms at D=784 B=100)
# Prints one CSV line per shape and round: D,B,layers,ours_ms,torch_relative_ms,torch_autograd_ms.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-2}"
jar=dl4j-relgrad-examples/target/relgrad.jar
ref="${RELGRAD_REFERENCE:-../shared/reference}"
threads="$(nproc)"
echo "D,B,layers,ours_ms,torch_relative_ms,torch_autograd_ms"
for round in $(seq "$rounds"); do
  for shape in "784 100 2" "784 10 2" "63 100 5" "2048 100 2"; do
    set -- $shape
    ours=$(java -cp "$jar" org.relgrad.examples.lab.RelgradLab bench --dims "$1" --batch "$2" --layers "$3" --methods relative --target-seconds 3 \
      2>/dev/null | awk '$2 == "relative" && $1 == "'"$1"'" {print $3; exit}')
    torch=$(cd "$ref" && OMP_WAIT_POLICY=passive /usr/bin/python3 relgrad_torch_step.py "$threads" "$1" \
      relative,autograd adam "$3" "$2" | awk -F, 'NR > 1 {printf "%s,", $7}')
    echo "$1,$2,$3,$ours,${torch%,}"
  done
done
