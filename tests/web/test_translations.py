"""The interface is translated into Polish and Slovenian: every message of the committed catalogs has its
translation (none empty, none left fuzzy), the placeholders of each translation are the original's, and the
compiled catalogs the pages use say so. (`.ci/run` checks that the catalogs hold every message of the code.)"""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

CATALOGS = {
    language: Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po" for language in ("pl", "sl")
}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def messages(language: str):
    with CATALOGS[language].open("rb") as file:
        catalog = read_po(file)
    return [message for message in catalog if message.id]


@pytest.mark.parametrize("language", CATALOGS)
def test_every_message_has_a_translation(language):
    untranslated = [
        message.id
        for message in messages(language)
        if message.fuzzy or not (all(message.string) if message.pluralizable else message.string)
    ]
    assert untranslated == []


@pytest.mark.parametrize("language", CATALOGS)
def test_a_translation_keeps_the_placeholders_of_its_original(language):
    wrong = []
    for message in messages(language):
        originals = message.id if message.pluralizable else (message.id,)
        translations = message.string if message.pluralizable else (message.string,)
        expected = {name for text in originals for pair in PLACEHOLDER.findall(text) for name in pair if name}
        for text in filter(None, translations):  # an empty one is the test above's finding
            found = {name for pair in PLACEHOLDER.findall(text) for name in pair if name}
            if found - expected or (not message.pluralizable and found != expected):
                wrong.append((message.id, text))
    assert wrong == []


@pytest.mark.parametrize(("language", "expected"), [("pl", "Zaloguj się"), ("sl", "Prijava")])
def test_the_pages_use_the_compiled_catalogs(language, expected):
    with translation.override(language):
        assert translation.gettext("Sign in") == expected
