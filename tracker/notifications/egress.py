"""Webhook requests may reach only the public internet.

An organization chooses its webhook URL, so without a check anyone with a partner account could
make the server POST to its own loopback, the cloud's metadata address or the office network
(server-side request forgery). The URL is checked when it is saved, and again at every delivery
on the address actually connected to (a name that resolved to a public address when saved may
later resolve to a private one), redirects are not followed, and only http and https are used.
`TRACKER_WEBHOOK_ALLOW_PRIVATE=1` lifts the address rule for a closed network (and the tests'
local receiver)."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import urllib.request
from urllib.parse import urlsplit

# Names that never leave the machine or the local network, refused without asking DNS.
LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa", ".intranet")


class Refused(ValueError):
    """The URL or the address it leads to is not one a webhook may be sent to."""


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str, allow_private: bool = False) -> None:
    """Refuse what is plainly not a public http(s) address; names that do not resolve here (an
    offline server) are let through and checked again, resolved, at delivery."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("only http and https URLs with a host name")
    if parts.username or parts.password:
        raise Refused("no user name or password in the URL; the signature authenticates")
    if allow_private:
        return
    host = parts.hostname.rstrip(".").lower()
    if host == "localhost" or host.endswith(LOCAL_SUFFIXES):
        raise Refused("a local host name")
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        if not _public(host):
            raise Refused("a private, loopback or reserved address")
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or 443, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return
    if any(not _public(str(info[4][0])) for info in infos):
        raise Refused("the name leads to a private, loopback or reserved address")


def _connect(host: str, port: int, timeout: float | None, allow_private: bool) -> socket.socket:
    """A connection to the first address of `host` that is allowed; refused if none is."""
    error: OSError | None = None
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    for family, kind, proto, _name, address in infos:
        if not allow_private and not _public(str(address[0])):
            error = Refused(f"{host} leads to {address[0]}, a private or reserved address")
            continue
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(timeout)
            sock.connect(address)
        except OSError as exc:
            sock.close()
            error = exc
            continue
        return sock
    raise error or OSError(f"{host} has no address")


def opener(allow_private: bool = False) -> urllib.request.OpenerDirector:
    """An opener that checks the address it connects to and never follows a redirect."""

    class HTTPConnection(http.client.HTTPConnection):
        def connect(self) -> None:
            self.sock = _connect(self.host, self.port, self.timeout, allow_private)

    class HTTPSConnection(http.client.HTTPSConnection):
        def connect(self) -> None:
            sock = _connect(self.host, self.port, self.timeout, allow_private)
            context = ssl.create_default_context()
            self.sock = context.wrap_socket(sock, server_hostname=self.host)

    class HTTPHandler(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(HTTPConnection, req)

    class HTTPSHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(HTTPSConnection, req)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None  # the 3xx is answered as an error: a webhook does not move

    director = urllib.request.OpenerDirector()
    for handler in (
        HTTPHandler(),
        HTTPSHandler(),
        NoRedirect(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        urllib.request.UnknownHandler(),
    ):
        director.add_handler(handler)
    return director
