"""``release check``: freeze windows, release trains and the error budget, evaluated at one moment."""
