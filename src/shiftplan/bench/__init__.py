"""Benchmarks against published instances: how good the roster engine is."""
