"""Shared fixtures. The core and CLI tests never touch Django; the web tests use pytest-django."""
