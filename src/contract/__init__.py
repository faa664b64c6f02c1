"""Contract tests: the spec against a portal (the embedded mock portal or a live one)."""
