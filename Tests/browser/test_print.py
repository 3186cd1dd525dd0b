"""Printed, the controls page shows every control: closed `<details>` groups open on paper
(assets/print.css), so a buyer who prints the page to PDF gets the controls, not only the group
headings. On screen the same groups stay closed. Print is emulated with Chrome DevTools Protocol
`Emulation.setEmulatedMedia` (media "print"), which applies `@media print` and `media="print"`
stylesheets as printing does."""

# For each closed group: is its first control row rendered (checkVisibility is false inside a closed
# details' hidden content), and is the group taller than its summary?
VISIBLE = """
const groups = [...document.querySelectorAll('details.group:not([open])')];
return groups.map(g => { const row = g.querySelector('tbody tr'), summary = g.querySelector('summary');
  if (!row) return null;
  return row.checkVisibility() && g.getBoundingClientRect().height > summary.getBoundingClientRect().height + 10; });
"""


def closed_groups(driver, media):
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": media, "features": []})
    try:
        return driver.execute_script(VISIBLE)
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})


def test_printed_controls_page_opens_every_group(static_server, session_browser):
    session_browser.get(static_server.url("public/controls.html"))
    on_screen = closed_groups(session_browser, "screen")
    assert on_screen, "the sample's controls page should have closed groups"
    assert None not in on_screen, "every group should hold at least one control"
    assert not any(on_screen), "on screen a closed group hides its controls"
    printed = closed_groups(session_browser, "print")
    assert all(printed), f"printed, {printed.count(False)} of {len(printed)} closed groups still hide their controls"
