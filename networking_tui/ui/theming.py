"""The theme chosen in the palette (Ctrl+P → Theme) is saved with the settings
and used at the next start."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.signal import Signal
    from textual.theme import Theme

    from networking_tui.data.store import Change, ContactStore


class ThemeHost(Protocol):
    store: ContactStore
    theme: str

    @property
    def available_themes(self) -> dict[str, Theme]: ...
    @property
    def theme_changed_signal(self) -> Signal[Theme]: ...
    def changed(self, change: Change, *, focus: bool = True) -> None: ...


def saved_theme(store: ContactStore, available: dict[str, Any]) -> str | None:
    """The saved theme, if this Textual still has it."""
    name = store.settings().theme
    return name if name in available else None


def remember_themes(host: ThemeHost, node: Any) -> None:
    """From now on, save each theme chosen (`node`: the app, which the signal needs)."""

    def save(theme: Theme) -> None:
        from networking_tui.usecases import planning  # not needed for the first screen

        change = planning.save_theme(host.store, theme.name)
        if change is not None:
            host.changed(change, focus=False)

    host.theme_changed_signal.subscribe(node, save)
