"""networking-tui: grow professional relationships on purpose, from the terminal."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("networking-tui")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"
