"""Rapport: a self-hosted, trust-first client relationship workspace."""

__version__ = "0.1.0"
