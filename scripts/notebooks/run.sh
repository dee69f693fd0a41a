#!/usr/bin/env bash
# Executes every notebook in docs/notebooks/ with Deno's Jupyter kernel and checks the results.
#
#   bash scripts/notebooks/run.sh            # execute into a temporary folder and check (what CI runs)
#   bash scripts/notebooks/run.sh --write    # also write the executed notebooks back (refresh the committed outputs)
#   NOTEBOOKS_SKIP_BUILD=1 bash scripts/notebooks/run.sh   # reuse dist/ as it is
#
# What it needs and installs (nothing is added to package.json; the caches live in .cache/, gitignored):
#   - the built package: `npm run build` (dist/src/index.js, which the notebooks import);
#   - Deno, from the npm registry's `deno` package (its linux-x64 binary ships in @deno/linux-x64-glibc),
#     into .cache/deno;
#   - Jupyter's nbconvert, nbclient and jupyter_client: the ones already there (.cache/notebooks-venv,
#     Debian's, or a `jupyter` on PATH), else Debian's packages when apt-get can install them (as
#     root), else pip into a virtual environment .cache/notebooks-venv at pinned versions;
#   - Deno's kernelspec (`deno jupyter --install`), registered in a data folder under .cache/, so the
#     user's own Jupyter setup is left alone.
# Then scripts/notebooks/check.py fails unless every code cell ran without an error, the graphs came
# out as image/svg+xml or text/html, and the training notebook printed the accuracy it promises.
set -euo pipefail

DENO_VERSION=2.9.6
CELL_TIMEOUT=${NOTEBOOK_CELL_TIMEOUT:-300}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
WRITE=0
[ "${1:-}" = "--write" ] && WRITE=1

started=$(date +%s)
say() { echo "notebooks: $*"; }

# 1. The package the notebooks import.
if [ "${NOTEBOOKS_SKIP_BUILD:-0}" = 1 ] && [ -f dist/src/index.js ]; then
  say "using the existing build in dist/ (NOTEBOOKS_SKIP_BUILD=1)"
else
  say "building the package (npm run build)"
  npm run build --silent
fi

# 2. Deno from the npm registry, outside package.json.
DENO="$ROOT/.cache/deno/node_modules/.bin/deno"
if ! "$DENO" --version 2>/dev/null | grep -q "^deno $DENO_VERSION "; then
  say "installing deno@$DENO_VERSION from npm into .cache/deno"
  mkdir -p .cache/deno
  npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix .cache/deno "deno@$DENO_VERSION"
fi
"$DENO" --version | head -1

# 3. jupyter nbconvert + nbclient + jupyter_client.
JUPYTER=""
VENV="$ROOT/.cache/notebooks-venv"
if [ -x "$VENV/bin/jupyter" ] && "$VENV/bin/python" -c "import nbconvert, nbclient, jupyter_client" >/dev/null 2>&1; then
  JUPYTER="$VENV/bin/jupyter"
elif [ -x /usr/bin/jupyter ] && /usr/bin/python3 -c "import nbconvert, nbclient, jupyter_client" >/dev/null 2>&1; then
  JUPYTER=/usr/bin/jupyter
elif command -v jupyter >/dev/null && jupyter nbconvert --version >/dev/null 2>&1; then
  JUPYTER=$(command -v jupyter)   # the user's own (nbconvert 6 and later executes with nbclient)
else
  APT_PACKAGES="jupyter-nbconvert python3-nbconvert python3-nbclient python3-jupyter-client python3-nbformat"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Jupyter's nbconvert from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt_install() { apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $APT_PACKAGES >/dev/null; }
    apt_install || { apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null && apt_install; } || true
  fi
  if [ -x /usr/bin/jupyter ] && /usr/bin/python3 -c "import nbconvert, nbclient, jupyter_client" >/dev/null 2>&1; then
    JUPYTER=/usr/bin/jupyter
  else
    say "installing nbconvert, nbclient and jupyter_client with pip into .cache/notebooks-venv"
    if ! { python3 -m venv "$VENV" &&
      "$VENV/bin/pip" install --quiet "nbconvert==7.16.4" "nbclient==0.10.0" "jupyter_client==8.6.3" "nbformat==5.10.4"; }; then
      echo "notebooks: could not install Jupyter's nbconvert. Install it yourself — on Debian as root:" >&2
      echo "  apt-get install jupyter-nbconvert python3-nbclient python3-jupyter-client" >&2
      echo "or with pip: pip install nbconvert nbclient jupyter_client — then run this script again." >&2
      exit 1
    fi
    JUPYTER="$VENV/bin/jupyter"
  fi
fi
say "using $JUPYTER (nbconvert $("$JUPYTER" nbconvert --version))"

# 4. Deno's kernel, registered in a data folder of our own (XDG_DATA_HOME is where `deno jupyter
#    --install` writes; JUPYTER_PATH is where Jupyter looks), so the user's own Jupyter is left alone.
export XDG_DATA_HOME="$ROOT/.cache/jupyter-data"
export JUPYTER_PATH="$XDG_DATA_HOME/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
export PATH="$(dirname "$DENO"):$PATH"
export DENO_NO_UPDATE_CHECK=1
"$DENO" jupyter --install --force >/dev/null 2>&1
[ -f "$XDG_DATA_HOME/jupyter/kernels/deno/kernel.json" ] || { echo "notebooks: Deno's kernelspec did not register in $XDG_DATA_HOME/jupyter" >&2; exit 1; }

# 5. Execute every notebook (the kernel runs in the notebook's folder, so its relative imports resolve).
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
execute() {
  "$JUPYTER" nbconvert --to notebook --execute --allow-errors \
    --ExecutePreprocessor.timeout="$CELL_TIMEOUT" --ExecutePreprocessor.kernel_name=deno \
    --output-dir "$OUT" "$1" 2>&1 | grep -v -e "^\[NbConvertApp\] Converting notebook" -e "\"deno jupyter\" is unstable" || true
  [ -f "$OUT/$(basename "$1")" ]
}
for nb in docs/notebooks/*.ipynb; do
  t0=$(date +%s)
  execute "$nb" || { echo "notebooks: $nb did not execute" >&2; exit 1; }
  # Now and then an output of Deno's kernel does not reach the executed notebook (seen here: a
  # console.log line, a graph cell's result, in both notebooks of one run): a notebook whose check
  # fails runs again, up to three runs in all; a real failure fails every time.
  for attempt in 2 3; do
    checked=$(python3 scripts/notebooks/check.py "$OUT/$(basename "$nb")" 2>&1) && break
    say "$nb failed its check; executing it again (run $attempt of 3). The check said:"
    printf '%s\n' "$checked" | sed 's/^/  | /'
    rm -f "$OUT/$(basename "$nb")"
    execute "$nb" || { echo "notebooks: $nb did not execute" >&2; exit 1; }
  done
  say "executed $nb in $(( $(date +%s) - t0 )) s"
done

# 6. Check the executed notebooks (the checker's last line, "notebooks: N passed, N failed", closes the run).
say "built, installed and executed in $(( $(date +%s) - started )) s; checking"
python3 scripts/notebooks/check.py "$OUT"/*.ipynb

if [ "$WRITE" = 1 ]; then
  # Without the per-cell execution timestamps, so that a refresh changes only what the cells show.
  python3 - "$OUT"/*.ipynb <<'PY'
import json, sys
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    for cell in nb["cells"]:
        cell.get("metadata", {}).pop("execution", None)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(nb, f, indent=1, ensure_ascii=False)
        f.write("\n")
PY
  cp "$OUT"/*.ipynb docs/notebooks/
  say "wrote the executed notebooks back to docs/notebooks/"
fi
