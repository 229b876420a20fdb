"""Side effects on GitHub Actions: summary file, outputs file, workflow commands."""
