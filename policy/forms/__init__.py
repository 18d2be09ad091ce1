"""Forms of the policy app, one module per area (`documents`, `process`, `imports`)."""
