"""Browser tests: headless Chromium walks the site as a person would (docs/browser-tests.md)."""
