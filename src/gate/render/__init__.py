"""Renderers: GateResult → str. They never print and never read the environment."""
