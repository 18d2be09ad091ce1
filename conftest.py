pytest_plugins = ["medborger.testing.fixtures", "medborger.testing.oidc"]
