# Shared by the actions' scripts (sourced, not executed): safe messages to the runner.
#
# A value the user controls is printed only through escape_data, which escapes exactly what the runner
# unescapes in a command's message (%, CR, LF): the value can then neither end the line nor start a
# new workflow command, and the runner shows it back verbatim.

escape_data() {
  local value=$1
  value=${value//'%'/'%25'}
  value=${value//$'\r'/'%0D'}
  value=${value//$'\n'/'%0A'}
  printf '%s' "$value"
}

# fail MESSAGE: an error annotation, then exit 2 (the engine's code for usage and input errors).
fail() {
  printf '::error title=process-gates::%s\n' "$(escape_data "$1")"
  exit 2
}
