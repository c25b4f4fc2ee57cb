"""Join codes, facilitator keys and rejoin tokens: generation and hashing (pure, no I/O)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

# No 0/O, 1/I/L: codes are read aloud and typed from a projector.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 7  # 31**7 ≈ 2.8e10 codes: unguessable at workshop scale


def new_join_code() -> str:
    """A random join code from the unambiguous alphabet."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: object) -> str | None:
    """Upper-case, strip spaces/dashes; None if it cannot be a join code."""
    if not isinstance(raw, str):
        return None
    code = raw.strip().upper().replace("-", "").replace(" ", "")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


def new_secret() -> str:
    """A URL-safe secret (facilitator key or rejoin token)."""
    return secrets.token_urlsafe(18)


def hash_secret(secret: str) -> str:
    """SHA-256 hex of a secret; only hashes are stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def secret_matches(secret: object, stored_hash: str | None) -> bool:
    """Constant-time check of a presented secret against its stored hash."""
    if not isinstance(secret, str) or not secret or not stored_hash:
        return False
    return hmac.compare_digest(hash_secret(secret), stored_hash)
