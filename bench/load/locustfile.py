"""The 1 August rush: employers log in, search, save and submit; applicants browse.

FastHttpUser (geventhttpclient) keeps the load generator cheap: it shares the two
cores with gunicorn and PostgreSQL, and every millisecond it spends is one the portal
does not get.

Headless and on loopback only (see run.sh). Each employer user takes its own account,
adds a few lines, submits once and records what it did in bench/results so that
verify.py can check every submitted forecast and line reached the database.
"""

import itertools
import json
import os
import random
import re
import threading
from pathlib import Path

from locust import FastHttpUser, between, events, task

PASSWORD = "Load-test-2027"
RESULTS = Path(os.environ.get("LOAD_RESULTS", "bench/results/load_records.json"))
QUERIES = [
    "qaynaqci",
    "bənna",
    "сварщик",
    "welder",
    "surucu",
    "aşpaz",
    "программист",
    "7212",
    "72",
    "insaat fehlesi",
    "muhendis",
    "elektrik",
    "ofisiant",
    "tikinti",
    "mühasib",
    "driller",
]
CODES = [
    "7212",
    "7112",
    "7114",
    "7115",
    "7122",
    "7123",
    "7126",
    "7411",
    "8332",
    "8342",
    "9313",
    "5120",
    "5131",
    "2142",
    "2144",
    "2512",
    "3112",
    "8113",
    "7233",
    "7214",
]
VERSION = re.compile(r'name="version" value="(\d+)"')
PLACE = re.compile(r'<option value="(\d+)"')
VACANCY = re.compile(r'href="/vacancies/(\d+)/"')

_accounts = itertools.count(int(os.environ.get("LOAD_ACCOUNT_OFFSET", "0")))
_records: list[dict] = []
_lock = threading.Lock()


def _csrf(client) -> str:
    return next((c.value for c in client.cookiejar if c.name == "csrftoken"), "")


class Employer(FastHttpUser):
    weight = 3
    wait_time = between(0.5, 2)

    def on_start(self):
        self.email = f"load{next(_accounts):05d}@example.az"
        self.lines = 0
        self.submitted = False
        self.forecast = None
        self.client.get("/accounts/login/", name="/accounts/login/")
        response = self.client.post(
            "/accounts/login/",
            {
                "login": self.email,
                "password": PASSWORD,
                "csrfmiddlewaretoken": _csrf(self.client),
            },
            name="/accounts/login/ [POST]",
        )
        if response.status_code >= 400:
            return
        response = self.client.post(
            "/forecasts/start/",
            {"csrfmiddlewaretoken": _csrf(self.client)},
            name="/forecasts/start/",
            allow_redirects=False,
        )
        match = re.search(r"/forecasts/(\d+)/", response.headers.get("Location") or "")
        self.forecast = int(match.group(1)) if match else None
        self.record = {
            "email": self.email,
            "forecast": self.forecast,
            "lines": 0,
            "submitted": False,
        }
        with _lock:
            _records.append(self.record)

    @task(5)
    def search(self):
        self.client.get(
            "/api/classification/search",
            params={"q": random.choice(QUERIES), "level": 4, "limit": 8},
            name="/api/classification/search",
        )

    @task(3)
    def add_line(self):
        if not self.forecast or self.submitted or self.lines >= 4:
            return
        page = self.client.get(
            f"/forecasts/{self.forecast}/lines/add/", name="/forecasts/[id]/lines/add/"
        )
        version = VERSION.search(page.text)
        places = PLACE.findall(page.text)
        if not version or not places:
            return
        response = self.client.post(
            f"/forecasts/{self.forecast}/lines/add/",
            {
                "csrfmiddlewaretoken": _csrf(self.client),
                "profession": CODES[self.lines],
                "workers": random.randint(1, 50),
                "place": places[0],
                "version": version.group(1),
                "action": "save",
            },
            name="/forecasts/[id]/lines/add/ [POST]",
            allow_redirects=False,
        )
        if response.status_code == 302:
            self.lines += 1
            self.record["lines"] = self.lines

    @task(1)
    def submit(self):
        if not self.forecast or self.submitted or self.lines < 2:
            return
        page = self.client.get(f"/forecasts/{self.forecast}/check/", name="/forecasts/[id]/check/")
        version = VERSION.search(page.text)
        if not version:
            return
        response = self.client.post(
            f"/forecasts/{self.forecast}/check/",
            {"csrfmiddlewaretoken": _csrf(self.client), "version": version.group(1)},
            name="/forecasts/[id]/check/ [POST]",
            allow_redirects=False,
        )
        if response.status_code == 302:
            self.submitted = True
            self.record["submitted"] = True

    @task(1)
    def dashboard(self):
        self.client.get("/forecasts/", name="/forecasts/")


class Applicant(FastHttpUser):
    weight = 1
    wait_time = between(1, 3)

    @task(3)
    def browse(self):
        page = self.client.get("/vacancies/", name="/vacancies/")
        ids = VACANCY.findall(page.text)
        if ids:
            self.client.get(f"/vacancies/{random.choice(ids)}/", name="/vacancies/[id]/")

    @task(1)
    def filter_by_city(self):
        self.client.get("/vacancies/", params={"q": "mufettis"}, name="/vacancies/?q=")

    @task(1)
    def api(self):
        self.client.get("/api/vacancies/", name="/api/vacancies/")


@events.test_stop.add_listener
def _write_records(environment, **kwargs):
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with _lock:
        RESULTS.write_text(json.dumps(_records, indent=1))
