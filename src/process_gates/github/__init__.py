"""GitHub plumbing shared by every gate.

- ``workflow``: workflow commands, outputs and the job summary (stdlib only; the hooks import it).
- ``events``, ``context``: the run's event payload and variables as typed, validated facts (stdlib only).
- ``client``, ``graphql``, ``retry``, ``failures``, ``resources``: the API client with one retry policy;
  PyGithub and requests are imported when a client is built, never when these modules are.
- ``sticky``: one PR or issue comment per gate, kept in place.

Nothing heavy is imported here: the hooks import ``process_gates.github.workflow``.
"""
