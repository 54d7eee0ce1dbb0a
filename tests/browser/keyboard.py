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
