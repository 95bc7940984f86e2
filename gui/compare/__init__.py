"""The Compare tab: every function's properties in one sortable table."""
