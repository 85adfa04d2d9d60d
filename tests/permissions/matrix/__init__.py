"""The permission matrix and the hostile-input test share this: the two provinces' worlds (world), the
table of pages (pages), the forms the pages render (forms) and the checks (checks)."""
