"""The keyed hash replacing young people's identifiers on import (spec section 4b).

Each ``jeune`` identifier is replaced by HMAC-SHA256(key, identifier) with the installation's
secret ``settings.OBSERVATORY_HMAC_KEY``, truncated to its first 64 bits (a truncated HMAC, as
RFC 2104 section 5 allows) and stored as an unsigned 64-bit integer: compact, fast to join, and
impossible to link back to the source system without the key. The identity used by the
indicators is the pair (structure, hashed jeune), so a collision would only matter within one
Mission Locale (probability below 10^-10 for 20,000 young people).

DuckDB has no HMAC function, but HMAC is two SHA-256 calls over padded keys
(``H((K xor opad) || H((K xor ipad) || m))``), and DuckDB's ``sha256`` accepts BLOBs: the
importer computes it in SQL, vectorised, with :func:`keyed_hash_sql`. :func:`keyed_hash` is the
Python reference, used by the tests to prove the SQL gives the standard HMAC.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

BLOCK_SIZE = 64  # SHA-256 block size in bytes


def secret() -> bytes:
    key = settings.OBSERVATORY_HMAC_KEY
    if not key:
        raise RuntimeError(
            "OBSERVATORY_HMAC_KEY n'est pas défini : l'import de l'observatoire est impossible."
        )
    return key.encode("utf-8") if isinstance(key, str) else bytes(key)


def pads(key: bytes | None = None) -> tuple[bytes, bytes]:
    """The HMAC inner and outer padded keys (``K xor ipad``, ``K xor opad``) for ``key``."""
    key = secret() if key is None else key
    if len(key) > BLOCK_SIZE:
        key = hashlib.sha256(key).digest()
    key = key.ljust(BLOCK_SIZE, b"\0")
    return bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)


def keyed_hash_sql(column: str, inner: str = "$hmac_inner", outer: str = "$hmac_outer") -> str:
    """A DuckDB expression giving the keyed hash (UBIGINT) of the VARCHAR ``column``.

    ``inner`` and ``outer`` name the query parameters holding :func:`pads` as BLOBs.
    """
    digest = f"sha256({outer} || unhex(sha256({inner} || encode({column}))))"
    return f"('0x' || left({digest}, 16))::UBIGINT"


def keyed_hash(identifier: str, key: bytes | None = None) -> int:
    """Python reference of :func:`keyed_hash_sql`."""
    digest = hmac.new(secret() if key is None else key, identifier.encode("utf-8"), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big")
