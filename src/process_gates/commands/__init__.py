"""Glue between the command line and the gates: gather facts, evaluate, report. One module per gate."""
