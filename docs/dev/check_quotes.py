"""Interim helper for annotators: anchor every quote of an annotation file.

Usage: .venv/bin/python docs/dev/check_quotes.py seeds/annotations/000-a.yaml
(`kg build` does this and much more; this is for quick checks while writing.)
"""

import sys

import yaml

from kg.anchor import AnchorError, anchor

FILES = {"000": "seeds/000_dadaca5bba8a54d9.txt", "001": "seeds/001_bf471a61cd032980.txt"}

bad = 0
for path in sys.argv[1:]:
    data = yaml.safe_load(open(path, encoding="utf-8"))
    doc = str(data["document"])
    text = open(FILES[doc], encoding="utf-8").read()
    for section, items in data.items():
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if not isinstance(item, dict) or "quote" not in item:
                print(f"{path}: {section}[{i}] has no quote")
                bad += 1
                continue
            try:
                anchor(text, item["quote"], item.get("occurrence"), doc=doc)
            except AnchorError as e:
                print(f"{path}: {section}[{i}]: {e}")
                bad += 1
print("ok" if not bad else f"{bad} problem(s)")
sys.exit(1 if bad else 0)
