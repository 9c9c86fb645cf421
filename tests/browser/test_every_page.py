"""Every main page, for every role, in Polish: no message of the interface left in English, no serious
accessibility finding, nothing asked of another host (the ``page`` fixture), and a screenshot of each in
var/screenshots/ (``pl-<user>-<page>.png``)."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from projects import selectors
from tests.browser.conftest import serious_accessibility_violations, shot, too_wide_for_a_phone

USERS = ["office", "coordinator", "partner.gmt", "auditor"]


def main_pages(username: str) -> dict[str, str]:
    """The main pages of the user's world: one object of each kind they may see, chosen in the demo data."""
    user = get_user_model().objects.get(username=username)
    pages = {
        "dashboard": reverse("web:home"),
        "projects": reverse("web:projects"),
        "reports": reverse("web:documents"),
        "notifications": reverse("web:notifications"),
        "preferences": reverse("web:preferences"),
    }
    firsts = {
        "project": (selectors.project_list(user=user).order_by("pk"), "web:project"),
        "deliverable": (selectors.deliverable_list(user=user).order_by("pk"), "web:deliverable"),
        "claim": (selectors.partner_claim_list(user=user).order_by("pk"), "web:claim"),
        "periodic-report": (selectors.periodic_report_list(user=user).order_by("pk"), "web:periodic-report"),
    }
    for name, (queryset, url_name) in firsts.items():
        first = queryset.first()
        if first is not None:
            pages[name] = reverse(url_name, args=[first.pk])
    return pages


def english_messages(language: str) -> set[str]:
    """The interface's messages whose translation differs from the English (a name like "Clusterflow" or
    "E-mail" may rightly stay as it is), less those that are also a translation ("Data" is Polish for "Date")."""
    path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    with path.open("rb") as file:
        catalog = read_po(file)
    originals, translations = set(), set()
    for message in catalog:
        if not message.id or message.pluralizable or "%(" in message.id:
            continue
        if message.string and message.string != message.id:
            originals.add(message.id.strip())
            translations.add(message.string.strip())
    return originals - translations


# Every text node of the page, as the reader meets them (scripts and styles aside).
TEXTS = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const texts = [];
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (parent.closest('script, style, noscript')) continue;
    const text = walker.currentNode.textContent.replace(/\\s+/g, ' ').trim();
    if (text) texts.push(text);
  }
  for (const element of document.querySelectorAll('[placeholder], [aria-label], [title], input[type=submit]')) {
    for (const name of ['placeholder', 'aria-label', 'title', 'value']) {
      const value = element.getAttribute(name);
      if (value && (name !== 'value' || element.type === 'submit')) texts.push(value.trim());
    }
  }
  return texts;
}"""


@pytest.mark.parametrize("username", USERS)
def test_every_main_page_in_polish(page, site, sign_in, username):
    sign_in(username, language="pl")
    english = english_messages("pl")
    problems = []
    for name, path in main_pages(username).items():
        response = page.goto(site + path)
        assert response.status == 200, f"{name} answered {response.status}"
        assert page.locator("html").get_attribute("lang") == "pl"
        untranslated = sorted({text for text in page.evaluate(TEXTS) if text in english})
        if untranslated:
            problems.append(f"{name} ({path}) shows in English: {untranslated}")
        violations = serious_accessibility_violations(page)
        if violations:
            problems.append(f"{name} ({path}): {violations}")
        shot(page, f"pl-{username}-{name}")
    assert problems == []


def test_the_pages_fit_a_phone(page, site, sign_in):
    sign_in("partner.gmt")
    for name, path in main_pages("partner.gmt").items():
        page.goto(site + path)
        assert too_wide_for_a_phone(page) == [], name
        shot(page, f"phone-partner.gmt-{name}")
