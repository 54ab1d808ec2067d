"""Screens built once and shown again: the forms and the contact view (`kept`),
the agenda and the review (`one_of`).

Composing and styling a form of some eighty widgets costs Textual 0.3-0.5 s of
CPU, each time it opens; pushing one already built costs a fraction of that. So
the edit form, the log form, the composer and a contact's view are built while
the board is looked at (`warm`), kept (installed), and loaded with the next
contact's fields before being pushed (`load`, which takes what the constructor
takes).

A kept screen still on the stack, or leaving it, is in use: a second one is
built for the time being (a review begun from a contact's view opens another).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar, cast

from textual import events
from textual.app import App
from textual.geometry import Region
from textual.screen import Screen


class Reusable(Protocol):
    in_use: bool

    def load(self, *args: Any, **kwargs: Any) -> None: ...


ScreenT = TypeVar("ScreenT", bound=Screen[Any])


def kept(app: App[Any], kind: type[ScreenT], *args: Any, **kwargs: Any) -> ScreenT:
    """A screen of `kind` showing `args`: the one kept from before if it is free,
    loaded anew; else a new one, kept for next time if none is."""
    name = f"kept-{kind.__name__}"
    if app.is_screen_installed(name):
        screen = app.get_screen(name)
        reusable: Reusable = screen  # type: ignore[assignment]
        free = not reusable.in_use and screen not in app.screen_stack
        if isinstance(screen, kind) and free and screen.is_mounted:  # not still being built
            reusable.load(*args, **kwargs)
            reusable.in_use = True
            return screen
        return kind(*args, **kwargs)
    screen = kind(*args, **kwargs)
    app.install_screen(screen, name)
    reusable = screen  # type: ignore[assignment]
    reusable.in_use = True
    return screen


def one_of(
    app: App[Any], kind: type[ScreenT], prepare: Callable[[ScreenT], ScreenT] = lambda s: s
) -> ScreenT:
    """A view there is only ever one of on the stack (the agenda, the review): made
    once (and `prepare`d) and shown again; it brings itself up to date when shown
    (its own on_screen_resume), so it needs no `load`."""
    name = f"kept-{kind.__name__}"
    if not app.is_screen_installed(name):
        app.install_screen(prepare(kind()), name)
    return cast("ScreenT", app.get_screen(name))


def warm(app: App[Any], screen: Screen[Any]) -> None:
    """Build `screen` (compose, mount, style) off the stack and keep it for `kept`,
    unless one of its kind is kept already."""
    name = f"kept-{type(screen).__name__}"
    if app.is_screen_installed(name):
        return
    app.install_screen(screen, name)
    # Textual's own step for a screen about to be pushed: registered and mounted,
    # shown by the next push (as a kept screen is after its first pop).
    app._get_screen(screen)


def _styled_now(app: App[Any]) -> tuple[object, ...]:
    return (
        app._css_update_count,  # Textual's count of style invalidations (themes)
        app.theme,
        app.app_focus,
        frozenset(app.classes),
        len(app.stylesheet.rules),
    )


def build_footer_ahead(screen: Screen[Any]) -> None:
    """Compose the footer of a screen built off the stack (Textual composes it
    once the screen is shown: tens of milliseconds); shown, its keys are the same
    and it is left as it is (SteadyFooter)."""
    from networking_tui.ui.widgets.footer import SteadyFooter

    for footer in screen.query(SteadyFooter):
        footer._bindings_ready = True
        footer.call_later(footer.recompose)  # in its own context (data_bind)


def lay_out_ahead(screen: Screen[Any]) -> None:
    """Lay out a screen built off the stack at the app's size, and mark it styled
    (its widgets were styled as they mounted, as things are now), so that its
    first show neither lays it out nor restyles it all again."""
    draw_ahead(screen)
    screen._styled_for = _styled_now(screen.app)  # type: ignore[attr-defined]


def draw_ahead(screen: Screen[Any]) -> None:
    """Lay out a screen off the stack at the app's size and have its widgets draw
    their lines (kept in their caches, as the screen below a dialog is drawn):
    its first frame shown is put together from them, not drawn then (rows of the
    agenda: 40 ms at 30,000 contacts). Laid out only if a widget asked for it (or
    the size changed): a layout draws every widget again, and after a change most
    often only a few lines (a heading's count) are to be drawn."""
    size = screen.app.size
    compositor = screen._compositor
    if screen._layout_required or compositor.size != size:
        screen._refresh_layout(size)
        screen._layout_required = False  # asked for off the stack, done now: not again once shown
        compositor.render_strips()
    else:  # only the widgets asked to draw again since (their dirty lines; 5 -> 1 ms)
        visible = compositor.visible_widgets
        for widget in screen._dirty_widgets & visible.keys():
            region, _ = visible[widget]
            widget.render_lines(Region(0, 0, region.width, region.height))
    screen._dirty_widgets.clear()  # drawn, as a frame shown clears them


def restyle_only_if_needed(screen: Screen[Any], event: events.ScreenResume) -> None:
    """Spare a kept screen Textual's restyling of every widget on each push, when
    nothing its styles follow has changed since it was last shown: the theme, the
    app's classes and focus, the style sheet (a theme change restyles the screens
    on the stack only). Its own widgets restyle themselves as their classes change.

    Call from the screen's ScreenResume handler: it runs before Textual's."""
    now = _styled_now(screen.app)
    if getattr(screen, "_styled_for", None) == now:
        event.refresh_styles = False
    screen._styled_for = now  # type: ignore[attr-defined]
