"""Benchmarks: how fast the site and its commands are at a given size."""
