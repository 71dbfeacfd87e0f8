"""Tests of the GitHub emulator itself (tests/github_emulator)."""
