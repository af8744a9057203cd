"""The private-address check as each connection is made: a name that resolves to a public
address for the check and to a private one for the connection (DNS rebinding) is refused,
and the connection goes to the very address that was checked, under the host's name."""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import re
import ssl
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from headhunter_desktop.core.web import PrivateAddressError, Resolver
from headhunter_desktop.core.web.address_guard import AddressGuard
from headhunter_desktop.core.web.transport import GuardedTransport
from tests.fakes.website_pages import acme_site
from tests.helpers.websites import PUBLIC_ADDRESS, read_site

LOOPBACK = ipaddress.ip_address("127.0.0.1")


def _answers(host: str, *answers: list[Any]) -> tuple[Resolver, list[str]]:
    """A resolver answering `host` with each of `answers` in turn (the last one from then
    on), and the list of the hosts it was asked about."""
    asked: list[str] = []

    async def resolve(name: str, port: int) -> list[Any]:
        asked.append(name)
        if name != host:
            return []
        return answers[min(asked.count(host), len(answers)) - 1]

    return resolve, asked


def test_a_name_that_turns_private_after_the_check_is_refused_as_it_connects(serve) -> None:
    site = serve(acme_site())
    # `localhost` really is the test site: without the check at connect, it would be read.
    resolver, asked = _answers("localhost", [PUBLIC_ADDRESS], [LOOPBACK])

    with pytest.raises(PrivateAddressError) as caught:
        read_site(f"http://localhost:{site.port}/", resolver=resolver)

    assert "localhost (at 127.0.0.1)" in str(caught.value)
    assert caught.value.code == "private_address"
    assert asked == ["localhost", "localhost"]  # the check's lookup, then the connection's
    assert site.paths() == []  # nothing was sent to the private address


def test_the_connection_goes_to_the_address_that_was_checked(serve) -> None:
    site = serve(acme_site())
    # acme.test resolves nowhere but here: reading it proves the checked address is used.
    resolver, _ = _answers("acme.test", [LOOPBACK])

    read = read_site(f"http://acme.test:{site.port}/", resolver=resolver)

    assert read.url == f"http://acme.test:{site.port}/"
    assert site.paths()[:2] == ["/robots.txt", "/"]


def test_the_next_checked_address_is_tried_when_one_refuses(serve) -> None:
    site = serve(acme_site())
    nothing_listens = ipaddress.ip_address("127.0.0.2")  # the site listens on 127.0.0.1
    resolver, _ = _answers("acme.test", [nothing_listens, LOOPBACK])

    read = read_site(f"http://acme.test:{site.port}/", resolver=resolver)

    assert read.texts and "/" in site.paths()


def test_a_host_refused_at_connect_is_refused_before_its_next_request() -> None:
    resolver, asked = _answers("acme.example", [PUBLIC_ADDRESS], [LOOPBACK])
    guard = AddressGuard(resolver)

    async def connect_then_check() -> None:
        await guard.check("https://acme.example/")
        with pytest.raises(PrivateAddressError, match=re.escape("at 127.0.0.1")):
            await guard.addresses_to_connect("acme.example", 443)
        await guard.check("https://acme.example/about")

    with pytest.raises(PrivateAddressError):
        asyncio.run(connect_then_check())
    assert len(asked) == 2  # the last check used what the connection learnt


def test_one_private_address_among_public_ones_is_refused_at_connect() -> None:
    ten = ipaddress.ip_address("10.0.0.5")
    resolver, _ = _answers("acme.example", [PUBLIC_ADDRESS], [PUBLIC_ADDRESS, ten])
    guard = AddressGuard(resolver)

    async def check_then_connect() -> None:
        await guard.check("https://acme.example/")
        await guard.addresses_to_connect("acme.example", 443)

    with pytest.raises(PrivateAddressError, match=re.escape("at 10.0.0.5")):
        asyncio.run(check_then_connect())


# -- HTTPS: the address is connected to, the name is verified -----------------------------


def _certificate(name: str, folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for the DNS name `name` alone, and its key (PEM files)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "site.pem", folder / "site.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def _tls_server_context(cert_file: Path, key_file: Path, server_names: list[str]) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    context.sni_callback = lambda _socket, name, _context: server_names.append(name)
    return context


def _one_page_handler(hosts: list[str]) -> Callable[..., Any]:
    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        hosts.extend(
            line.split(":", 1)[1].strip()
            for line in head.split("\r\n")
            if line.lower().startswith("host:")
        )
        body = b"<html><body><p>Hello</p></body></html>"
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n"
            b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
        )
        await writer.drain()
        writer.close()

    return answer


def test_https_goes_to_the_checked_address_and_verifies_the_host_name(tmp_path: Path) -> None:
    cert_file, key_file = _certificate("acme.test", tmp_path)  # not valid for 127.0.0.1
    server_names: list[str] = []
    hosts: list[str] = []
    resolver, _ = _answers("acme.test", [LOOPBACK])
    trusted = ssl.create_default_context(cafile=str(cert_file))

    async def get() -> tuple[httpx.Response, int]:
        server_tls = _tls_server_context(cert_file, key_file, server_names)
        server = await asyncio.start_server(
            _one_page_handler(hosts), "127.0.0.1", 0, ssl=server_tls
        )
        port = server.sockets[0].getsockname()[1]
        transport = GuardedTransport(AddressGuard(resolver), verify=trusted)
        async with server, httpx.AsyncClient(transport=transport) as client:
            return await client.get(f"https://acme.test:{port}/"), port

    response, port = asyncio.run(get())

    assert response.status_code == 200 and "Hello" in response.text
    assert server_names == ["acme.test"]  # SNI: the name, while the socket went to the address
    assert hosts == [f"acme.test:{port}"]  # the Host header names the host too
