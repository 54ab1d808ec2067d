"""`f` on the board: narrows, combines, saves, recalls, clears; a card added while a
filter is on is shown anyway, with a note."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from networking_tui.data.store import ContactStore
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.screens.filter import FilterScreen
from networking_tui.ui.widgets.board import ColumnHeader
from networking_tui.ui.widgets.card_list import CardList
from networking_tui.ui.widgets.line import Line

from .conftest import contact, plain, read_db, write_db

SIZE = (120, 40)


def people() -> list[dict]:
    return [
        contact("Ada Lovelace", "follower", uid="ada", tags=["pycon"], priority=1),
        contact("Grace Hopper", "follower", uid="grace", tags=["pycon"], priority=2),
        contact("Alan Turing", "follower", uid="alan", tags=["rust"], priority=1),
        contact("Hedy Lamarr", "engaged", uid="hedy", next_touch="2026-11-20"),
    ]


def make_app(db: Path) -> NetworkingApp:
    write_db(db, people())
    return NetworkingApp(ContactStore.open(db), autosave=False)


def shown(app: NetworkingApp, stage: str) -> list[str]:
    return app.query_one(f"#cards-{stage}", CardList).uids


def header(app: NetworkingApp, stage: str) -> str:
    text = app.query_one(f"#column-{stage} ColumnHeader", ColumnHeader).text
    assert isinstance(text, str)
    return text


def top_note(app: NetworkingApp) -> str:
    text = app.screen.query_one(".top-bar .filter-note", Line).text  # on the screen in sight
    assert isinstance(text, str)
    return text


async def filter_with(pilot, words: str, name: str = "") -> None:
    await pilot.press("f")
    assert isinstance(pilot.app.screen, FilterScreen)
    await pilot.press("ctrl+u", *words)
    if name:
        await pilot.press("tab", *name, "shift+tab")
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_filter_narrows_the_board_and_escape_clears_it(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await filter_with(pilot, "#pycon")
        assert shown(app, "follower") == ["ada", "grace"]
        assert shown(app, "engaged") == []
        assert app.board.lists["engaged"].empty_hint.startswith("nobody here matches")
        assert header(app, "follower").strip() == "Follower 2/3"
        assert "tag #pycon" in top_note(app)
        await filter_with(pilot, "#pycon !1")  # parts combine
        assert shown(app, "follower") == ["ada"]
        await filter_with(pilot, "#pycon #rust !1")  # a part given twice keeps either
        assert shown(app, "follower") == ["ada", "alan"]
        await pilot.press("escape")
        assert shown(app, "follower") == ["ada", "alan", "grace"]
        assert header(app, "follower").strip() == "Follower 3" and top_note(app) == ""


async def test_f_then_clear_removes_it_and_the_agenda_follows(db: Path) -> None:
    write_db(
        db,
        [
            contact("Ada Lovelace", "follower", uid="ada", tags=["pycon"], next_touch="2026-11-20"),
            contact("Hedy Lamarr", "engaged", uid="hedy", next_touch="2026-11-20"),
        ],
    )
    app = NetworkingApp(ContactStore.open(db), autosave=False)
    async with app.run_test(size=SIZE) as pilot:
        await filter_with(pilot, "#pycon")
        await pilot.press("g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "tag #pycon" in top_note(app)
        rows = agenda_rows(app)
        assert any("Ada Lovelace" in r for r in rows) and not any("Hedy" in r for r in rows)
        await pilot.press("f", "ctrl+l")  # f works in the agenda too
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("Hedy" in r for r in agenda_rows(app)) and top_note(app) == ""
        await pilot.press("escape")
        assert shown(app, "engaged") == ["hedy"] and shown(app, "follower") == ["ada"]


async def test_ctrl_l_clears_the_filter_from_the_board_and_the_agenda(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        for view in ("board", "agenda"):
            await filter_with(pilot, "#pycon")
            assert "Ctrl+L clears" in top_note(app)  # as the top bar says
            if view == "agenda":
                await pilot.press("g")
                await app.workers.wait_for_complete()
                await pilot.pause()
            await pilot.press("ctrl+l")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert top_note(app) == "", view
            if view == "agenda":
                assert any("Hedy" in r for r in agenda_rows(app))
                await pilot.press("escape")
            assert shown(app, "follower") == ["ada", "alan", "grace"], view


def agenda_rows(app: NetworkingApp) -> list[str]:
    listing = app.screen.query_one("#agenda-list", OptionList)
    return [plain(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def test_a_saved_filter_is_in_the_file_and_recalled(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await filter_with(pilot, "#pycon !2", name="pycon second")
        assert shown(app, "follower") == ["grace"]
        await pilot.press("escape")
        saved = app.board_filter.saved()
        assert saved["pycon second"].describe() == "tag #pycon · priority 2"
        app.board_filter.apply(saved["pycon second"])  # as the palette does
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown(app, "follower") == ["grace"] and "“pycon second”" in top_note(app)
        app.store.sync()
    written = list(read_db(db)["filters"].values())
    assert [(d["name"], d["words"]) for d in written] == [("pycon second", "#pycon !2")]


async def test_a_card_added_outside_the_filter_is_shown_with_a_note(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await filter_with(pilot, "#pycon")
        await pilot.press("a", *"Mei Chen >follower", "enter")
        await pilot.pause()
        names = [app.store.cards[u].name for u in shown(app, "follower")]
        assert "Mei Chen" in names
        notes = [str(n.message) for n in app._notifications]
        assert any("Mei Chen is outside the filter (tag #pycon)" in n for n in notes)
        assert header(app, "follower").strip() == "Follower 3/4"


async def test_at_80_columns_a_filter_takes_the_titles_place_and_the_status_shows_whole(
    db: Path,
) -> None:
    from .conftest import screen_text

    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await filter_with(pilot, "#pycon due:week")
        await pilot.pause()
        top = screen_text(app).splitlines()[0]
        assert top.rstrip().endswith("✓ saved"), top  # it lost its last letter
        assert "filter tag #pycon" in top and "contacts.json" not in top, top
        await pilot.press("escape")
        await pilot.pause()
        top = screen_text(app).splitlines()[0]
        assert "contacts.json" in top and top.rstrip().endswith("✓ saved"), top
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await filter_with(pilot, "#pycon due:week")
        await pilot.pause()
        top = screen_text(pilot.app).splitlines()[0]
        assert "contacts.json" in top and "filter tag #pycon" in top, top  # room for both
        assert top.rstrip().endswith("✓ saved"), top


async def test_clearing_a_filter_keeps_the_focus_in_the_column_in_use(db: Path) -> None:
    """A filter nobody matches, the focus moved to Engaged meanwhile: Escape shows
    everyone and the focus stays in Engaged, on its first card, not back in the
    first column."""
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await filter_with(pilot, "#nobody")
        assert shown(app, "follower") == [] and shown(app, "engaged") == []
        await pilot.press("right")
        assert app.board.active_stage == "engaged"
        await pilot.press("escape")
        await pilot.pause()
        assert app.board.active_stage == "engaged" and app.board.current_uid == "hedy"
