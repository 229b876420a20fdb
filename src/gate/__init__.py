"""gate: an ML model quality gate for CI."""

__version__ = "0.2.0"
