"""Public addresses: what a QR code on a printed poster may point to.

Pure Python: the production settings read it before Django is set up."""


def is_loopback(hostname: str | None) -> bool:
    """The server itself (localhost, 127.x, ::1) or no host at all."""
    host = (hostname or "").strip("[]").lower()
    return not host or host == "localhost" or host.startswith("127.") or host == "::1"
