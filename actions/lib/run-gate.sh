#!/usr/bin/env bash
# Runs one gate of the process-gates engine for the composite actions.
#
# Every input arrives through the environment (PG_*), never through ${{ }} in a script; values are
# split with mapfile into a quoted array and passed as separate arguments, so no input is ever parsed
# by the shell. Messages that quote an input escape it first: a value printed raw could start a
# workflow command (::set-output, ::add-mask, ...) on the runner.
set -euo pipefail

# shellcheck source=common.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/common.sh"

trim() {
  local value=$1
  value=${value#"${value%%[![:space:]]*}"}
  value=${value%"${value##*[![:space:]]}"}
  printf '%s' "$value"
}

python=${PG_ENGINE_PYTHON:-}
[[ -n $python && -x $python ]] || fail "the engine was not installed (the setup step reported no interpreter)"

if [[ -n ${PG_SLO_COMMAND+set} ]]; then
  # actions/slo-check names the gate by its `command` input.
  slo_command=$(trim "$PG_SLO_COMMAND")
  case $slo_command in
    validate | require) gate="slo-$slo_command" ;;
    *) fail "unknown command '$slo_command': use validate or require" ;;
  esac
else
  gate=$(trim "${PG_GATE:-}")
fi
takes_paths=true
case $gate in
  slo-validate) command=(slo validate) ;;
  slo-require) command=(slo require --root .); takes_paths=false ;;
  config-validate) command=(config validate) ;;
  *) fail "unknown gate '$gate': use one of slo-validate, slo-require, config-validate" ;;
esac

# paths: one per line; blank lines and surrounding spaces are ignored; a path that starts with '-'
# is made relative ('./-x') so that it can never be taken for an option.
paths=()
if [[ -n ${PG_PATHS:-} ]]; then
  mapfile -t lines <<<"$PG_PATHS"
  for line in "${lines[@]}"; do
    line=$(trim "${line%$'\r'}")
    [[ -z $line ]] && continue
    [[ $line == -* ]] && line="./$line"
    paths+=("$line")
  done
fi
if [[ $takes_paths != true && ${#paths[@]} -gt 0 ]]; then
  printf '::notice title=process-gates::%s\n' "the gate $gate checks every folder that slo.require_for selects; the paths input is ignored"
  paths=()
fi

options=(--format github)
config=$(trim "${PG_CONFIG:-}")
if [[ -n $config ]]; then
  case $config in
    *$'\n'* | *$'\r'*) fail "the config input must be a single path" ;;
  esac
  options+=("--config=$config")
fi

working_directory=$(trim "${PG_WORKING_DIRECTORY:-}")
if [[ -n $working_directory ]]; then
  [[ -d $working_directory ]] || fail "working-directory '$working_directory' is not a directory (relative paths start at the workspace)"
  cd -- "$working_directory"
fi

exec "$python" -m process_gates "${options[@]}" "${command[@]}" "${paths[@]}"
