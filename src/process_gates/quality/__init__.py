"""The quality gate (`quality check`): PR size, tests with code, changelog, blocking labels, drafts, and
required status contexts, each with its own severity and skip label."""
