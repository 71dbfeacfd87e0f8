"""GitHub plumbing shared by every gate: workflow commands and runner files (stdlib only), and, in
modules imported lazily by the gates that talk to GitHub, the API client and the event context.
Nothing heavy is imported here: the hooks import ``process_gates.github.workflow``."""
