"""Tests that need a tool this machine may lack: Chromium, or PostgreSQL's and Redis's own
server programs."""

import os

import pytest


def missing_tool(message):
    """Skip the test for want of a tool, or fail it under CI, where every tool is installed
    (.ci/run): there a skip would hide a test that stopped running."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)
