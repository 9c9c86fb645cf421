"""Browser tests: Playwright drives Debian's Chromium (``scripts/system-deps.sh --browser``, launched by its
executable path, headless; never a browser build Playwright downloads) against Django's live server, loaded
with the demo data. Each test signs in through the sign-in form as a demo user would.

Every page a test opens is watched: a request to another host fails the test (the pages work offline).
``shot(page, name)`` saves a screenshot under var/screenshots/; ``serious_accessibility_violations(page)``
runs the bundled axe-core.
"""

import io
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

PASSWORD = "browser-test-password"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    """Marks the browser tests, skips them (with the reason) without Chromium, and runs them last: once
    Playwright has started, its event loop stays in the test process."""
    missing = not Path(CHROMIUM).exists()
    browser = [item for item in items if "tests/browser/" in str(item.fspath).replace(os.sep, "/")]
    for item in browser:
        item.add_marker(pytest.mark.browser)
        if missing:
            item.add_marker(
                pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}: `make test` installs Debian's chromium")
            )
    items[:] = [item for item in items if item not in browser] + browser


@pytest.fixture(scope="session", autouse=True)
def _database_beside_playwright():
    """Playwright's sync API runs an event loop in the test's thread, which Django takes for async code; the
    tests (and the test database's set-up) still use the database directly, and nothing of it is async. Set
    for the browser tests only, which run last, and removed afterwards."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, headless, with the flags that keep it from calling home on this closed network."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "en-GB"}


@pytest.fixture(scope="session")
def demo_snapshot(tmp_path_factory) -> dict:
    """The demo world as the first browser test loaded it: a copy of the in-memory SQLite database and of
    its files, for the next tests to start from in milliseconds instead of loading it again."""
    return {"media": tmp_path_factory.mktemp("demo-media")}


@pytest.fixture
def demo(transactional_db, settings, tmp_path, demo_snapshot):
    """The demo world in the live server's database, its files under the test's own folder.

    On the in-memory SQLite database of the default run, the first test loads it with ``manage.py demo``
    and keeps a copy (sqlite3's backup API); every later test gets the copy back. On another database
    each test loads it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    if not in_memory:
        call_command("demo", password=PASSWORD, stdout=io.StringIO())
        return
    connection.ensure_connection()
    if "database" not in demo_snapshot:
        call_command("demo", password=PASSWORD, stdout=io.StringIO())
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        if Path(settings.MEDIA_ROOT).exists():
            shutil.copytree(settings.MEDIA_ROOT, demo_snapshot["media"], dirs_exist_ok=True)
        demo_snapshot["database"] = copy
        return
    demo_snapshot["database"].backup(connection.connection)
    shutil.copytree(demo_snapshot["media"], settings.MEDIA_ROOT, dirs_exist_ok=True)
    ContentType.objects.clear_cache()  # the flush after the last test made new ids; the copy has the old ones


@pytest.fixture
def site(live_server, demo):
    """The live server's address. Each test starts with a fresh sign-in budget: the throttle's counters live in
    the cache table, which the database flush between tests does not empty."""
    cache.clear()
    return live_server.url


@pytest.fixture
def page(page, live_server):
    """Playwright's page, failing the test if it asks anything of another host."""
    elsewhere = []
    local = live_server.url

    def watch(request):
        if not request.url.startswith((local, "data:", "blob:", "about:")):
            elsewhere.append(request.url)

    page.on("request", watch)
    page.set_default_timeout(10_000)
    yield page
    assert not elsewhere, f"The page asked other hosts: {elsewhere}"


@pytest.fixture
def sign_in(page, site):
    """``sign_in("coordinator")``: signs in through the form at / and lands on the dashboard."""

    def as_user(username: str, language: str | None = None):
        page.context.clear_cookies()
        page.goto(site + "/")
        if language:
            page.get_by_label("Language").select_option(language)
            page.wait_for_load_state()
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("form[action='/'] button[type=submit]").click()
        page.wait_for_load_state()
        return page

    return as_user


def shot(page, name: str) -> Path:
    """A full-page screenshot as var/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def serious_accessibility_violations(page) -> list[str]:
    """axe-core's critical and serious findings on the page, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "" for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("critical", "serious")
    ]


# Elements reaching past the screen's right edge; a wide table scrolls inside its `.table-scroll` frame instead.
TOO_WIDE = """() => [...document.querySelectorAll("body *")]
    .filter(element => element.getBoundingClientRect().right > window.innerWidth + 1)
    .filter(element => !element.closest(".table-scroll"))
    .map(element => element.tagName + " " + element.textContent.trim().slice(0, 40))"""


def too_wide_for_a_phone(page) -> list[str]:
    """Turns the page into a 375 px wide phone screen and says what does not fit it (nothing, on a good page)."""
    page.set_viewport_size({"width": 375, "height": 800})
    return page.evaluate(TOO_WIDE)
