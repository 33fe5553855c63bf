#!/bin/sh
# Re-extract the texts, merge them into the four catalogs and compile them.
#
#   locales/update.sh            # from the repository root (or anywhere)
#
# 1. pybabel extract: every N_("...") of locales/texts.py -> locales/messages.pot
#    (keywords and translator comments come from [tool.babel] in pyproject.toml);
# 2. pybabel update: merge the template into <lang>/LC_MESSAGES/messages.po,
#    creating a missing catalog, without fuzzy guesses and dropping obsolete texts;
# 3. the English catalog gets msgstr = msgid for new texts;
# 4. pybabel compile: every .po -> .mo (committed, so installing needs no build).
#
# New texts come out untranslated in fr/nl/de: translate them in the .po files,
# then run this script again. tests/test_catalogs.py fails until that is done.
set -eu
cd "$(dirname "$0")/.."
PYBABEL="${PYBABEL:-pybabel}"
PYTHON="${PYTHON:-python}"
LANGUAGES="fr nl de en"

"$PYBABEL" extract -F pyproject.toml -o locales/messages.pot \
    --project=dimona-talk --version=0.1.0 --copyright-holder=dimona-talk \
    --msgid-bugs-address=dimona-talk --sort-by-file \
    --header-comment="# Translations template for PROJECT, from locales/texts.py." locales

for lang in $LANGUAGES; do
    "$PYBABEL" update -i locales/messages.pot -d locales -D messages -l "$lang" \
        --init-missing --no-fuzzy-matching --ignore-obsolete
done

"$PYTHON" - <<'PY'
"""English is the source language: its translations are the msgids."""
from babel.messages.pofile import read_po, write_po

path = "locales/en/LC_MESSAGES/messages.po"
with open(path, "rb") as po:
    catalog = read_po(po)
catalog.fuzzy = False
for message in catalog:
    if message.id and not message.string:
        message.string = message.id
with open(path, "wb") as po:
    write_po(po, catalog, ignore_obsolete=True)
PY

"$PYBABEL" compile -d locales -D messages --statistics
