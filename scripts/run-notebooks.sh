#!/usr/bin/env bash
# Executes every notebook in dl4j-relgrad-examples/notebooks headless with the rapaio Java kernel and fails if any
# cell fails. Executed copies, with their outputs and plots, go to dl4j-relgrad-examples/target/notebooks/.
#
# Usage: scripts/run-notebooks.sh [NOTEBOOK.ipynb ...]     (default: all of them)
#
# What it does, in order:
#   1. installs the Debian packages jupyter-nbconvert and jupyter-client if missing (Jupyter runs on the system
#      /usr/bin/python3; nothing comes from pip);
#   2. checks that the committed notebooks carry no outputs (they are documentation; outputs live under target/);
#   3. builds dl4j-relgrad-examples/target/relgrad.jar (mvn package) when it is missing or older than the sources,
#      fetches the kernel jar io.github.padreati:rapaio-jupyter-kernel with Maven and MNIST with scripts/fetch-mnist.sh;
#   4. writes the kernel spec "relgrad-java" under dl4j-relgrad-examples/target/jupyter (used as JUPYTER_PATH, never the
#      user's own Jupyter folders), with relgrad.jar on the kernel's classpath (RJK_CLASSPATH);
#   5. runs `jupyter nbconvert --execute` on each notebook and prints its time. A kernel start that never answers
#      (seen now and then on a loaded machine) is retried, up to 3 attempts; a failing cell is not retried.
#
# Environment: RELGRAD_NOTEBOOK_QUICK (default 1: small training runs, as the notebooks say; set it empty for the
# full runs), RELGRAD_KERNEL_STARTUP_TIMEOUT (seconds, default 45), RELGRAD_CELL_TIMEOUT (seconds, default 1800).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
examples=dl4j-relgrad-examples
notebooks_dir="$examples/notebooks"
out_dir="$examples/target/notebooks"
kernel_version=3.0.1
kernel_dir="$examples/target/kernel"
kernel_jar="$kernel_dir/rapaio-jupyter-kernel-$kernel_version.jar"
fat_jar="$examples/target/relgrad.jar"
jupyter_path="$root/$examples/target/jupyter"
startup_timeout="${RELGRAD_KERNEL_STARTUP_TIMEOUT:-45}"
cell_timeout="${RELGRAD_CELL_TIMEOUT:-1800}"
attempts=3
export RELGRAD_NOTEBOOK_QUICK="${RELGRAD_NOTEBOOK_QUICK-1}"
[[ -n "$RELGRAD_NOTEBOOK_QUICK" ]] || unset RELGRAD_NOTEBOOK_QUICK

if (($# > 0)); then
  notebooks=("$@")
else
  notebooks=("$notebooks_dir"/*.ipynb)
fi

# 1. Debian packages
missing=()
for pkg in jupyter-nbconvert jupyter-client; do
  status="$(dpkg-query -W -f='${Status}' "$pkg" 2> /dev/null || true)"
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
if ((${#missing[@]} > 0)); then
  echo "installing Debian packages: ${missing[*]}"
  sudo=()
  ((EUID == 0)) || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq > /dev/null
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" > /dev/null
fi
python=/usr/bin/python3
jupyter=/usr/bin/jupyter

# 2. committed notebooks have no outputs and no execution counts
"$python" - "$notebooks_dir"/*.ipynb << 'EOF'
import json, sys
bad = []
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") == "code" and (cell.get("outputs") or cell.get("execution_count") is not None):
            bad.append(f"{path}: cell {i} has outputs or an execution count")
if bad:
    print("\n".join(bad), file=sys.stderr)
    print("Commit notebooks without outputs (Jupyter: Edit > Clear All Outputs; or "
          "jupyter nbconvert --clear-output --inplace FILE)", file=sys.stderr)
    sys.exit(1)
EOF

# 3. jars and data
stale=""
if [[ -f "$fat_jar" ]]; then
  stale="$(find pom.xml dl4j-relgrad-core/pom.xml dl4j-relgrad-core/src/main "$examples/pom.xml" "$examples/src/main" \
    -newer "$fat_jar" -type f -print -quit)"
fi
if [[ ! -f "$fat_jar" || -n "$stale" ]]; then
  echo "building $fat_jar (mvn -B -q -DskipTests package)"
  mvn -B -q -DskipTests package
fi
if [[ ! -f "$kernel_jar" ]]; then
  echo "fetching rapaio-jupyter-kernel $kernel_version"
  mvn -B -q -N dependency:copy -Dartifact="io.github.padreati:rapaio-jupyter-kernel:$kernel_version" \
    -DoutputDirectory="$kernel_dir"
fi
scripts/fetch-mnist.sh > /dev/null

# 4. kernel spec
mkdir -p "$jupyter_path/kernels/relgrad-java" "$out_dir"
java_bin="java"
[[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && java_bin="$JAVA_HOME/bin/java"
"$python" - "$jupyter_path/kernels/relgrad-java/kernel.json" "$java_bin" "$root/$kernel_jar" "$root/$fat_jar" << 'EOF'
import json, sys
out, java, kernel_jar, fat_jar = sys.argv[1:]
spec = {
    "argv": [java, "-Djava.awt.headless=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
             "-jar", kernel_jar, "{connection_file}"],
    "display_name": "Java (dl4j-relgrad)",
    "language": "java",
    "interrupt_mode": "message",
    "env": {"RJK_CLASSPATH": fat_jar, "RJK_COMPILER_OPTIONS": "", "RJK_TIMEOUT_MILLIS": "-1",
            "RJK_INIT_SCRIPT": "",
            # OpenBLAS 0.3.19's AVX-512 LAPACK is wrong on newer Xeons (README, "Troubleshooting"); the kernel runs
            # the library in-process, so it cannot re-launch itself as the relgrad command does
            "OPENBLAS_CORETYPE": "Haswell"},
}
with open(out, "w", encoding="utf-8") as f:
    json.dump(spec, f, indent=2)
EOF
export JUPYTER_PATH="$jupyter_path"

# 5. execute
failed=()
total_start=$SECONDS
for nb in "${notebooks[@]}"; do
  name="$(basename "$nb" .ipynb)"
  log="$out_dir/$name.log"
  start=$SECONDS
  result=failed
  for ((attempt = 1; attempt <= attempts; attempt++)); do
    rc=0
    "$jupyter" nbconvert --to notebook --execute \
      --ExecutePreprocessor.kernel_name=relgrad-java \
      --ExecutePreprocessor.startup_timeout="$startup_timeout" \
      --ExecutePreprocessor.timeout="$cell_timeout" \
      --output-dir "$out_dir" "$nb" > "$log" 2>&1 || rc=$?
    if ((rc == 0)); then
      result=ok
      break
    fi
    # Retry only a kernel that never answered its start-up handshake; a cell error is a real failure.
    if ! grep -q -e "CellExecutionError" "$log" \
        && grep -q -e "Kernel didn't respond in" -e "Kernel died before replying to kernel_info" "$log"; then
      echo "$name: kernel did not start (attempt $attempt of $attempts)"
      continue
    fi
    break
  done
  printf '%-24s %-6s %4d s\n' "$name" "$result" $((SECONDS - start))
  if [[ "$result" != ok ]]; then
    failed+=("$name")
    echo "---- last lines of $log ----"
    tail -n 60 "$log"
    echo "----"
  fi
done
if ((${#failed[@]} == 0)); then
  echo "notebooks: all ${#notebooks[@]} ran without a cell error ($((SECONDS - total_start)) s); executed copies in $out_dir"
else
  echo "notebooks: ${#failed[@]} of ${#notebooks[@]} failed (${failed[*]}); logs in $out_dir" >&2
  exit 1
fi
