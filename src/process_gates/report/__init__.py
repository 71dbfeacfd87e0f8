"""``process-gates report``: the process-health report of a repository over a window of time."""
