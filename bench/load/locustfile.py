"""Load of `make bench SCENARIOS=load`: people of every role using the platform at once.

Run by bench/scenarios/load.py with locust in its own virtual environment (no Django here). Each
simulated person signs in with an account of their own (LOAD_ACCOUNTS: a JSON file written by the
scenario; the two-factor roles get their code from their own TOTP key), then goes through the
main pages of their role. Answer saves and uploads are writes whose count the scenario compares
with the database afterwards (no lost write).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import os
import re
import struct
import time

from locust import HttpUser, between, task

ACCOUNTS = json.loads(open(os.environ["LOAD_ACCOUNTS"], encoding="utf-8").read())  # noqa: SIM115
_next = itertools.count()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="r(\d+)-version" value="(\d+)"')


def totp(hex_key: str, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 code of the moment (the algorithm of django-otp's TOTP devices)."""
    counter = struct.pack(">Q", int(time.time()) // step)
    digest = hmac.new(bytes.fromhex(hex_key), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(code % 10**digits).zfill(digits)


class Person(HttpUser):
    # People read what they open: a few seconds between two requests (2 to 8 s).
    wait_time = between(2, 8)

    def on_start(self) -> None:
        self.account = ACCOUNTS[next(_next) % len(ACCOUNTS)]
        page = self.client.get("/connexion/", name="sign-in page")
        token = CSRF.search(page.text).group(1)
        signed = self.client.post(
            "/connexion/",
            {
                "csrfmiddlewaretoken": token,
                "email": self.account["email"],
                "password": self.account["password"],
            },
            name="sign in",
        )
        if self.account.get("totp_key"):
            token = CSRF.search(signed.text).group(1)
            self.client.post(
                "/compte/double-authentification/",
                {"csrfmiddlewaretoken": token, "token": totp(self.account["totp_key"])},
                name="two-factor code",
            )

    def _get(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {path}")
            elif "/connexion/" in response.url and path != "/connexion/":
                response.failure("sent back to the sign-in page")

    @task(3)
    def home(self) -> None:
        self._get("/", "home")

    @task(2)
    def role_pages(self) -> None:
        for path, name in self.account["pages"]:
            self._get(path, name)

    @task(3)
    def write(self) -> None:
        kind = self.account.get("write")
        if kind == "answer":
            self._save_answer()
        elif kind == "upload" and self.account.get("uploads", 0) < 2:
            self._upload()

    def _save_answer(self) -> None:
        choices = self.account["requirements"]
        requirement, part = choices[int(time.time() * 1000) % len(choices)]
        requirement = str(requirement)
        # The part that holds the requirement: its version is on that page.
        page = self.client.get(f"{self.account['assessment_url']}?partie={part}", name="self-assessment page")
        versions = dict(VERSION.findall(page.text))
        token = CSRF.search(page.text)
        data = {
            "csrfmiddlewaretoken": token.group(1) if token else "",
            f"r{requirement}-level": str(int(time.time()) % 4),
            f"r{requirement}-comment": f"Charge {time.time():.3f}",
            f"r{requirement}-justification": "",
            f"r{requirement}-version": versions.get(requirement, "0"),
        }
        with self.client.post(
            self.account["save_url"].replace("0000", requirement),
            data,
            headers={"HX-Request": "true", "Referer": self.host + "/"},
            name="answer save",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or 'class="saved"' not in response.text:
                response.failure(f"save refused: {response.status_code}")

    def _upload(self) -> None:
        page = self.client.get("/observatoire/import/", name="upload page")
        token = CSRF.search(page.text).group(1)
        files = [
            ("fichiers", (name, content.encode(), "text/csv")) for name, content in self.account["files"]
        ]
        with self.client.post(
            "/observatoire/import/",
            {"csrfmiddlewaretoken": token, "annee": str(self.account["year"])},
            files=files,
            headers={"Referer": self.host + "/observatoire/import/"},
            name="upload",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302:
                response.failure(f"upload refused: {response.status_code}")
            else:
                self.account["uploads"] = self.account.get("uploads", 0) + 1
