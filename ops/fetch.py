"""The one way the server fetches a URL someone else chose (prefill, link checks): never inside our own network.

An editor's pasted URL, or a resource's link, could name the machine itself or its neighbours: `localhost`,
`[::ffff:127.0.0.1]`, `2130706433`, `0x7f000001`, `10.0.0.1`, `[fd00::1]`, the cloud metadata service at
169.254.169.254, or a public address that redirects to one of them. `fetch`:

- accepts http(s) URLs without credentials, and refuses names that only exist inside a network (`*.internal`...);
- resolves the host itself and refuses it if any address is loopback, private, link-local, shared, reserved,
  multicast or unspecified (IPv4, IPv6 and IPv4-mapped/6to4/Teredo forms), unless the host or address is in
  SAFE_FETCH_ALLOWED_HOSTS;
- connects to the very address it checked (the TLS certificate is still verified against the host name), so a DNS
  answer that changes between the check and the connection (DNS rebinding) cannot slip through;
- follows redirects itself, checking every hop the same way;
- ends the whole exchange, redirects included, at a total deadline, however slowly the server drips bytes, and reads
  at most `max_bytes` of the body.

Why our own code (docs/security.md, "Server-side fetches"): requests-hardened filters addresses but only has
requests' per-read timeout, no size cap and no per-host allowance; advocate has had no release since 2020.
"""

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

import certifi
from django.conf import settings

REDIRECTS = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5
CHUNK = 16384
# Names that only resolve inside a network (cloud metadata, mDNS, RFC 8375); refused before any lookup.
INTERNAL_SUFFIXES = (".internal", ".local", ".localhost", ".localdomain", ".home.arpa", ".intranet", ".lan")
# Name lookups run here so that a resolver that hangs cannot outlast the deadline (enough threads for the link
# checker's concurrent requests).
_resolver = ThreadPoolExecutor(max_workers=16, thread_name_prefix="safe-fetch-dns")


class FetchError(Exception):
    """A fetch that did not happen or did not finish; the message is meant for the person who asked for it."""


class Refused(FetchError):
    """The address is inside our own network, or not one we fetch at all."""


class TooSlow(FetchError):
    pass


@dataclass
class Response:
    url: str
    status: int
    headers: dict
    body: bytes = b""
    history: list = field(default_factory=list)  # [{"status": 301, "url": "<Location>"}] for each redirect

    def header(self, name, default=""):
        return self.headers.get(name.lower(), default)


def allowed_hosts():
    return {str(host).strip("[]").lower() for host in settings.SAFE_FETCH_ALLOWED_HOSTS}


def is_public_address(ip):
    """True for an address on the public internet; every mapped or tunnelled form is judged by what it carries."""
    if ip.version == 6:
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if inner is not None:
            return is_public_address(inner)
        if ip in ipaddress.ip_network("64:ff9b::/96"):  # NAT64: the IPv4 address in the last 32 bits
            return is_public_address(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    blocked = (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or (ip.version == 6 and ip.is_site_local)
    )
    return ip.is_global and not blocked


def check_url(url):
    """The URL's parts, or Refused with the reason in words."""
    parts = urlsplit((url or "").strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("Only http:// and https:// addresses can be fetched.")
    if parts.username is not None or parts.password is not None:
        raise Refused("Addresses with a user name or password can't be fetched.")
    try:
        parts.port  # noqa: B018  (a port that is no number raises here)
    except ValueError:
        raise Refused("That address has an invalid port.") from None
    return parts


def resolve(host, port, deadline):
    """The addresses to connect to, each checked; Refused if any of them is internal."""
    host = host.lower()
    exempt = host in allowed_hosts()
    if not exempt and (host == "localhost" or host.endswith(INTERNAL_SUFFIXES)):
        raise Refused(internal_message(host))
    future = _resolver.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        infos = future.result(timeout=max(deadline - time.monotonic(), 0.01))
    except FutureTimeout:
        raise TooSlow("The site's name could not be looked up in time.") from None
    except (OSError, UnicodeError):
        raise FetchError("The site couldn't be found. Check the address.") from None
    for _family, _type, _proto, _name, sockaddr in infos:
        address = sockaddr[0].split("%", 1)[0]
        if not exempt and address not in allowed_hosts() and not is_public_address(ipaddress.ip_address(address)):
            raise Refused(internal_message(host))
    return infos


def internal_message(host):
    return (
        f"{host} is an address inside a private network, which this site never fetches. Use the page's public address."
    )


def connect(parts, infos, deadline):
    last_error = None
    for family, kind, proto, _name, sockaddr in infos:
        sock = socket.socket(family, kind, proto)
        sock.settimeout(max(deadline - time.monotonic(), 0.01))
        try:
            sock.connect(sockaddr)  # the address that was checked, never a fresh lookup
        except OSError as error:
            sock.close()
            last_error = error
            continue
        if parts.scheme == "https":
            try:
                # certifi's CA bundle, as requests used before, whatever the image's own store holds.
                context = ssl.create_default_context(cafile=certifi.where())
                sock = context.wrap_socket(sock, server_hostname=parts.hostname)
            except (OSError, ssl.SSLError):
                sock.close()
                raise FetchError("The site's secure connection could not be established.") from None
        return sock
    if isinstance(last_error, TimeoutError):
        raise TooSlow("The site didn't answer in time.")
    raise FetchError("The site couldn't be reached.")


class Watchdog:
    """Cuts the connection at the deadline, whatever call is blocked on it (a server dripping one byte a second
    resets a per-read timeout forever; this does not)."""

    def __init__(self, sock, seconds):
        self.sock, self.fired = sock, False
        self.timer = threading.Timer(max(seconds, 0), self.fire)
        self.timer.daemon = True
        self.timer.start()

    def fire(self):
        self.fired = True
        with contextlib.suppress(OSError):
            socket.socket.shutdown(self.sock, socket.SHUT_RDWR)

    def cancel(self):
        self.timer.cancel()


def request_target(parts):
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return f"{path}?{query}" if query else path


def netloc_host(parts):
    """The Host header: the name (IPv6 in brackets) and the port only when the URL gave one."""
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{host}:{parts.port}" if parts.port else host


def exchange(parts, method, headers, deadline, max_bytes):
    """One request on one checked connection: (status, headers, body)."""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    infos = resolve(parts.hostname, port, deadline)
    sock = connect(parts, infos, deadline)
    watchdog = Watchdog(sock, deadline - time.monotonic())
    connection = http.client.HTTPConnection(parts.hostname, port)
    connection.sock = sock  # already connected, to the address we checked
    try:
        connection.request(method, request_target(parts), headers={"Host": netloc_host(parts), **headers})
        response = connection.getresponse()
        body = b""
        if method != "HEAD" and response.status not in REDIRECTS:
            while len(body) < max_bytes:
                chunk = response.read(min(CHUNK, max_bytes - len(body)))
                if not chunk:
                    break
                body += chunk
        if watchdog.fired:  # cut short: what was read is not the page
            raise TooSlow("The site didn't answer in time.")
        return response.status, {name.lower(): value for name, value in response.getheaders()}, body
    except (OSError, http.client.HTTPException, ValueError) as error:
        if watchdog.fired or isinstance(error, TimeoutError):
            raise TooSlow("The site didn't answer in time.") from None
        raise FetchError("The site couldn't be reached.") from None
    finally:
        watchdog.cancel()
        connection.close()
        sock.close()


def fetch(url, method="GET", headers=None, timeout=10.0, max_bytes=512 * 1024, max_redirects=MAX_REDIRECTS):
    """Fetch `url` (redirects followed, every hop checked) within `timeout` seconds in all; at most `max_bytes` of
    the final body are read. Raises FetchError (Refused, TooSlow) with a message for a person."""
    deadline = time.monotonic() + timeout
    history = []
    try:
        for _hop in range(max_redirects + 1):
            parts = check_url(url)
            status, response_headers, body = exchange(parts, method, headers or {}, deadline, max_bytes)
            location = response_headers.get("location", "")
            if status not in REDIRECTS or not location:
                return Response(url=url, status=status, headers=response_headers, body=body, history=history)
            history.append({"status": status, "url": location})
            url = urljoin(url, location.strip())
            if status == 303:
                method = "GET" if method != "HEAD" else "HEAD"
        raise FetchError("The address redirected too many times.")
    except TooSlow:
        raise TooSlow(f"The site didn't answer within {timeout:g} seconds.") from None
