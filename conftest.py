"""The suite's shared fixtures (tests/fixtures.py), for tests/ and for each app's own tests/
folder alike: a plugin loaded here, at the root, reaches every test pytest collects."""

pytest_plugins = ["tests.fixtures"]
