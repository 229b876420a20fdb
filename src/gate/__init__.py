"""gate: an ML model quality gate for CI."""

__version__ = "0.1.0"
