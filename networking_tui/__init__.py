"""networking-tui: grow professional relationships on purpose, from the terminal."""

# Kept here (not read from package metadata) because importlib.metadata costs
# 60 ms at every start; pyproject.toml reads the version from this line.
__version__ = "0.1.0"
