"""The pure core: plain dataclasses and functions. Imports the standard library only."""
