"""`/` and the palette, driven as a user drives them: type, see, Enter, land on the card."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList
from textual.widgets import OptionList

from networking_tui.data.store import ContactStore
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.screens.archive import ArchiveScreen
from networking_tui.ui.screens.search import SearchScreen
from networking_tui.ui.widgets.results import ResultList

from .conftest import contact, plain, screen_text, write_db

SIZE = (100, 30)


def people() -> list[dict]:
    return [
        contact("José García", "engaged", uid="jose", company="Acme"),
        contact("Ada Lovelace", "follower", uid="ada", tags=["pycon"]),
        contact("Grace Hopper", "connected", uid="grace", notes="talked about COBOL"),
        contact("Alan Turing", "stranger", uid="alan", archived=True),
    ]


def make_app(db: Path) -> NetworkingApp:
    write_db(db, people())
    return NetworkingApp(ContactStore.open(db), autosave=False)


async def typed(pilot, text: str) -> list[str]:
    """Type into the search field; the results shown, one text per result."""
    await pilot.press(*text)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return pilot.app.screen.query_one(ResultList).lines()


async def test_slash_finds_by_each_kind_of_field_and_enter_focuses_the_card(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        shown = await typed(pilot, "cobol")
        assert len(shown) == 1 and "Grace Hopper" in shown[0] and "notes: talked" in shown[0]
        await pilot.press("ctrl+u")  # clears the field (Input's own key)
        shown = await typed(pilot, "pycon")
        assert "Ada Lovelace" in shown[0] and "Follower" in shown[0] and "tags" in shown[0]
        await pilot.press("enter")
        assert app.screen is app.screen_stack[0]
        assert app.board.current_uid == "ada" and app.board.active_stage == "follower"
        assert app.focused is app.board


async def test_accents_and_word_order_are_ignored(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        shown = await typed(pilot, "garcia jose")
        assert len(shown) == 1 and "José García" in shown[0] and "Engaged" in shown[0]


async def test_an_archived_hit_says_so_and_opens_the_archive_on_them(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        shown = await typed(pilot, "turing")
        assert "archived" in shown[0]
        await pilot.press("enter")
        assert isinstance(app.screen, ArchiveScreen)
        listing = app.screen.query_one(OptionList)
        assert listing.get_option_at_index(listing.highlighted or 0).id == "alan"


async def test_escape_returns_to_where_you_were(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await pilot.app.workers.wait_for_complete()
        agenda = app.screen
        await pilot.press("slash")
        await typed(pilot, "ada")
        await pilot.press("escape")
        assert app.screen is agenda
        await pilot.press("slash")  # from the agenda, Enter goes to the board
        await typed(pilot, "acme")
        await pilot.press("enter")
        assert app.screen is app.screen_stack[0] and app.board.current_uid == "jose"


async def test_a_change_is_found_at_once(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await typed(pilot, "a")
        await pilot.press("escape")
        app.store.update("ada", lambda d: {**d, "company": "Analytical Engines"}, "edit")
        await pilot.press("slash")
        shown = await typed(pilot, "analytical")
        assert "Ada Lovelace" in shown[0] and "company" in shown[0]


async def test_nobody_matches_says_so(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        assert await typed(pilot, "zzzz") == []
        assert "Nobody matches" in plain(app.screen.query_one("#search-count"))


async def test_the_palette_finds_a_person_and_goes_to_their_card(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"grace")
        listing = app.screen.query_one(CommandList)

        def prompts() -> list[str]:
            return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]

        for _ in range(500):  # the palette gathers hits from its providers as they come
            if any("Grace Hopper" in p for p in prompts()):
                break
            await pilot.pause()
        assert any("Grace Hopper" in p for p in prompts())
        await pilot.press("enter")
        await pilot.pause()
        assert app.board.current_uid == "grace"


async def test_each_key_shows_the_answer_to_what_was_typed(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash")
        for n, letter in enumerate("grace", start=1):
            await pilot.press(letter)
            found = "2 found" if n == 1 else "1 found"  # "g": García too
            assert f"“{'grace'[:n]}”: {found}" in screen_text(app)
            assert "Grace Hopper" in app.screen.query_one(ResultList).lines()[0]
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        assert "“g”: 2 found" in screen_text(app)


async def test_a_query_wider_than_the_field_shows_its_end(db: Path) -> None:
    # The field is not laid out again as its text grows; it still scrolls to the end.
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash")
        query = "hopper " * 14 + "cobol"  # 103 letters, the field is 74 wide
        await pilot.press(*query)
        lines = screen_text(app).splitlines()
        field = next(line for line in lines if "cobol" in line and "found" not in line)
        assert "hopper hopper cobol" in field and "“hopper hopper" in "\n".join(lines)
        assert "Grace Hopper" in app.screen.query_one(ResultList).lines()[0]
        await pilot.press("ctrl+u")
        await pilot.press(*"ada")
        assert "“ada”: 1 found" in screen_text(app)
        assert "Ada Lovelace" in app.screen.query_one(ResultList).lines()[0]
