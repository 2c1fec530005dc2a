#!/usr/bin/env python3
"""The dashboard in a real browser, against a real `kiln serve` on loopback.

Starts a media server (the test media, a missing file and an input that trickles forever) and
`kiln serve --allow-private-inputs --log-format json --metrics-token …`, then drives Debian's
Chromium through chromedriver with Selenium: wrong key refused, sign in, create a job from the
form and watch it succeed live from the job's event stream, play its preview, cancel a running
job (polling, its stream blocked), read a failed job's error, filters, paging, tasks, connections, webhook endpoints (made from
the form, delivering to a receiver on loopback) and events with their delivery attempts, sign out,
a phone's width and dark mode. Then reads
/metrics with prometheus_client's parser and the JSON log lines.

    python3 Tests/browser/test_dashboard.py [--binary .build/debug/kiln] [--artefacts bench/out/browser]

Screenshots of every page go to the artefacts folder (git ignores bench/out). With
--docs-screenshot PATH the job page is also saved there (the README shows docs/dashboard-job.png).
Prints `N passed, M failed` last and exits 1 when anything failed.
"""

import argparse
import base64
import hashlib
import hmac
import http.server
import json
import os
import pathlib
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.request

os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium fetch a driver: Debian's is used

from prometheus_client.parser import text_string_to_metric_families  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
MEDIA = ROOT / "Tests/KilnAPITests/Fixtures/media"
API_KEY = "kiln_browser_test_key_0123456789abcdef"
METRICS_TOKEN = "metrics-token-for-the-browser-test"
JOB_TIMEOUT = 180


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MediaHandler(http.server.SimpleHTTPRequestHandler):
    """The test media; /slow.mp4 sends a byte now and then, for a job that stays running."""

    def do_GET(self):
        if self.path == "/slow.mp4":
            self.send_response(200)
            self.send_header("Content-Type", "video/mp4")
            self.send_header("Content-Length", str(50_000_000))
            self.end_headers()
            try:
                for _ in range(600):
                    self.wfile.write(b"\0" * 64)
                    self.wfile.flush()
                    time.sleep(0.2)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the job was cancelled: Kiln hung up
            return
        super().do_GET()

    def log_message(self, *args):
        pass


class Receiver(http.server.BaseHTTPRequestHandler):
    """A webhook receiver: records every POST (its headers and body) and answers 204."""

    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        Receiver.received.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def signed_by(secret, delivery):
    """Whether `delivery` carries a Standard Webhooks signature made with `secret`."""
    headers = delivery["headers"]
    key = base64.b64decode(secret.removeprefix("whsec_"))
    message = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + delivery["body"]
    expected = base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()
    return any(entry == f"v1,{expected}" for entry in headers.get("webhook-signature", "").split())


class Kiln:
    """`kiln serve` in a child process, with its standard error (the JSON logs) kept in a file."""

    def __init__(self, binary, media_url, directory):
        self.data = directory / "data"
        self.log_path = directory / "kiln.log"
        self.log = open(self.log_path, "w")
        env = dict(os.environ, KILN_API_KEY=API_KEY)
        env.pop("KILN_METRICS_TOKEN", None)
        # A port chosen here rather than --port 0: the results' URLs (the previews) carry it.
        self.process = subprocess.Popen(
            [str(binary), "serve", "--port", str(free_port()), "--data", str(self.data), "--workers", "1", "--allow-private-inputs",
             "--log-format", "json", "--metrics-token", METRICS_TOKEN],
            stdout=subprocess.PIPE, stderr=self.log, env=env, text=True)
        deadline = time.time() + 60
        self.port = None
        while time.time() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
            if match:
                self.port = int(match.group(1))
                break
        if not self.port:
            self.stop()
            raise RuntimeError("kiln serve did not start: " + self.log_path.read_text())
        self.url = f"http://127.0.0.1:{self.port}"
        self.media_url = media_url

    def request(self, method, path, body=None, headers=None, key=API_KEY):
        request = urllib.request.Request(self.url + path, method=method, data=None if body is None else json.dumps(body).encode())
        if key:
            request.add_header("Authorization", f"Bearer {key}")
        if body is not None:
            request.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def metrics(self):
        status, _, text = self.request("GET", "/metrics", key=METRICS_TOKEN)
        assert status == 200, f"/metrics answered {status}: {text}"
        samples = {}
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
        return samples

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


class Suite:
    def __init__(self, args):
        self.args = args
        self.artefacts = pathlib.Path(args.artefacts).resolve()
        shutil.rmtree(self.artefacts, ignore_errors=True)
        self.artefacts.mkdir(parents=True)
        self.directory = pathlib.Path(tempfile.mkdtemp(prefix="kiln-browser-"))
        media = self.directory / "media"
        shutil.copytree(MEDIA, media)
        handler = lambda *a, **k: MediaHandler(*a, directory=str(media), **k)  # noqa: E731
        self.media = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
        self.media.daemon_threads = True
        threading.Thread(target=self.media.serve_forever, daemon=True).start()
        self.media_url = f"http://127.0.0.1:{self.media.server_address[1]}"
        # Webhooks go to loopback: --allow-private-inputs lets the address guard pass them.
        self.receiver = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Receiver)
        self.receiver.daemon_threads = True
        threading.Thread(target=self.receiver.serve_forever, daemon=True).start()
        self.hook_url = f"http://127.0.0.1:{self.receiver.server_address[1]}/kiln-hook"
        self.endpoint = {}
        self.kiln = Kiln(pathlib.Path(args.binary).resolve(), self.media_url, self.directory)
        self.metrics_at_start = self.kiln.metrics()
        self.browser = self.start_browser()
        self.visited = []
        self.jobs = {}

    def start_browser(self):
        options = webdriver.ChromeOptions()
        options.binary_location = self.args.chromium
        for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000",
                         "--autoplay-policy=no-user-gesture-required", "--lang=en-US", f"--user-data-dir={self.directory / 'chromium'}"]:
            options.add_argument(argument)
        browser = webdriver.Chrome(service=Service(self.args.chromedriver), options=options)
        browser.set_page_load_timeout(30)
        return browser

    def close(self):
        for step in (self.browser.quit, self.kiln.stop, self.media.shutdown, self.receiver.shutdown):
            try:
                step()
            except Exception:
                pass
        shutil.rmtree(self.directory, ignore_errors=True)

    # Helpers

    def open(self, fragment=""):
        self.browser.get(self.kiln.url + "/" + fragment)
        self.visited.append(self.browser.current_url)

    def go(self, fragment):
        """Moves within the page, as a link would."""
        self.browser.execute_script("location.hash = arguments[0]", fragment)
        self.visited.append(self.browser.current_url)

    def wait(self, condition, timeout=20, message=""):
        return WebDriverWait(self.browser, timeout, poll_frequency=0.2).until(condition, message)

    def find(self, css, timeout=20):
        return self.wait(EC.visibility_of_element_located((By.CSS_SELECTOR, css)), timeout, f"{css} did not appear")

    def texts(self, css):
        """The text of every element `css` finds, read at one moment (the page redraws as it polls)."""
        return self.browser.execute_script("return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent)", css)

    def attributes(self, css, name):
        return self.browser.execute_script("return [...document.querySelectorAll(arguments[0])].map((e) => e.getAttribute(arguments[1]))", css, name)

    def heading(self):
        return self.find("main h1").text

    def screenshot(self, name, full=False):
        path = self.artefacts / f"{name}.png"
        if full:
            width = self.browser.get_window_size()["width"]
            height = self.browser.execute_script("return document.documentElement.scrollHeight")
            self.browser.set_window_size(width, min(max(height + 240, 600), 3000))
            time.sleep(0.3)
        self.browser.save_screenshot(str(path))
        if full:
            self.browser.set_window_size(1280, 1000)
        return path

    def assert_labelled(self):
        """Every control of the page has a label a screen reader reads."""
        unlabelled = self.browser.execute_script("""
            return [...document.querySelectorAll('input, select, textarea, button')]
              .filter((e) => e.offsetParent !== null)
              .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !(e.textContent || '').trim())
              .map((e) => e.outerHTML.slice(0, 120));""")
        assert not unlabelled, f"controls without a label: {unlabelled}"

    def status_of_job(self):
        return (self.browser.execute_script("return document.querySelector('#job-summary .badge')?.textContent") or "").strip().lower()

    def wait_for_job_status(self, status, timeout=JOB_TIMEOUT):
        self.wait(lambda b: self.status_of_job() == status, timeout, f"the job did not reach {status}")

    def create_job_from_form(self, url, kind="video", options=None):
        self.go("#/jobs/new")
        self.find("#new-job")
        self.browser.find_element(By.ID, "job-input").send_keys(url)
        Select(self.browser.find_element(By.ID, "job-kind")).select_by_value(kind)
        for name, value in (options or {}).items():
            control = self.find(f"#option-{name}")
            if control.tag_name == "select":
                Select(control).select_by_value(value)
            elif control.get_attribute("type") == "checkbox":
                if value:
                    control.click()
            else:
                control.clear()
                control.send_keys(str(value))
        self.browser.find_element(By.CSS_SELECTOR, "#new-job button[type=submit]").click()
        self.wait(lambda b: re.search(r"#/jobs/job_\w+$", b.current_url), 20, "the form did not lead to the new job")
        self.visited.append(self.browser.current_url)
        return self.browser.current_url.rsplit("/", 1)[1]

    # The tests, in order: each may use what the ones before it made.

    def test_a_wrong_key_is_refused(self):
        self.open()
        self.find("#api-key").send_keys("kiln_not_a_key")
        self.browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        error = self.wait(lambda b: b.find_element(By.ID, "signin-error").text, 10, "no refusal shown")
        assert "refused" in error, error
        assert self.browser.execute_script("return sessionStorage.length") == 0, "a refused key is not kept"
        assert self.browser.find_element(By.ID, "nav").get_attribute("hidden") is not None
        self.assert_labelled()
        self.screenshot("sign-in-refused")

    def test_signing_in_keeps_the_key_in_the_tab_only(self):
        key = self.find("#api-key")
        key.clear()
        key.send_keys(API_KEY)
        self.browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        self.find("#jobs")
        assert self.heading() == "Jobs"
        assert self.browser.execute_script("return sessionStorage.getItem('kiln.apiKey')") == API_KEY
        assert self.browser.execute_script("return localStorage.length") == 0
        assert self.browser.get_cookies() == [], "no cookie"
        assert API_KEY not in self.browser.current_url

    def test_adding_a_webhook_endpoint_shows_its_secret_once(self):
        self.go("#/webhooks")
        self.find("#add-webhook")
        self.find("#webhook-url").send_keys(self.hook_url)
        self.browser.find_element(By.ID, "topic-job-succeeded").click()
        self.find("#webhook-description").send_keys("the browser test's receiver")
        self.assert_labelled()
        self.browser.find_element(By.CSS_SELECTOR, "#add-webhook button[type=submit]").click()
        secret = self.find("#webhook-secret-value").text
        assert secret.startswith("whsec_"), secret
        assert "shown only this once" in self.find("#webhook-secret").text
        self.wait(lambda b: len(b.find_elements(By.CSS_SELECTOR, "#webhooks tbody tr[data-id]")) == 1, 10, "the endpoint is listed")
        row = self.find("#webhooks tbody tr[data-id]")
        assert self.hook_url in row.text and "job.succeeded" in row.text and "Enabled" in row.text, row.text
        self.endpoint = {"id": row.get_attribute("data-id"), "secret": secret}
        _, _, listed = self.kiln.request("GET", "/webhooks/endpoints")
        endpoints = json.loads(listed)
        assert [e["topics"] for e in endpoints] == [["job.succeeded"]] and secret not in listed, listed
        self.screenshot("webhooks-secret", full=True)
        # Shown once: the page drawn again has no secret.
        self.go("#/jobs")
        self.find("#jobs")
        self.go("#/webhooks")
        self.find("#webhooks tbody tr[data-id]")
        assert not self.browser.find_elements(By.ID, "webhook-secret") and secret not in self.browser.page_source

    def test_creating_a_job_from_the_form_and_watching_it_succeed(self):
        job = self.create_job_from_form(f"{self.kiln.media_url}/bigbuckbunny.mp4", "video", {"width": 640, "quality": "high"})
        self.jobs["succeeded"] = job
        self.assert_labelled()
        self.wait_for_job_status("succeeded")
        # Live from the job's event stream, read with fetch() and the bearer header, not by polling.
        assert self.find("#job-summary").get_attribute("data-live") == "stream"
        self.wait(lambda b: any(name.endswith(f"/jobs/{job}/events") for name in b.execute_script(
            "return performance.getEntriesByType('resource').map((e) => e.name)")), 10, "the page read the job's event stream")
        assert self.attributes("#tasks tbody tr", "data-kind") == ["probe", "import", "video", "export"]
        assert self.attributes("#tasks tbody tr", "data-status") == ["succeeded"] * 4
        facts = self.browser.find_element(By.TAG_NAME, "main").text
        assert "1280 × 720 pixels" in facts, "the probe's details show the input's size"
        assert "640 × 360 pixels" in facts, "and the result's"
        status, _, text = self.kiln.request("GET", f"/jobs/{job}")
        assert status == 200 and json.loads(text)["options"] == {"width": 640, "quality": "high"}, text

    def test_the_preview_plays(self):
        video = self.find("#preview video")
        ready = self.browser.execute_async_script("""
            const [video, done] = arguments;
            video.muted = true;
            video.play().then(() => setTimeout(() => done(video.readyState), 500), (e) => done('play failed: ' + e));""", video)
        assert isinstance(ready, int) and ready >= 2, f"readyState {ready}"
        self.wait(lambda b: b.execute_script("return arguments[0].currentTime", video) > 0, 10, "the video does not advance")
        self.browser.execute_script("arguments[0].pause(); arguments[0].currentTime = 1.5", video)
        time.sleep(0.5)
        path = self.screenshot("job", full=True)
        if self.args.docs_screenshot:
            shutil.copyfile(path, self.args.docs_screenshot)

    def test_the_events_page_shows_the_delivery_to_the_receiver(self):
        job = self.jobs["succeeded"]
        self.go(f"#/jobs/{job}")
        self.find("#job-events").click()  # the job's page links its events
        self.wait(lambda b: f"#/events?job_id={job}" in b.current_url, 10)
        self.wait(lambda b: b.execute_script("""
            const rows = [...document.querySelectorAll('#events tbody tr[data-id]')];
            return rows.length > 0 && rows.every((r) => r.querySelector(`a[href="#/jobs/${arguments[0]}"]`));""", job), 10, "only the job's events")
        assert self.find("#filter-job").get_attribute("value") == job
        self.go("#/events")
        self.find("#events tbody tr[data-id]")
        Select(self.find("#filter-kind")).select_by_value("job.succeeded")
        self.wait(lambda b: "kind=job.succeeded" in b.current_url, 10)
        time.sleep(0.5)  # the page is drawn again for the new address
        self.find("#filter-job").send_keys(job + "\n")
        self.wait(lambda b: f"job_id={job}" in b.current_url, 10)
        self.wait(lambda b: self.attributes("#events tbody tr", "data-kind") == ["job.succeeded"], 10, "the job's job.succeeded event")
        self.assert_labelled()
        self.screenshot("events")
        self.browser.find_element(By.CSS_SELECTOR, "#events tbody tr a").click()
        self.wait(lambda b: re.search(r"#/events/evt_\w+$", b.current_url), 10)
        event = self.browser.current_url.rsplit("/", 1)[1]
        self.find(f"#event-facts a[href='#/jobs/{job}']")  # what the event is about, linked
        self.wait(lambda b: any(s.startswith("2") for s in self.attributes("#attempts tbody tr", "data-status")), 60, "a 2xx attempt")
        row = self.texts("#attempts tbody tr")[0]
        assert self.hook_url in row and self.endpoint["id"] in row, row
        deliveries = [d for d in Receiver.received if d["headers"].get("webhook-id") == event]
        assert len(deliveries) == 1, [d["headers"].get("webhook-id") for d in Receiver.received]
        body = json.loads(deliveries[0]["body"])
        assert body["kind"] == "job.succeeded" and body["data"]["id"] == job
        assert signed_by(self.endpoint["secret"], deliveries[0]), "signed with the secret shown once"
        self.find("#redeliver").click()
        self.wait(lambda b: [s[:1] for s in self.attributes("#attempts tbody tr", "data-status")] == ["2", "2"], 60, "a second 2xx attempt")
        assert len([d for d in Receiver.received if d["headers"].get("webhook-id") == event]) == 2
        self.assert_labelled()
        self.screenshot("event", full=True)

    def test_disabling_and_deleting_a_webhook_endpoint(self):
        self.go("#/webhooks")
        self.find("#webhooks tbody tr[data-id]")
        self.browser.find_element(By.CSS_SELECTOR, f"button[aria-label='Disable {self.hook_url}']").click()
        self.wait(lambda b: self.attributes("#webhooks tbody tr", "data-enabled") == ["false"], 10, "the endpoint is disabled")
        assert "Disabled" in self.find("#webhooks tbody tr[data-id]").text
        _, _, text = self.kiln.request("GET", f"/webhooks/endpoints/{self.endpoint['id']}")
        assert json.loads(text)["enabled"] is False, text
        self.screenshot("webhooks")
        self.browser.find_element(By.CSS_SELECTOR, f"button[aria-label='Delete {self.hook_url}']").click()
        self.wait(EC.alert_is_present(), 5).accept()
        self.wait(lambda b: "No endpoints yet." in b.find_element(By.ID, "webhooks").text, 10, "the endpoint is gone")
        _, _, listed = self.kiln.request("GET", "/webhooks/endpoints")
        assert json.loads(listed) == [], listed

    def test_cancelling_a_running_job(self):
        # With the event stream out of reach, the page falls back to polling.
        self.browser.execute_cdp_cmd("Network.enable", {})
        self.browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/jobs/*/events"]})
        try:
            job = self.create_job_from_form(f"{self.kiln.media_url}/slow.mp4", "video")
            self.wait(lambda b: b.find_element(By.ID, "job-summary").get_attribute("data-live") == "polling", 10, "polling instead")
            self.wait_for_job_status("processing", 60)
        finally:
            self.browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
        self.screenshot("job-running")
        self.find("#cancel-job").click()
        self.wait_for_job_status("cancelled", 20)
        assert not self.browser.find_elements(By.ID, "cancel-job"), "nothing left to cancel"
        self.wait(lambda b: self.attributes("#tasks tbody tr", "data-status") == ["cancelled"] * 4, 10, "every task cancelled")
        status, _, text = self.kiln.request("GET", f"/jobs/{job}")
        assert json.loads(text)["status"] == "cancelled"
        self.jobs["cancelled"] = job
        self.screenshot("job-cancelled")

    def test_a_failed_jobs_error_in_plain_words(self):
        job = self.create_job_from_form(f"{self.kiln.media_url}/missing.mp4", "audio")
        self.wait_for_job_status("failed", 60)
        error = self.find("#job-error .alert").text
        assert "Kiln could not download the input." in error, error
        assert "input_unreachable" in error and "404" in error, error
        self.jobs["failed"] = job
        self.screenshot("job-failed", full=True)

    def test_a_refused_option_is_shown_on_its_field(self):
        self.go("#/jobs/new")
        self.find("#job-input").send_keys(f"{self.kiln.media_url}/logo.png")
        Select(self.find("#job-kind")).select_by_value("image")
        Select(self.find("#option-fit")).select_by_value("cover")
        self.find("#option-background").send_keys("#ffffff")
        self.browser.find_element(By.CSS_SELECTOR, "#new-job button[type=submit]").click()
        error = self.find("#form-error .alert").text
        assert "background only applies with fit: contain" in error, error
        assert self.find("#option-background").get_attribute("aria-invalid") == "true"
        assert "#/jobs/new" in self.browser.current_url, "nothing was created"
        self.screenshot("new-job-refused", full=True)

    def test_the_codec_choice_follows_the_format(self):
        self.go("#/jobs/new")
        Select(self.find("#job-kind")).select_by_value("video")
        Select(self.find("#option-format")).select_by_value("webm")
        codecs = [o.get_attribute("value") for o in Select(self.find("#option-codec")).options]
        assert codecs == ["", "vp9", "av1"], codecs

    def test_the_jobs_list_filters_and_pages(self):
        # Enough failing jobs for two pages (a missing input fails at once).
        for i in range(22):
            status, _, _ = self.kiln.request("POST", "/jobs", {"input": f"{self.kiln.media_url}/missing-{i}.mp4", "kind": "image"},
                                             headers={"X-Request-Id": f"browser-test-{i}"})
            assert status == 201
        # They fail at once; once they all have, the list stops changing under the clicks.
        deadline = time.time() + 60
        while time.time() < deadline and any(json.loads(self.kiln.request("GET", f"/jobs?status={s}")[2]) for s in ("queued", "processing")):
            time.sleep(0.2)
        self.go("#/jobs")
        self.find("#jobs tbody tr")
        Select(self.find("#filter-status")).select_by_value("succeeded")
        self.wait(lambda b: "status=succeeded" in b.current_url, 10)
        self.wait(lambda b: self.attributes("#jobs tbody tr", "data-id") == [self.jobs["succeeded"]], 10, "only the succeeded job is listed")
        self.screenshot("jobs-succeeded")
        Select(self.find("#filter-status")).select_by_value("")
        Select(self.find("#filter-kind")).select_by_value("image")
        self.wait(lambda b: "kind=image" in b.current_url and "status" not in b.current_url, 10)
        self.wait(lambda b: len(b.find_elements(By.CSS_SELECTOR, "#jobs tbody tr[data-id]")) == 20, 10, "a full first page")
        first_page = self.attributes("#jobs tbody tr", "data-id")
        newer, older = self.browser.find_elements(By.CSS_SELECTOR, ".pager button")
        assert not newer.is_enabled() and older.is_enabled()
        older.click()
        self.wait(lambda b: "after=" in b.current_url, 10)
        self.wait(lambda b: len(b.find_elements(By.CSS_SELECTOR, "#jobs tbody tr[data-id]")) == 2, 10, "the two oldest on the second page")
        second_page = self.attributes("#jobs tbody tr", "data-id")
        assert not set(first_page) & set(second_page)
        newer, older = self.browser.find_elements(By.CSS_SELECTOR, ".pager button")
        assert newer.is_enabled() and not older.is_enabled()
        newer.click()
        self.wait(lambda b: self.attributes("#jobs tbody tr", "data-id") == first_page, 10, "back to the first page")
        self.go("#/jobs")
        self.find("#jobs tbody tr")
        self.assert_labelled()
        self.screenshot("jobs")

    def test_the_tasks_list(self):
        self.go("#/tasks")
        self.find("#task-list tbody tr[data-id]")
        Select(self.find("#filter-kind")).select_by_value("video")
        self.wait(lambda b: "kind=video" in b.current_url, 10)
        self.wait(lambda b: set(self.attributes("#task-list tbody tr", "data-status")) == {"succeeded", "cancelled"}, 10, "the video tasks")
        self.assert_labelled()
        self.screenshot("tasks")

    def test_a_workflow_from_the_form(self):
        self.go("#/jobs/new")
        self.find("#job-input").send_keys(f"{self.kiln.media_url}/bigbuckbunny.mp4")
        Select(self.find("#job-kind")).select_by_value("workflow")
        steps = self.find("#job-workflow")
        assert "adaptive_video" in steps.get_attribute("value"), "an example to start from"
        assert not self.browser.find_element(By.ID, "job-output").is_displayed(), "each step says where its result goes"
        def submit(workflow):
            steps.clear()
            steps.send_keys(json.dumps(workflow))
            self.browser.find_element(By.CSS_SELECTOR, "#new-job button[type=submit]").click()
        poster = {"kind": "image", "options": {"start": 1, "format": "webp", "width": 320}, "ref": "poster"}
        gate = {"kind": "conditions", "conditions": [{"prop": "duration", "operator": ">=", "value": 600}],
                "next": [{"kind": "audio", "ref": "sound"}]}
        submit([{**poster, "options": {**poster["options"], "width": 0}}, gate])
        error = self.find("#form-error .alert").text
        assert "workflow[0].options.width" in error, error
        assert steps.get_attribute("aria-invalid") == "true"
        submit([poster, gate])
        self.wait(lambda b: re.search(r"#/jobs/job_\w+$", b.current_url), 20, "the form did not lead to the new job")
        self.visited.append(self.browser.current_url)
        self.wait_for_job_status("succeeded")
        assert self.attributes("#tasks tbody tr", "data-kind") == ["probe", "import", "image", "conditions", "audio"]
        assert self.attributes("#tasks tbody tr", "data-status") == ["succeeded"] * 4 + ["cancelled"]
        self.wait(lambda b: self.attributes("#job-outputs li", "data-ref") == ["poster"], 10, "the results by ref")
        assert "condition_not_met" in self.find("#tasks").text
        self.assert_labelled()
        self.screenshot("job-workflow", full=True)

    def test_connections_add_make_default_remove_and_never_show_a_secret(self):
        secret = "s3cr3t-never-shown-0123456789"
        self.go("#/connections")
        self.find("#add-connection")
        for name, endpoint in [("first", "http://127.0.0.1:9000"), ("second", "http://127.0.0.1:9001")]:
            self.find("#connection-name").send_keys(name)
            self.find("#connection-endpoint").send_keys(endpoint)
            self.find("#connection-access-key").send_keys("AKIAEXAMPLE")
            self.find("#connection-secret").send_keys(secret)
            self.browser.find_element(By.ID, "connection-path-style").click()
            self.browser.find_element(By.CSS_SELECTOR, "#add-connection button[type=submit]").click()
            self.wait(lambda b, n=name: n in b.find_element(By.ID, "connections").text, 10)
        assert self.find("#connection-secret").get_attribute("value") == "", "the secret field is cleared"
        rows = self.texts("#connections tbody tr")
        assert len(rows) == 2 and "Default" in rows[0] and "Default" not in rows[1], f"the first is the default: {rows}"
        self.browser.find_element(By.CSS_SELECTOR, "button[aria-label='Make second the default']").click()
        self.wait(lambda b: ["Default" in row for row in self.texts("#connections tbody tr")] == [False, True], 10, "the second became the default")
        self.assert_labelled()
        self.screenshot("connections")
        self.browser.find_element(By.CSS_SELECTOR, "button[aria-label='Remove first']").click()
        self.wait(EC.alert_is_present(), 5).accept()
        self.wait(lambda b: len(b.find_elements(By.CSS_SELECTOR, "#connections tbody tr")) == 1, 10)
        assert secret not in self.browser.page_source
        _, _, listed = self.kiln.request("GET", "/connections")
        assert secret not in listed and [c["name"] for c in json.loads(listed)] == ["second"]

    def test_a_phone_gets_one_column_without_sideways_scrolling(self):
        self.browser.set_window_size(390, 844)
        try:
            for fragment, ready in [(f"#/jobs/{self.jobs['succeeded']}", "#tasks"), ("#/jobs", "#jobs tbody tr"), ("#/jobs/new", "#new-job"),
                                   ("#/events", "#events tbody tr"), ("#/webhooks", "#add-webhook")]:
                self.go(fragment)
                self.find(ready)
                time.sleep(0.3)
                overflow = self.browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, f"{fragment} scrolls sideways by {overflow}px"
            self.go(f"#/jobs/{self.jobs['succeeded']}")
            self.find("#tasks")
            self.browser.save_screenshot(str(self.artefacts / "phone-job.png"))
        finally:
            self.browser.set_window_size(1280, 1000)

    def test_dark_when_the_system_is(self):
        self.browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        try:
            self.go(f"#/jobs/{self.jobs['failed']}")
            self.find("#job-error .alert")
            background = self.browser.execute_script("return getComputedStyle(document.body).backgroundColor")
            channels = [int(c) for c in re.findall(r"\d+", background)[:3]]
            assert max(channels) < 60, f"a dark background: {background}"
            self.screenshot("job-failed-dark")
        finally:
            self.browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})

    def test_the_keyboard_reaches_everything(self):
        self.go("#/jobs")
        self.find("#jobs tbody tr")
        assert self.browser.switch_to.active_element.tag_name == "h1", "a new page puts focus on its heading"
        reached = []
        for _ in range(12):
            self.browser.switch_to.active_element.send_keys("\t")
            element = self.browser.switch_to.active_element
            reached.append(element.get_attribute("id") or element.get_attribute("href") or element.text)
        assert "filter-kind" in reached and "filter-status" in reached, reached
        assert any(str(r).endswith("#/jobs/new") for r in reached), reached

    def test_signing_out(self):
        self.browser.find_element(By.ID, "sign-out").click()
        self.find("#api-key")
        assert self.browser.execute_script("return sessionStorage.length") == 0
        assert "signed out" in self.browser.find_element(By.ID, "signin-error").text
        self.go("#/connections")
        self.find("#api-key")  # every page asks for the key again
        assert not self.browser.find_elements(By.ID, "connections")

    def test_the_key_was_never_in_an_address_a_cookie_or_a_log(self):
        assert not [url for url in self.visited if API_KEY in url]
        assert self.browser.get_cookies() == []
        assert API_KEY not in self.kiln.log_path.read_text()

    def test_metrics_parse_and_their_counters_moved(self):
        status, _, _ = self.kiln.request("GET", "/metrics", key=None)
        assert status == 401, "metrics need the token"
        status, _, _ = self.kiln.request("GET", "/metrics", key=API_KEY)
        assert status == 401, "an API key is not the metrics token"
        before, after = self.metrics_at_start, self.kiln.metrics()

        def moved(name, **labels):
            key = (name, tuple(sorted(labels.items())))
            return after.get(key, 0) - before.get(key, 0)

        assert moved("kiln_jobs_created_total", kind="video") == 2
        assert moved("kiln_jobs_created_total", kind="image") == 22
        assert moved("kiln_jobs_finished_total", kind="video", status="succeeded") == 1
        assert moved("kiln_jobs_finished_total", kind="video", status="cancelled") == 1
        assert moved("kiln_jobs_finished_total", kind="audio", status="failed") == 1
        assert moved("kiln_http_requests_total", method="POST", route="/jobs", status="201") >= 25
        assert moved("kiln_http_requests_total", method="GET", route="/jobs/{id}", status="200") > 0
        assert moved("kiln_http_request_duration_seconds_count", method="GET", route="/jobs") > 0
        assert moved("kiln_task_duration_seconds_count", kind="video", status="succeeded") == 1
        assert moved("kiln_encode_speed_ratio_count", kind="video") == 1
        assert moved("kiln_fetched_bytes_total", source="http") >= 1_055_736, "bigbuckbunny.mp4 was fetched"
        assert moved("kiln_exported_bytes_total", destination="local") > 0
        assert after[("kiln_workers", (("state", "busy"),))] + after[("kiln_workers", (("state", "idle"),))] == 1
        assert ("kiln_queue_depth", ()) in after and ("kiln_queue_oldest_age_seconds", ()) in after

    def test_json_logs_carry_request_job_task_and_worker(self):
        status, headers, _ = self.kiln.request("GET", "/jobs?limit=1", headers={"X-Request-Id": "from-the-client-1"})
        assert status == 200 and headers.get("X-Request-Id") == "from-the-client-1"
        status, headers, _ = self.kiln.request("GET", "/healthz")
        assert re.fullmatch(r"req_[0-9A-Z]{26}", headers.get("X-Request-Id", "")), headers
        time.sleep(0.3)
        lines = self.kiln.log_path.read_text().splitlines()
        records = [json.loads(line) for line in lines]  # every line is one JSON object
        assert all({"time", "level", "message"} <= r.keys() for r in records)
        assert any(r.get("request_id") == "from-the-client-1" and r.get("route") == "/jobs" for r in records)
        assert any(r.get("request_id") == "browser-test-3" and r.get("status") == 201 for r in records)
        started = [r for r in records if r["message"] == "steps started"]
        assert started and all(r.get("job_id", "").startswith("job_") and r.get("worker", "").startswith("worker_") for r in started)
        failed = [r for r in records if r["message"] == "task failed" and r.get("job_id") == self.jobs["failed"]]
        assert failed and failed[0]["task_id"].startswith("task_") and failed[0]["error_kind"] == "input_unreachable", failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=str(ROOT / ".build/debug/kiln"))
    parser.add_argument("--artefacts", default=str(ROOT / "bench/out/browser"))
    parser.add_argument("--docs-screenshot", default=None)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--chromedriver", default=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    args = parser.parse_args()

    suite = Suite(args)
    tests = [name for name in Suite.__dict__ if name.startswith("test_")]
    passed, failed = 0, []
    try:
        for name in tests:
            started = time.time()
            try:
                getattr(suite, name)()
                passed += 1
                print(f"  ok    {name} ({time.time() - started:.1f} s)", flush=True)
            except Exception as error:
                failed.append(name)
                print(f"  FAIL  {name} ({time.time() - started:.1f} s): {error!r}", flush=True)
                traceback.print_exc()
                try:
                    suite.browser.save_screenshot(str(suite.artefacts / f"FAILED-{name}.png"))
                except Exception:
                    pass
    finally:
        log = suite.kiln.log_path.read_text() if failed else ""
        suite.close()
    if failed:
        print("kiln's log (last 40 lines):\n" + "\n".join(log.splitlines()[-40:]))
    print(f"screenshots in {suite.artefacts}")
    print(f"{passed} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
