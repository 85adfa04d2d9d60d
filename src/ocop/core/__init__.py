"""The domain core: OCOP rules, scoring and deadlines. Pure Python: no web framework, no database."""
