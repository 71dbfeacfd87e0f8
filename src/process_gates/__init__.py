"""Process Gates: lightweight, data-informed process checks for GitHub, as hooks and actions."""

__version__ = "0.1.0"
