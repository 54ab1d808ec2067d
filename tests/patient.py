"""`python tests/patient.py ARGS` runs `networking-tui ARGS` (as `python -m
networking_tui` does) with a lock wait as long as a test may take.

Tests that start many commands at once on one file (a burst of adds, two app
windows) check that none of them loses anything, not how fast the lock comes
round: on a busy machine twenty queued adds can take longer than the 10 s a
person's command waits before it gives up with a clear message.
"""

import runpy

from networking_tui.data import storage

storage.LOCK_TIMEOUT = 120.0  # tests.settle.PATIENCE: against a hang, never a measure
runpy.run_module("networking_tui", run_name="__main__")
