"""A person's walk through the site, in headless Chromium, against the real server on the build.

Home → search by an alternate name → entity page → evidence link → the highlighted passage
in its document → timeline → an example query on /sparql and its results. Each test is one
step and starts from where a person would be (so one broken step does not hide the others);
within a step it clicks links and submits forms rather than typing URLs. Each step keeps a
screenshot in tests/artifacts/browser/ (NN-step.png; FAILED-<test>.png when a step fails).
Selectors are the stable hooks of docs/linked-data.md and the SPARQL page's template.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the `test` extra)").expect

ALTERNATE_NAME = "Khankendi"
ENTITY = "Stepanakert"
ENTITY_PATH = "/page/stepanakert"
EXAMPLE_QUERY = "Every name of a place"  # queries/*.rq: places with their other names


def shot(page, artifacts: Path, name: str, *, full_page: bool = False) -> None:
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=full_page)


def assert_no_problems(page) -> None:
    """No script errors, console errors (CSP violations are reported there) or failed loads.

    The browser's own request for /favicon.ico is not the page's: the site has no icon (yet).
    """
    problems = [p for p in page.problems if not p.rstrip().endswith("/favicon.ico")]
    assert not problems, "the page reported problems:\n" + "\n".join(problems)


def normalise(text: str) -> str:
    return " ".join(text.split())


# --- 1. home page, search by an alternate name ----------------------------------------------


def test_home_search_by_alternate_name(page, artifacts: Path) -> None:
    page.goto("/")
    expect(page).to_have_title(re.compile("Karabakh", re.I))
    expect(page.locator("#home h1")).to_contain_text("Nagorno-Karabakh")
    # the counts a visitor sees are real numbers, not zeros
    for what in ("things", "source documents", "assertions"):
        value = page.locator("#stats div", has=page.locator("dt", has_text=what)).locator("dd")
        expect(value).to_be_visible()
        assert int(value.inner_text().replace(",", "")) > 0, f"home page shows no {what}"
    expect(page.locator("#explore a", has_text="Timeline")).to_be_visible()
    shot(page, artifacts, "01-home", full_page=True)

    box = page.locator("form#search input[name=q]")
    expect(box).to_be_visible()
    box.fill(ALTERNATE_NAME)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=" + ALTERNATE_NAME))
    expect(page.locator("form#search input[name=q]")).to_have_value(ALTERNATE_NAME)
    hit = page.locator("ol.results li.hit").filter(has=page.get_by_role("link", name=ENTITY, exact=True)).first
    expect(hit).to_be_visible()
    expect(hit.locator(".matched")).to_contain_text(ALTERNATE_NAME)  # "also known as Khankendi"
    link = hit.get_by_role("link", name=ENTITY, exact=True)
    expect(link).to_have_attribute("href", ENTITY_PATH)
    shot(page, artifacts, "02-search-alternate-name", full_page=True)

    link.click()
    page.wait_for_url(re.compile(re.escape(ENTITY_PATH) + "$"))
    expect(page.locator("#entity h1")).to_have_text(ENTITY)
    assert_no_problems(page)


# --- 2. the entity page: label, names, an evidence quote and who asserts it ------------------


def alias_statement(page):
    """The statement on the entity page whose evidence quotes the alternate name."""
    return (
        page.locator("#statements dd.statement")
        .filter(has=page.locator("figure.passage-quote blockquote", has_text=ALTERNATE_NAME))
        .first
    )


def test_entity_page_shows_label_evidence_and_claimant(page, artifacts: Path) -> None:
    page.goto(ENTITY_PATH)
    expect(page).to_have_title(re.compile("^" + ENTITY))
    expect(page.locator("#entity h1")).to_have_text(ENTITY)
    expect(page.locator("#entity .types a.type").first).to_be_visible()
    expect(page.locator("#entity .aliases .alias", has_text=ALTERNATE_NAME)).to_be_visible()
    expect(page.locator("nav.formats a.format-ttl")).to_be_visible()

    statement = alias_statement(page)
    expect(statement).to_be_visible()
    quote = statement.locator("figure.passage-quote blockquote").first
    expect(quote).to_be_visible()
    assert ALTERNATE_NAME in quote.inner_text()
    claimant = statement.locator(".evidence .claimant").first
    expect(claimant).to_be_visible()
    assert claimant.inner_text().strip(), "the evidence names no claimant"
    expect(claimant.locator("a")).to_have_attribute("href", re.compile(r"^/page/"))
    passage = statement.locator(".evidence a.passage").first
    expect(passage).to_have_attribute("href", re.compile(r"^/page/doc/[^#]+#char=\d+,\d+$"))

    # other statements and reported figures carry their passages too
    assert page.locator("#entity .evidence figure.passage-quote").count() >= 2
    expect(page.locator("#neighbourhood svg")).to_be_visible()
    statement.scroll_into_view_if_needed()
    shot(page, artifacts, "03-entity-page")
    shot(page, artifacts, "03-entity-page-full", full_page=True)
    assert_no_problems(page)


# --- 3. an evidence link lands on the highlighted passage -----------------------------------


def test_evidence_link_opens_highlighted_passage(page, artifacts: Path) -> None:
    page.goto(ENTITY_PATH)
    statement = alias_statement(page)
    quote = normalise(statement.locator("figure.passage-quote blockquote").first.inner_text())
    passage = statement.locator(".evidence a.passage").first
    href = passage.get_attribute("href")
    fragment = href.split("#", 1)[1]  # char=s,e

    passage.click()
    page.wait_for_url(re.compile(re.escape(href) + "$"))
    expect(page.locator("#document h1")).to_be_visible()
    expect(page.locator("#document dl.metadata dd.author")).to_be_visible()

    mark = page.locator(f'#text mark.evidence[id="{fragment}"]')
    expect(mark).to_have_count(1)
    expect(mark).to_be_visible()
    expect(mark).to_be_in_viewport()  # the browser scrolled to it
    assert mark.evaluate("el => el.matches(':target')"), "the passage is not the fragment's target"
    # it looks different from an ordinary evidence passage: the :target / .hl highlight applies
    style = "el => { const s = getComputedStyle(el); return [s.backgroundColor, s.outlineStyle]; }"
    target_bg, target_outline = mark.evaluate(style)
    plain = page.locator("#text mark.evidence:not(:target):not(.hl)").first
    plain_bg, _ = plain.evaluate(style)
    assert target_bg != plain_bg, f"the targeted passage has the same background ({target_bg}) as any other"
    assert target_outline != "none", "the targeted passage has no outline"
    # the highlighted text is the quote shown on the entity page (all pieces, if it was cut)
    pieces = page.locator(f'#text mark.evidence[data-ev="{fragment}"]')
    expect(pieces.first).to_have_class(re.compile(r"\bhl\b"))  # pages.js marked the pieces
    text = normalise("".join(pieces.all_text_contents()))
    assert text == quote, f"highlighted {text!r}, but the entity page quotes {quote!r}"
    shot(page, artifacts, "04-document-highlighted-passage")
    assert_no_problems(page)


# --- 4. the timeline --------------------------------------------------------------------------


def timeline_dates(page) -> list[str]:
    return page.locator("ol#timeline li.event").evaluate_all("els => els.map(e => e.dataset.date)")


def assert_date_order(dates: list[str]) -> None:
    dated = [d for d in dates if d]
    # ISO dates of any precision sort as text: "2020" < "2020-07" < "2020-09-27"
    assert dated == sorted(dated), f"events out of date order: {dated}"
    if len(dated) < len(dates):  # undated events come after every dated one
        first_undated = dates.index("")
        assert all(not d for d in dates[first_undated:]), "a dated event follows an undated one"


def test_timeline_lists_events_in_date_order(page, artifacts: Path) -> None:
    page.goto("/")
    page.locator("header.site nav").get_by_role("link", name="Timeline", exact=True).click()
    page.wait_for_url(re.compile(r"/timeline$"))
    expect(page.locator("main h1")).to_have_text("Timeline")
    events = page.locator("ol#timeline li.event")
    expect(events.first).to_be_visible()
    dates = timeline_dates(page)
    assert len([d for d in dates if d]) >= 10, f"few dated events: {dates}"
    assert_date_order(dates)
    expect(page.locator("ol#timeline li.event[data-date] time").first).to_be_visible()
    titles = page.locator("ol#timeline a.event-link").all_inner_texts()
    assert "First Karabakh War" in titles and "2020 Karabakh War" in titles, titles
    assert titles.index("First Karabakh War") < titles.index("2020 Karabakh War")
    shot(page, artifacts, "05-timeline")

    # a person narrows it to wars with the filter form
    form = page.locator("form#timeline-filter")
    form.locator("select[name=type]").select_option("War")
    form.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"/timeline\?.*type=War"))
    wars = page.locator("ol#timeline a.event-link").all_inner_texts()
    assert "2020 Karabakh War" in wars and 0 < len(wars) < len(titles), wars
    assert_date_order(timeline_dates(page))
    shot(page, artifacts, "06-timeline-filtered")
    assert_no_problems(page)


# --- 5. an example query in the SPARQL UI ---------------------------------------------------


def test_sparql_example_query_shows_results(page, artifacts: Path, base_url: str) -> None:
    page.goto("/")
    page.locator("header.site nav").get_by_role("link", name="SPARQL", exact=True).click()
    page.wait_for_url(re.compile(r"/sparql$"))
    expect(page.locator("main h1")).to_have_text("SPARQL query")
    examples = page.locator("section.examples")
    expect(examples).to_be_visible()
    assert examples.locator("li a").count() >= 3

    examples.get_by_role("link", name=EXAMPLE_QUERY, exact=True).click()
    page.wait_for_url(re.compile(r"/sparql\?query="))
    textarea = page.locator("form.query textarea#query")
    expect(textarea).to_have_value(re.compile("altLabel"))  # the example is in the editor
    results = page.locator("section.results table")
    expect(results).to_be_visible()
    shot(page, artifacts, "07-sparql-example-chosen")

    # run it from the form, as a person would after reading it
    with page.expect_navigation():
        page.locator("form.query").get_by_role("button", name="Run query").click()
    assert "format=html" in page.url and "query=" in page.url, page.url
    expect(page.locator("section.results table tbody tr").first).to_be_visible()
    count = page.locator("section.results p.count").inner_text()
    rows = int(count.split()[0].replace(",", ""))
    assert rows > 0, count
    expect(page.locator("section.results table tbody tr")).to_have_count(rows)
    headers = page.locator("section.results thead th").all_inner_texts()
    assert headers[:2] == ["place", "name"], headers
    row = page.locator("section.results tbody tr").filter(has_text=ENTITY).first
    expect(row).to_contain_text(ALTERNATE_NAME)  # Stepanakert / Khankendi
    expect(page.locator("section.error")).to_have_count(0)
    row.scroll_into_view_if_needed()
    shot(page, artifacts, "08-sparql-results")

    # the row's IRI is a link to the entity's page on this server
    iri = row.locator("td a.iri").first
    expect(iri).to_be_visible()
    target = urljoin(page.url, iri.get_attribute("href"))
    assert urlsplit(target).netloc == urlsplit(base_url).netloc, (
        f"the result's IRI links to {target}, outside this server, not to the entity's page "
        f"({base_url}/id/… or /page/…)"
    )
    iri.click()
    page.wait_for_url(re.compile(re.escape(ENTITY_PATH) + "$"))
    expect(page.locator("#entity h1")).to_have_text(ENTITY)
    shot(page, artifacts, "09-sparql-iri-entity-page")
    assert_no_problems(page)
