"""The history database and its migrations."""
