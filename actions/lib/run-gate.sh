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
elif [[ -n ${PG_POSTMORTEM_COMMAND+set} ]]; then
  # actions/postmortem names the gate by its `command` input.
  postmortem_command=$(trim "$PG_POSTMORTEM_COMMAND")
  case $postmortem_command in
    open | remind) gate="postmortem-$postmortem_command" ;;
    *) fail "unknown command '$postmortem_command': use open or remind" ;;
  esac
else
  gate=$(trim "${PG_GATE:-}")
fi
takes_paths=true
case $gate in
  slo-validate) command=(slo validate) ;;
  slo-require) command=(slo require --root .); takes_paths=false ;;
  config-validate) command=(config validate) ;;
  quality-check) command=(quality check); takes_paths=false ;;
  workflow-rerun)
    workflow=$(trim "${PG_WORKFLOW:-}")
    case $workflow in
      "" | -* | */* | *$'\n'* | *$'\r'*) fail "the workflow input must be the gates' workflow file name, e.g. process-gates.yml" ;;
    esac
    command=(workflow rerun "--workflow=$workflow"); takes_paths=false ;;
  prd-check) command=(prd check); takes_paths=false ;;
  postmortem-lint) command=(postmortem lint) ;;
  postmortem-open) command=(postmortem open); takes_paths=false ;;
  postmortem-remind) command=(postmortem remind); takes_paths=false ;;
  release-check) command=(release check); takes_paths=false ;;
  report) command=(report); takes_paths=false ;;
  *) fail "unknown gate '$gate': use one of slo-validate, slo-require, config-validate, prd-check, quality-check, postmortem-lint, postmortem-open, postmortem-remind, release-check, report, workflow-rerun" ;;
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
  if [[ $gate == release-check ]]; then
    printf '::notice title=process-gates::%s\n' "the gate $gate judges the calendar and the error budget; the paths input is ignored"
  elif [[ $gate == report ]]; then
    printf '::notice title=process-gates::%s\n' "the gate $gate reads the repository's history from GitHub; the paths input is ignored"
  elif [[ $gate == postmortem-* ]]; then
    printf '::notice title=process-gates::%s\n' "the gate $gate reads issues from GitHub; the paths input is ignored"
  elif [[ $gate == slo-require ]]; then
    printf '::notice title=process-gates::%s\n' "the gate $gate checks every folder that slo.require_for selects; the paths input is ignored"
  else
    printf '::notice title=process-gates::%s\n' "the gate $gate reads the pull request from GitHub; the paths input is ignored"
  fi
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

# dry-run (postmortem open/remind): read and decide, write nothing.
dry_run=$(trim "${PG_DRY_RUN:-}")
case $dry_run in
  "" | false) ;;
  true)
    case $gate in
      postmortem-open | postmortem-remind) command+=(--dry-run) ;;
      *) fail "dry-run applies to postmortem-open and postmortem-remind only, not to $gate" ;;
    esac
    ;;
  *) fail "dry-run must be true or false, not '$dry_run'" ;;
esac

# pr (prd-check, quality-check): the pull request to check when the event names none (workflow_dispatch,
# schedule); digits only, so it can never become an option or carry anything else to the engine.
pr=$(trim "${PG_PR:-}")
if [[ -n $pr ]]; then
  case $gate in
    prd-check | quality-check) ;;
    *) fail "the pr input applies to prd-check and quality-check only, not to $gate" ;;
  esac
  [[ $pr =~ ^[1-9][0-9]{0,9}$ ]] || fail "the pr input must be a pull request number such as 12, not '$pr'"
  command+=("--pr=$pr")
fi

# Single-value inputs, as "name:the gates that take it:value": at, branch (release-check), prometheus-url
# (release-check, report), since, until, window, json (report): moments, a branch name, a URL, a duration
# and a file name. Each must be one line and may not start with '-'; they reach the engine as
# --opt=value, so none can become another option.
value_options=()
for spec in "at:release-check:${PG_AT:-}" "branch:release-check:${PG_BRANCH:-}" \
  "prometheus-url:release-check,report:${PG_PROMETHEUS_URL:-}" "since:report:${PG_SINCE:-}" \
  "until:report:${PG_UNTIL:-}" "window:report:${PG_WINDOW:-}" "json:report:${PG_JSON:-}"; do
  name=${spec%%:*}
  rest=${spec#*:}
  gates=${rest%%:*}
  value=$(trim "${rest#*:}")
  [[ -z $value ]] && continue
  [[ ",$gates," == *",$gate,"* ]] || fail "the $name input applies to ${gates//,/ and } only, not to $gate"
  case $value in
    -* | *$'\n'* | *$'\r'*) fail "the $name input must be a single value that does not start with '-'" ;;
  esac
  value_options+=("--$name=$value")
done
command+=("${value_options[@]}")

# PR gates read GitHub: the token input arrives as PG_TOKEN and reaches the engine as GITHUB_TOKEN
# (in the environment only, never on a command line where `ps` could show it).
if [[ -n ${PG_TOKEN:-} ]]; then
  export GITHUB_TOKEN=$PG_TOKEN
fi
unset PG_TOKEN

working_directory=$(trim "${PG_WORKING_DIRECTORY:-}")
if [[ -n $working_directory ]]; then
  [[ -d $working_directory ]] || fail "working-directory '$working_directory' is not a directory (relative paths start at the workspace)"
  cd -- "$working_directory"
fi

exec "$python" -m process_gates "${options[@]}" "${command[@]}" "${paths[@]}"
