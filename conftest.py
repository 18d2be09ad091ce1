pytest_plugins = ["medborger.testing.fixtures"]
