"""Widgets okrtui composes its screens from."""
