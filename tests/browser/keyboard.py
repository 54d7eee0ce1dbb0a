"""Moving through a page as a keyboard user does: Tab, Shift+Tab and Enter, nothing else."""

MAX_TABS = 60


def focused(page) -> str:
    """Return the focused element's accessible text: its label, value or text."""
    text = page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el) return "";
            const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
            return [el.getAttribute("aria-label") || "", label, el.innerText || "",
                    el.value || "", el.name || ""].join(" | ");
        }"""
    )
    return " ".join(text.split())


def tab_to(page, text: str, *, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focused element shows ``text``."""
    key = "Shift+Tab" if backwards else "Tab"
    seen = []
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        seen.append(focused(page))
        if text in seen[-1]:
            return
    raise AssertionError(f"{text!r} cannot be reached with {key}: {seen}")


def press_enter_and_wait(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def open_file_chooser(page):
    """Press Space on the focused file field and return the chooser it opens.

    Pressed again (as a person would) when Chromium drops the first press: on a loaded
    machine with two browsers running, one press in a few hundred opened nothing.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(3):
        try:
            with page.expect_file_chooser(timeout=5_000) as chooser:
                page.keyboard.press("Space")
            return chooser.value
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"Space on {focused(page)!r} opened no file chooser")
