"""File formats, pure: uploaded bytes in, rows and documents out (and back)."""
