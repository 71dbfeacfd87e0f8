#!/usr/bin/env bash
# Checks the `python` input, then builds or reuses the engine's virtual environment (install_engine.py).
# Inputs arrive only through the environment (PG_PYTHON); nothing here is evaluated or echoed raw,
# because a value printed back could start a workflow command on the runner.
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
source "$here/common.sh"

python=${PG_PYTHON:-python3}

case $python in
  *$'\n'* | *$'\r'*) fail "the python input must be a single interpreter name or path" ;;
  -*) fail "the python input must be an interpreter name or path, not an option" ;;
esac
if ! command -v -- "$python" >/dev/null 2>&1; then
  fail "the python input '$python' is not an interpreter on PATH; add actions/setup-python before this action or give a full path"
fi

exec "$python" "$here/install_engine.py"
