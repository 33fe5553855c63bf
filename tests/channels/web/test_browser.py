"""The web pages in a real browser: Debian's headless Chromium, driven by Playwright, on a
real ``dimona-talk serve`` process (demo data, SQLite, a fixed clock).

One server and one browser for the run: every browser test is in this module, since
the Playwright sync API runs an event loop of its own, which must be gone before the
other modules' asyncio tests run. A fresh browser context (cookies, language) per test.
A screenshot of each main page goes to the folder printed at the end of the run
(``DIMONA_SCREENSHOTS``, else a folder in the temporary directory). Skipped when
Playwright or ``/usr/bin/chromium`` cannot be had (``.ci/run`` installs chromium); the
browser is never downloaded.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from locales import Message, localize

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium (Debian's chromium package)", allow_module_level=True)

from playwright.sync_api import Browser, Page, expect  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]
NOW = "2026-12-01T09:30:00+01:00"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
SHOTS = Path(os.environ.get("DIMONA_SCREENSHOTS")
             or Path(tempfile.gettempdir()) / "dimona-talk-screenshots")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``serve`` process with the demo data on a fresh SQLite file."""
    folder = tmp_path_factory.mktemp("browser")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIMONA_")}
    env.update(DIMONA_NOW=NOW, PYTHONPATH=str(ROOT))
    log = (folder / "serve.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve", "--demo", "--db", str(folder / "web.db"),
         "--host", "127.0.0.1", "--port", str(port), "--sms-rate", "1000"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, (folder / "serve.log").read_text()
            with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/health", timeout=2):
                break
            assert time.monotonic() < deadline, "serve did not start"
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def browser(request: pytest.FixtureRequest) -> Iterator[Browser]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"browser screenshots: {SHOTS}")


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, locale="fr-BE",
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    tab = context.new_page()
    yield tab
    context.close()


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def words(message_id: str, lang: str, **params: object) -> str:
    return localize(Message(message_id, params), lang)


def next_screen(page: Page) -> None:
    page.click("button[value=next]")


def start(page: Page, employer: str, kind: str, lang: str) -> None:
    page.goto("/dimona")
    page.click(f"header a[hreflang={lang}]")  # the switch on the page, not the browser's
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.fill("#f-employer", employer)
    page.check(f"#kind-{kind}")
    next_screen(page)
    expect(page.locator("h1")).to_have_text(words("web.employer.title", lang))
    next_screen(page)


def confirm(page: Page, lang: str, name: str | None = None) -> str:
    """Confirm the overview; the receipt's declaration number."""
    expect(page.locator("h1")).to_have_text(words("web.summary.title", lang))
    if name:
        shot(page, f"{name}-summary")
    page.click("button[value=confirm]")
    expect(page.locator("h1")).to_have_text(words("web.receipt.title", lang))
    if name:
        shot(page, f"{name}-receipt")
    return page.inner_text("#declaration-number")


def expect_status(page: Page, result: str, lang: str) -> None:
    expect(page.locator("#declaration-status")).to_have_text(words(f"result.{result}", lang))


def other_staff_from(page: Page, day: str) -> None:
    """The characteristics and dates screens of an ordinary worker (OTH in XXX)."""
    page.select_option("#f-jointCommissionNumber", "XXX")
    page.select_option("#f-workerType", "OTH")
    next_screen(page)
    page.fill("#f-startDate", day)
    next_screen(page)


def pick_period(page: Page, ssin: str, period: str) -> None:
    page.fill("#f-ssin", ssin)
    next_screen(page)
    page.check(f"#p-{period}")
    next_screen(page)


@pytest.mark.parametrize(("lang", "employer", "ssin"), [
    ("fr", "0403199702", "85073100130"), ("nl", "0852093431", "88061216309"),
    ("de", "0202400002", "01020300467")])
def test_in_out_update_cancel_in_the_form(page: Page, lang: str, employer: str,
                                          ssin: str) -> None:
    name = f"dimona-{lang}"
    start(page, employer, "IN", lang)
    page.check("#mode-niss")
    page.fill("#f-ssin", ssin)
    shot(page, f"{name}-worker")
    next_screen(page)
    page.select_option("#f-jointCommissionNumber", "XXX")
    page.select_option("#f-workerType", "OTH")
    shot(page, f"{name}-features")
    next_screen(page)
    page.fill("#f-startDate", "2026-12-10")
    shot(page, f"{name}-period")
    next_screen(page)
    period = confirm(page, lang, name)
    expect_status(page, "A", lang)
    expect(page.locator(".receipt")).to_contain_text(ssin[:2])

    start(page, employer, "OUT", lang)
    pick_period(page, ssin, period)
    page.fill("#f-endDate", "2026-12-20")
    next_screen(page)
    confirm(page, lang)
    expect_status(page, "A", lang)
    expect(page.locator("#period-number")).to_have_text(period)

    start(page, employer, "UPDATE", lang)
    pick_period(page, ssin, period)
    expect(page.locator("#f-endDate")).to_have_value("2026-12-20")  # the period as it is
    page.fill("#f-endDate", "2026-12-22")
    next_screen(page)
    expect(page.locator("ins")).to_have_count(1)  # the one change, shown as such
    confirm(page, lang)
    expect_status(page, "A", lang)

    start(page, employer, "CANCEL", lang)
    pick_period(page, ssin, period)
    confirm(page, lang)
    expect_status(page, "A", lang)

    page.goto(f"/personnel?employer={employer}")
    row = page.locator("tr.status-cancelled", has_text=period)
    expect(row).to_have_count(1)
    page.locator("tr.history summary").first.click()
    expect(page.locator("tr.history li")).to_have_count(4)  # IN, OUT, UPDATE, CANCEL


def test_an_error_is_shown_at_its_field(page: Page) -> None:
    start(page, "0852093431", "IN", "nl")
    page.check("#mode-niss")
    page.fill("#f-ssin", "85073100131")
    next_screen(page)
    error = page.locator("#e-ssin-1")
    expect(error).to_be_visible()
    expect(error).to_contain_text("INSZ")
    expect(page.locator("#f-ssin")).to_have_attribute("aria-invalid", "true")
    field = page.locator(".field.invalid")
    expect(field).to_have_count(1)
    expect(field.locator("#f-ssin")).to_have_count(1)  # the message sits with its field
    shot(page, "dimona-error")


def test_the_worker_types_follow_the_committee(page: Page) -> None:
    start(page, "0403199702", "IN", "fr")
    page.fill("#f-ssin", "92041512230")
    next_screen(page)
    expect(page.locator("button[value=refresh]")).to_be_hidden()  # JavaScript filters
    page.select_option("#f-jointCommissionNumber", "302")
    offered = page.locator("#f-workerType option:not([hidden]):not([value=''])")
    expect(offered).to_have_count(2)
    assert sorted(offered.evaluate_all("els => els.map(e => e.value)")) == ["EXT", "FLX"]
    expect(page.locator("fieldset.agency")).to_be_hidden()
    page.select_option("#f-jointCommissionNumber", "322")
    expect(page.locator("fieldset.agency")).to_be_visible()


def test_without_a_niss_the_identity_form_then_the_pending_period_is_marked(page: Page
                                                                             ) -> None:
    start(page, "0877123488", "IN", "fr")
    page.check("#mode-identity")
    expect(page.locator("#f-ssin")).to_be_hidden()
    for name, value in (("lastName", "Novak"), ("firstName", "Ana"), ("birthDate", "14/03/1996"),
                        ("birthPlace", "Zagreb"), ("birthPlaceCountry", "00119"),
                        ("nationality", "00119"), ("street", "Rue Haute"),
                        ("houseNumber", "12"), ("zipCode", "5000"), ("city", "Namur"),
                        ("country", "00150")):
        page.fill(f"#f-{name}", value)
    page.select_option("#f-sex", "2")
    next_screen(page)
    other_staff_from(page, "2026-12-14")
    expect(page.locator(".verdict")).to_have_class("verdict verdict-S")
    confirm(page, "fr")
    expect_status(page, "S", "fr")

    page.goto("/personnel?employer=0877123488")
    page.select_option("#f-status", "pending")
    page.click("form.filters button[type=submit]")
    expect(page.locator(".badge.pending")).to_have_count(1)
    expect(page.locator(".worker h2")).to_contain_text("Novak Ana")
    shot(page, "personnel")
    page.select_option("#f-status", "cancelled")
    page.click("form.filters button[type=submit]")
    expect(page.locator(".worker")).to_have_count(0)
    expect(page.locator("p.notice")).to_have_text(words("web.personnel.none", "fr"))


def test_the_receipt_has_a_print_stylesheet(page: Page) -> None:
    start(page, "0566988259", "IN", "nl")
    page.fill("#f-ssin", "76090121061")
    next_screen(page)
    other_staff_from(page, "2026-12-11")
    confirm(page, "nl")
    expect(page.locator("button[data-print]")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.locator("button[data-print]")).to_be_hidden()
    expect(page.locator("#declaration-number")).to_be_visible()
    page.pdf(path=str(SHOTS / "receipt.pdf"))


def test_an_sms_conversation_in_the_simulator(page: Page) -> None:
    page.goto("/phone")
    page.select_option("#f-sim-employer", "1001234592")
    page.select_option("#f-sim-lang", "fr")
    page.click("form.filters button[type=submit]")
    for text in ("bonjour", "1", "99010133374", "302", "EXT", "15/12", "18h", "23h"):
        page.fill("#f-sms-text", text)
        page.click("#sms button[type=submit]")
    expect(page.locator("#sms .thread li.out").last).to_contain_text("Payroll Partners")
    expect(page.locator("#diagram-IN rect.current")).to_have_count(1)  # at the summary
    page.fill("#f-sms-text", "oui")
    page.click("#sms button[type=submit]")
    expect(page.locator("#sms .thread li.out").last).to_contain_text(words("result.A", "fr"))
    shot(page, "phone-sms")
    page.goto("/personnel?employer=1001234592")
    expect(page.locator(".worker h2")).to_contain_text("Janssens")


def test_a_keyed_call_in_the_simulator(page: Page) -> None:
    page.goto("/phone")
    page.select_option("#f-sim-employer", "051234526")
    page.click("form.filters button[type=submit]")
    page.click("button[value=start]")
    # the simulated phone has a language (French): greeted in it, star for another one
    expect(page.locator("#call .thread")).to_contain_text("Pour une autre langue, tapez étoile.")
    for keys in ("1234", "1", "03051204513", "302", "1", "15122026", "1800", "2300"):
        if len(keys) == 1:
            page.click(f"#call button[name=key][value='{keys}']")
        else:
            page.fill("#f-call-digits", keys)
            page.click("button[value=keys]")
    expect(page.locator("#call .thread li.out").last).to_contain_text("Lambert")
    page.click("#call button[name=key][value='1']")  # yes
    expect(page.locator("#call .thread")).to_contain_text(words("result.A", "fr"))
    expect(page.locator("button[value=start]")).to_be_visible()  # the call has ended
    shot(page, "phone-call")


def test_the_home_page_in_each_language(page: Page) -> None:
    page.goto("/")
    for lang in ("nl", "de", "en", "fr"):
        page.click(f"header a[hreflang={lang}]")
        expect(page.locator("h1")).to_have_text(words("web.home.title", lang))
    page.keyboard.press("Tab")
    expect(page.locator("a.skip")).to_be_focused()  # keyboard first: skip to the content
    shot(page, "home")
