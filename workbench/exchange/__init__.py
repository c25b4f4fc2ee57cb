"""File formats: pure builders and parsers (rows and documents in, bytes out, and back)."""
