"""Through a real nginx: wrong passwords from one address never lock the owner out of another.

nginx runs the deployed site (deploy/nginx-kvota.conf with its proxy lines) in front of
the live server, in plain HTTP on loopback instead of TLS; the two visitors connect from
two loopback addresses, 127.0.0.2 and 127.0.0.3, so nginx sees two clients as it would
on the internet. With a load balancer in front (a second nginx that appends to
X-Forwarded-For), the real_ip lines of the deployed site make the same hold.
"""

import http.client
import json
import re
import shutil
import socket
import subprocess
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from tests.personas import OWNER_EMAIL, PASSWORD, make_owner

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx-kvota.conf"
ATTACKER, OWNER = "127.0.0.2", "127.0.0.3"
LOGIN = "/accounts/login/"

NGINX_CONF = """
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {run}/body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
{site}
}}
"""


def deployed_site(port: int, upstream: str) -> str:
    """deploy/nginx-kvota.conf on loopback: plain HTTP on ``port``, the portal at ``upstream``."""
    site = SITE.read_text().replace("/srv/kvota/", f"{ROOT}/")
    site = re.sub(r"server 127\.0\.0\.1:800[01];", f"server {upstream};", site)
    # No TLS here: the port-80 redirect goes, the TLS server listens on plain HTTP.
    site = re.sub(r"server \{\s*listen 80;.*?\n\}\n", "", site, flags=re.S)
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{port};")
    site = re.sub(r"^\s*ssl_\w+ .*;\n", "", site, flags=re.M)
    assert f"listen 127.0.0.1:{port};" in site and "listen 80" not in site
    return site


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


BALANCER = """
    # A load balancer in front of the site: it appends the address it sees.
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://127.0.0.1:{site_port};
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
"""


def _behind_balancer(site: str) -> str:
    """The site with the real_ip lines of deploy/nginx-kvota.conf on, trusting 127.0.0.1."""
    lines = {
        "# set_real_ip_from 10.0.0.0/8;": "set_real_ip_from 127.0.0.1;",
        "# real_ip_header X-Forwarded-For;": "real_ip_header X-Forwarded-For;",
        "# real_ip_recursive on;": "real_ip_recursive on;",
    }
    for commented, line in lines.items():
        assert commented in site, f"deploy/nginx-kvota.conf lost {commented!r}"
        site = site.replace(commented, line)
    return site


def _start_nginx(live_server, settings, tmp_path, *, balancer: bool):
    executable = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(executable).exists():
        pytest.fail("nginx is missing: `make system` installs it (deploy/debian-packages.txt)")
    settings.TRUSTED_PROXY_COUNT = 1  # DJANGO_TRUSTED_PROXY_COUNT=1 behind the one nginx
    tmp_path.chmod(0o755)
    port = site_port = _free_port()
    upstream = urlsplit(live_server.url).netloc.replace("localhost", "127.0.0.1")
    site = deployed_site(site_port, upstream)
    if balancer:
        port = _free_port()
        site = _behind_balancer(site) + BALANCER.format(port=port, site_port=site_port)
    conf = tmp_path / "nginx.conf"
    conf.write_text(NGINX_CONF.format(run=tmp_path, site=site))
    subprocess.run([executable, "-c", str(conf), "-e", str(tmp_path / "error.log")], check=True)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    return port, tmp_path / "nginx.pid"


@pytest.fixture
def nginx(live_server, settings, tmp_path):
    """Return the port of an nginx in front of the live server, as deployed."""
    port, pid = _start_nginx(live_server, settings, tmp_path, balancer=False)
    yield port
    subprocess.run(["kill", pid.read_text().strip()], check=False)


@pytest.fixture
def balancer(live_server, settings, tmp_path):
    """Return the port of a load balancer in front of the deployed nginx (real_ip on)."""
    port, pid = _start_nginx(live_server, settings, tmp_path, balancer=True)
    yield port
    subprocess.run(["kill", pid.read_text().strip()], check=False)


class Visitor:
    """A browser at one address: its own cookies, every request through nginx."""

    def __init__(self, port: int, address: str):
        self.port, self.address = port, address
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None, headers=None):
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(self.address, 0)
        )
        sent = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        content = response.read().decode()
        self.headers = response.headers
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response.status, content

    def log_in(self, password: str, **headers) -> tuple[int, str]:
        _status, page = self.request("GET", LOGIN)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request(
            "POST",
            LOGIN,
            {"csrfmiddlewaretoken": token, "login": OWNER_EMAIL, "password": password},
            headers,
        )


@pytest.mark.parametrize("front", ["nginx", "balancer"])
def test_wrong_passwords_from_one_address_leave_the_owner_free_to_log_in_from_another(
    request, front
):
    port = request.getfixturevalue(front)
    make_owner()
    attacker, owner = Visitor(port, ATTACKER), Visitor(port, OWNER)
    # The attacker even claims to be the owner's address: nginx replaces the header, and
    # behind the balancer real_ip trusts only the balancer's own entry.
    forged = {"X-Forwarded-For": OWNER}
    statuses = [attacker.log_in("wrong-password", **forged)[0] for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    status, page = attacker.log_in(PASSWORD, **forged)
    assert status == 429 and "Giriş müvəqqəti bağlanıb" in page

    status, _page = owner.log_in(PASSWORD)
    assert status == 302
    assert owner.request("GET", "/forecasts/")[0] == 200


def test_nginx_holds_back_a_flood_of_api_requests_from_one_address(nginx, settings):
    settings.API_RATE_LIMIT = (1_000_000, 1)  # the portal's own limit out of the way
    flood, other = Visitor(nginx, ATTACKER), Visitor(nginx, OWNER)
    refused = None
    for _ in range(200):
        status, body = flood.request("GET", "/api/vacancies/")
        if status == 429:
            refused = body, flood.headers["Retry-After"]
            break
        assert status == 200
    assert refused is not None, "limit_req let 200 requests a second through"
    body, retry_after = refused
    assert json.loads(body)["error"] and retry_after == "1"
    assert other.request("GET", "/api/vacancies/")[0] == 200
