"""Forms of the consultation app, one module per area (`events`, `hearings`)."""
