"""Genesys-TS Python runtime: GAU base classes, static analysis, composition, the LM wrapper and the checker."""
