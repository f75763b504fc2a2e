"""Screens: one file each, over the store and calc."""
