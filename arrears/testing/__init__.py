"""Helpers for the tests of every app: never imported by the application itself."""
