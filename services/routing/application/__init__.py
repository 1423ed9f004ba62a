"""Routing use cases: open a case from an application, change it, escalate it."""
