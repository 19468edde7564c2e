"""Which network addresses a URL handed in by a web page may reach: public ones only.

An IPv6 address can carry an IPv4 one inside it (IPv4-mapped ``::ffff:a.b.c.d``,
IPv4-compatible ``::a.b.c.d``, NAT64 ``64:ff9b::a.b.c.d``, 6to4 ``2002:AABB:CCDD::``,
Teredo), and a router or the kernel may deliver a packet to that IPv4 address; so the
address inside is judged too, and the whole is public only if every part is.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from sitrep.errors import FetchError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052: the IPv4 address in the last 32 bits
LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")  # RFC 8215: a local network's own
HINT = "`sitrep serve --allow-private-urls` allows such URLs"


def non_public(text: str) -> str | None:
    """Why the address written ``text`` is not public ("a loopback address (127.0.0.1)"),
    or None when it is. A scoped IPv6 address (``fe80::1%eth0``) names a link: never public."""
    address = ipaddress.ip_address(text)
    if getattr(address, "scope_id", None):
        return f"a scoped address ({address})"
    if address.version == 6 and address in LOCAL_NAT64:
        return f"a local NAT64 address ({address})"
    for part in (*_embedded(address), address):  # the address inside names the kind
        if not part.is_global or part.is_multicast:
            return f"{_kind(part)} address ({part})"
    return None


def _embedded(address: Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries, in any of the forms that route to them."""
    if address.version == 4:
        return []
    found = [address.ipv4_mapped, address.sixtofour, *(address.teredo or ())]
    packed = int(address)
    if packed >> 32 == 0 and packed > 1:  # IPv4-compatible ::a.b.c.d (not :: or ::1)
        found.append(ipaddress.IPv4Address(packed))
    if address in NAT64:
        found.append(ipaddress.IPv4Address(packed & 0xFFFFFFFF))
    return [part for part in found if part is not None]


def _kind(address: Address) -> str:
    for kind in ("loopback", "unspecified", "link_local", "private", "multicast", "reserved"):
        if getattr(address, f"is_{kind}"):
            return ("an " if kind == "unspecified" else "a ") + kind.replace("_", "-")
    return "a non-public"


def check_public(url: str) -> None:
    """FetchError unless every address the URL's host resolves to is public: not
    loopback, private, link-local, multicast, reserved or unspecified, in any form."""
    host = urlsplit(url).hostname
    if not host:
        raise FetchError(url, "refused: the URL names no host")
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)}
    except (OSError, UnicodeError) as error:
        raise FetchError(url, f"cannot resolve {host}: {error}") from None
    for text in sorted(found):
        reason = non_public(text)
        if reason:
            shown = reason.removesuffix(f" ({host})")
            raise FetchError(url, f"refused: {host} is {shown}; {HINT}")
