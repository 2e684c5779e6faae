"""Web addresses: a plain http(s) address of a real public host, or refused with the reason.

A link on a Safe Place must go where its text says: no user name before the host, no backslash,
no IP address or localhost, and no host with letters outside A-Z unless a coordinator has
confirmed it (then published in punycode, as browsers show it).
"""

from __future__ import annotations

import functools
import re

import idna

from pipeline.register.problems import shown

_SPACE = re.compile(r"\s")  # the characters str.isspace() finds
# A line that is not an address every rule of web_address() passes at once: http(s), a host
# of LDH labels ending in a letters-only top-level label (not localhost), no port, no user,
# no backslash. Lines that do not match this are checked one by one.
NOT_PLAIN_WEB_LINE = re.compile(
    r"^(?!https?://(?=[^/?#\n]{1,253}(?:[/?#]|$))(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    r"(?!localhost(?:[/?#]|$))[a-z]{2,63}(?:[/?#][^\s\\]*)?$).*$",
    re.M | re.I,
)
_WEB = re.compile(r"(?i)(https?)://([^/?#]*)(.*)", re.S)
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_TOP_LABEL = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")


@functools.lru_cache(maxsize=64)
def ascii_hosts(hosts: tuple[str, ...]) -> frozenset[str]:
    """The confirmed hosts, in their ASCII (punycode) form."""
    out = set()
    for host in hosts:
        try:
            out.add(idna.encode(host.strip().rstrip("."), uts46=True).decode("ascii"))
        except (idna.IDNAError, UnicodeError):
            continue
    return frozenset(out)


# Names that reach this computer or a home network, never a public website: reserved and
# local-network suffixes, and services whose names resolve to the address written in them.
_LOCAL_SUFFIXES = (
    "localdomain",
    "local",
    "internal",
    "home.arpa",
    "test",
    "invalid",
    "lan",
    "intranet",
    "corp",
    "private",
    "localhost",
)
_ADDRESS_IN_NAME = (
    "nip.io",
    "sslip.io",
    "xip.io",
    "traefik.me",
    "localtest.me",
    "lvh.me",
    "vcap.me",
    "fuf.me",
    "lacolhost.com",
    "localhost.direct",
)
_DASHED_ADDRESS = re.compile(r"(?:^|[.-])\d{1,3}-\d{1,3}-\d{1,3}-\d{1,3}(?:$|[.-])")
_DOTTED_ADDRESS = re.compile(r"(?:^|\.)\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\.")


def _private_host(host: str) -> str | None:
    """Why a host name reaches this computer or a private network (``localhost.localdomain``,
    ``127.0.0.1.nip.io``), or None."""
    if any(host == suffix or host.endswith(f".{suffix}") for suffix in _LOCAL_SUFFIXES):
        return "points at this computer or a local network, not a public website"
    if (
        any(host == service or host.endswith(f".{service}") for service in _ADDRESS_IN_NAME)
        or _DOTTED_ADDRESS.search(host)
        or _DASHED_ADDRESS.search(host)
    ):
        return (
            "names an IP address inside a host name (it can point at this computer): "
            "give the site's own name, e.g. https://example.org/"
        )
    return None


@functools.lru_cache(maxsize=4096)
def _host_problem(host: str) -> str | None:
    """Why an ASCII host is not a plain public web host, or None."""
    if host.rstrip(".") in ("localhost",) or host.rstrip(".").endswith(".localhost"):
        return "points at this computer (localhost), not a public website"
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")
    if re.fullmatch(r"(0x[0-9a-f]*|[0-9]+)", labels[-1]):
        return "uses a numeric (IP) address: give the site's name, e.g. https://example.org/"
    if len(labels) < 2:  # "https://intranet/": a name only a local network knows
        return f"has no public host name ({shown(host)}; example.org, say)"
    private = _private_host(host.rstrip(".").lower())
    if private:
        return private
    if len(host) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        return f"has an invalid host name ({shown(host)})"
    if len(labels) < 2 or not _TOP_LABEL.fullmatch(labels[-1]):
        return f"has no public host name ({shown(host)}; example.org, say)"
    return None


def web_address(text: str, confirmed: frozenset[str] = frozenset()) -> tuple[str | None, str]:
    """(problem or None, the address as published) for a website cell.

    A website is ``http(s)://host[:port]/anything``: no user name or password before the host
    (``https://police.example@evil.example/`` goes to evil.example), no backslash (browsers read it
    as a slash), no IP address or ``localhost``, a real host name and a port of 1-65535. A host
    with non-ASCII letters (``kcрd.org`` with a Cyrillic р) is refused unless it is listed in
    ``confirmed``; a confirmed one is published in its ASCII (punycode) form, which is what the
    browser will show.
    """
    if _SPACE.search(text):
        return "is not an http:// or https:// address", text
    if "\\" in text:
        return "contains a backslash, which browsers read as '/': use '/'", text
    parts = _WEB.fullmatch(text)
    if not parts:
        return "is not an http:// or https:// address", text
    scheme, authority, rest = parts.groups()
    if "@" in authority:
        return (
            "has a user name before the host ('...@'): browsers go to the host after the "
            "'@'; give the plain address"
        ), text
    if authority.startswith("["):
        if not re.fullmatch(r"\[[0-9A-Fa-f:.]+\](?::[0-9]*)?", authority):
            return "is not an http:// or https:// address", text
        return "uses a numeric (IP) address: give the site's name, e.g. https://example.org/", text
    host, colon, port = authority.partition(":")
    if colon and not (port.isascii() and port.isdigit() and 0 < int(port) <= 65535):
        return f"has an invalid port ({shown(port)}; 1-65535)", text
    if not host:
        return "has no host name", text
    published = text
    if not host.isascii():
        try:
            ascii_host = idna.encode(host.rstrip("."), uts46=True).decode("ascii")
        except (idna.IDNAError, UnicodeError):
            return f"has an invalid host name ({shown(host)})", text
        if ascii_host not in confirmed:
            return (
                f"has letters outside A-Z in its host {shown(host)} (it may imitate another "
                f"site's address; it is {ascii_host}): if it is right, add it to "
                "SAFEPLACE_CONFIRMED_HOSTS in pelicanconf.py"
            ), text
        host = ascii_host
        published = f"{scheme}://{host}{colon}{port}{rest}"
    problem = _host_problem(host.lower())
    return problem, published


def is_web_address(text: str) -> bool:
    """A plain http:// or https:// address of a public host (see :func:`web_address`)."""
    return web_address(text)[0] is None
