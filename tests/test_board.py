"""The board, driven as a user drives it: keys, clicks and a real mouse drag."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from textual.widgets import Static

from networking_tui.data.store import ContactStore
from networking_tui.ui.app import NetworkingApp
from networking_tui.ui.screens.confirm import ConfirmScreen
from networking_tui.ui.screens.contact import ContactScreen
from networking_tui.ui.screens.help import HelpScreen
from networking_tui.ui.widgets.board import StageColumn
from networking_tui.ui.widgets.card_list import CardList
from networking_tui.ui.widgets.status import SaveStatus
from networking_tui.usecases import contacts

from .conftest import (
    PATIENCE,
    cli_env,
    contact,
    contacts_on_disk,
    plain,
    press_together,
    screen_text,
    write_db,
)
from .terminal import Terminal

SIZE = (160, 48)
WARM = [{"stage": "engaged", "at": "2026-09-01T10:00:00+00:00"}]
TOUCH = {"kind": "comment", "at": "2026-10-01T10:00:00+00:00", "note": ""}


def people() -> list[dict]:
    return [
        contact("Ada Lovelace", "follower", priority=1, next_touch="2026-11-25"),
        contact("Grace Hopper", "follower", priority=2, next_touch="2026-11-20"),
        contact("Alan Turing", "engaged", priority=3),
        contact(
            "Hedy Lamarr",
            "connected",
            stage_history=[*WARM, {"stage": "connected", "at": "2026-10-01T10:00:00+00:00"}],
            interactions=[TOUCH] * 3,
        ),
        contact(
            "Linus Pauling",
            "connected",
            stage_history=[
                {"stage": "follower", "at": "2026-10-01T10:00:00+00:00"},
                {"stage": "connected", "at": "2026-11-20T10:00:00+00:00"},
            ],
            interactions=[TOUCH],
        ),
    ]


def make_app(db: Path, docs: list[dict] | None = None) -> NetworkingApp:
    write_db(db, people() if docs is None else docs)
    return NetworkingApp(ContactStore.open(db))


def uids(app: NetworkingApp, stage: str) -> list[str]:
    return app.query_one(f"#cards-{stage}", CardList).uids


def focused_uid(app: NetworkingApp) -> str | None:
    return app.board.current_uid


def detail_text(app: NetworkingApp) -> str:
    return plain(app.detail)


def squash(text: str) -> str:
    """Text with each run of spaces as one (columns are padded to align)."""
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


async def test_start_focuses_first_card_of_first_non_empty_column(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE):
        # Stranger is empty; Follower is ordered overdue first.
        assert uids(app, "follower") == ["grace-hopper", "ada-lovelace"]
        assert app.board.active_stage == "follower"
        assert focused_uid(app) == "grace-hopper"


async def test_headers_show_counts_and_the_engaged_limit(db: Path) -> None:
    docs = people() + [contact(f"Person {n}", "engaged") for n in range(5)]
    app = make_app(db, docs)
    async with app.run_test(size=SIZE):
        engaged = app.query_one("#column-engaged", StageColumn)
        header = engaged.query_one(".column-header")
        assert plain(header).strip() == "Engaged 6/5"
        assert engaged.has_class("-over-limit")
        follower_header = app.query_one("#column-follower .column-header")
        assert plain(follower_header).strip() == "Follower 2"


async def test_keys_move_focus_between_columns_and_cards(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        assert focused_uid(app) == "ada-lovelace"
        await pilot.press("k")
        assert focused_uid(app) == "grace-hopper"
        await pilot.press("right")
        assert focused_uid(app) == "alan-turing"
        await pilot.press("right")
        assert focused_uid(app) in ("hedy-lamarr", "linus-pauling")
        await pilot.press("end")
        assert focused_uid(app) == uids(app, "connected")[-1]
        await pilot.press("home")
        assert focused_uid(app) == uids(app, "connected")[0]
        await pilot.press("h", "left")
        assert focused_uid(app) == "grace-hopper"


async def test_detail_pane_follows_the_focus(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        assert "Grace Hopper" in detail_text(app)
        await pilot.press("j")
        assert "Ada Lovelace" in detail_text(app)
        assert "Stage history" in detail_text(app)
        await pilot.press("right")
        assert "Alan Turing" in detail_text(app)


async def test_a_pane_drawn_ahead_shows_the_contact_as_it_is_when_reached(db: Path) -> None:
    # After a move down the pane of the card below is drawn ahead; that card changes
    # meanwhile (another window, the agenda): reached, it shows as it is now.
    docs = [contact(f"Person {n}", "follower", next_touch=f"2026-11-1{n}") for n in range(3)]
    app = make_app(db, docs)
    async with app.run_test(size=SIZE) as pilot:
        _, second, third = uids(app, "follower")
        await pilot.press("down")
        assert focused_uid(app) == second
        done = contacts.save_fields(app.store, third, {"company": "Navy Yard"})
        assert done is not None
        app.changed(done.change, focus=False)
        await pilot.press("down")
        assert focused_uid(app) == third
        shown = screen_text(app)
        assert "Person 2" in shown and "Navy Yard" in shown
        await pilot.press("up", "up")  # and back: each pane as it is
        assert "Person 0" in screen_text(app) and "Navy Yard" not in screen_text(app)


async def test_keyboard_move_persists_and_keeps_focus_on_the_contact(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("shift+right")
        assert "grace-hopper" in uids(app, "engaged")
        assert focused_uid(app) == "grace-hopper"
        assert app.board.active_stage == "engaged"
        await pilot.press("greater_than_sign")
        assert focused_uid(app) == "grace-hopper"
        await pilot.press("less_than_sign")
        await pilot.press("q")
    grace = contacts_on_disk(db)["grace-hopper"]
    assert grace["stage"] == "engaged"
    assert [h["stage"] for h in grace["stage_history"]] == [
        "follower",
        "engaged",
        "connected",
        "engaged",
    ]
    assert grace["stage_history"][-1]["at"].startswith("2026-11-23T09:00:00")


@pytest.mark.parametrize("keys", [("shift+right", "q"), (">", "q")])
async def test_a_move_and_quit_in_one_burst_saves_the_move(db: Path, keys: tuple) -> None:
    app = make_app(db, [contact("Ada Lovelace", "engaged")])
    async with app.run_test(size=SIZE) as pilot:
        await press_together(pilot, *keys)
    assert app.return_code == 0
    ada = contacts_on_disk(db)["ada-lovelace"]
    assert ada["stage"] == "connected"
    assert [h["stage"] for h in ada["stage_history"]] == ["engaged", "connected"]


def test_a_move_and_quit_in_one_terminal_write_saves_the_move(db: Path) -> None:
    """The same, through a real terminal: Shift+Right and q in one write."""
    write_db(db, [contact("Ada Lovelace", "engaged")])
    argv = [sys.executable, "-m", "networking_tui", "--db", str(db)]
    app = Terminal(argv, (120, 40), env=cli_env(db))
    app.wait_for("Ada Lovelace")
    app.send(b"\x1b[1;2Cq")
    assert app.exited(timeout=PATIENCE) == 0
    assert contacts_on_disk(db)["ada-lovelace"]["stage"] == "connected"


async def test_two_moves_in_one_burst_move_two_stages(db: Path) -> None:
    app = make_app(db, [contact("Ada Lovelace", "follower")])
    async with app.run_test(size=SIZE) as pilot:
        await press_together(pilot, ">", ">")
        assert uids(app, "connected") == ["ada-lovelace"]
        assert focused_uid(app) == "ada-lovelace"
        await press_together(pilot, "q")
    history = contacts_on_disk(db)["ada-lovelace"]["stage_history"]
    assert [h["stage"] for h in history] == ["follower", "engaged", "connected"]


async def test_forward_then_back_in_one_burst_ends_where_it_began(db: Path) -> None:
    app = make_app(db, [contact("Ada Lovelace", "engaged")])
    async with app.run_test(size=SIZE) as pilot:
        await press_together(pilot, ">", "<")
        assert uids(app, "engaged") == ["ada-lovelace"]
        assert uids(app, "follower") == uids(app, "connected") == []
        await pilot.press("q")
    history = contacts_on_disk(db)["ada-lovelace"]["stage_history"]
    assert [h["stage"] for h in history] == ["engaged", "connected", "engaged"]


async def test_a_burst_into_the_ask_gate_asks_once(db: Path) -> None:
    app = make_app(db, [contact("Ada Lovelace", "engaged")])
    async with app.run_test(size=SIZE) as pilot:
        await press_together(pilot, ">", ">", ">")
        assert isinstance(app.screen, ConfirmScreen)
        assert len(app.screen_stack) == 2
        await pilot.press("n")
        assert uids(app, "connected") == ["ada-lovelace"]


async def test_indicator_shows_unsaved_until_written_and_exit_writes(db: Path) -> None:
    write_db(db, people())
    before = db.read_bytes()
    app = NetworkingApp(ContactStore.open(db), autosave=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("shift+right")
        assert "saving 1 change" in plain(app.query_one(SaveStatus))
        assert db.read_bytes() == before
        await pilot.press("q")
    assert contacts_on_disk(db)["grace-hopper"]["stage"] == "engaged"


async def test_a_move_is_written_while_the_app_runs(db: Path) -> None:
    saved = asyncio.Event()

    def hook(message: object) -> None:
        if isinstance(message, NetworkingApp.Synced) and message.result.wrote:
            saved.set()

    app = make_app(db)
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await pilot.press("shift+right")
        await asyncio.wait_for(saved.wait(), timeout=PATIENCE)
        assert contacts_on_disk(db)["grace-hopper"]["stage"] == "engaged"
        await pilot.pause()
        assert "saved" in plain(app.query_one(SaveStatus))


async def test_mouse_drag_moves_the_contact_and_persists(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the first frame lays out before the breakpoint class is set
        await pilot.mouse_down("#cards-follower", offset=(4, 1))
        await pilot.hover("#cards-connected", offset=(4, 2))
        assert app.query_one("#column-connected").has_class("-drop-target")
        assert not app.query_one("#column-engaged").has_class("-drop-target")
        await pilot.mouse_up("#cards-connected", offset=(4, 2))
        await pilot.pause()
        assert "grace-hopper" in uids(app, "connected")
        assert focused_uid(app) == "grace-hopper"
        assert not app.query_one("#column-connected").has_class("-drop-target")
        await pilot.press("q")
    assert contacts_on_disk(db)["grace-hopper"]["stage"] == "connected"


async def test_drop_outside_any_column_changes_nothing(db: Path) -> None:
    app = make_app(db)
    before = db.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the first frame lays out before the breakpoint class is set
        await pilot.mouse_down("#cards-follower", offset=(4, 1))
        await pilot.hover("#detail", offset=(5, 2))
        assert not any(c.has_class("-drop-target") for c in app.query(StageColumn))
        await pilot.mouse_up("#detail", offset=(5, 2))
        await pilot.pause()
        assert uids(app, "follower") == ["grace-hopper", "ada-lovelace"]
        await pilot.press("q")
    assert db.read_bytes() == before


async def test_click_focuses_a_card(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click("#cards-connected", offset=(4, 5))  # the second card
        assert app.board.active_stage == "connected"
        assert focused_uid(app) == uids(app, "connected")[1]


async def test_undo_restores_stage_and_history(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("shift+right", "shift+right", "ctrl+z")
        assert "grace-hopper" in uids(app, "engaged")
        await pilot.press("ctrl+z")
        assert "grace-hopper" in uids(app, "follower")
        assert focused_uid(app) == "grace-hopper"
        await pilot.press("q")
    grace = contacts_on_disk(db)["grace-hopper"]
    assert grace["stage"] == "follower"
    assert [h["stage"] for h in grace["stage_history"]] == ["follower"]


async def test_ask_gate_cancel_leaves_everything(db: Path) -> None:
    app = make_app(db)
    before = db.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "right", "down")
        assert focused_uid(app) == "linus-pauling"
        await pilot.press("shift+right")
        assert isinstance(app.screen, ConfirmScreen)
        reasons = " ".join(plain(s) for s in app.screen.query(".dialog-reason"))
        assert "only 1 logged touch" in reasons
        assert "Engaged or closer for only 2 days" in reasons
        await pilot.press("n")
        assert not isinstance(app.screen, ConfirmScreen)
        assert "linus-pauling" in uids(app, "connected")
        assert focused_uid(app) == "linus-pauling"
        await pilot.press("q")
    assert db.read_bytes() == before


async def test_ask_gate_confirm_moves(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "right", "down", "shift+right")
        await pilot.press("y")
        assert "linus-pauling" in uids(app, "ask")
        await pilot.press("q")
    assert contacts_on_disk(db)["linus-pauling"]["stage"] == "ask"


async def test_ask_gate_lets_a_ready_contact_through(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "right")
        assert focused_uid(app) == "hedy-lamarr"
        await pilot.press("shift+right")
        assert not isinstance(app.screen, ConfirmScreen)
        assert "hedy-lamarr" in uids(app, "ask")


async def test_dragging_into_ask_goes_through_the_same_gate(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the first frame lays out before the breakpoint class is set
        await pilot.mouse_down("#cards-follower", offset=(4, 1))
        await pilot.hover("#cards-ask", offset=(4, 2))
        await pilot.mouse_up("#cards-ask", offset=(4, 2))
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        assert "grace-hopper" in uids(app, "follower")


async def test_enter_opens_the_contact_and_escape_returns(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")
        assert isinstance(app.screen, ContactScreen)
        assert "Ada Lovelace" in plain(app.screen.query_one("#contact-body", Static))
        await pilot.press("escape")
        assert focused_uid(app) == "ada-lovelace"


async def test_help_lists_every_key(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(plain(s) for s in app.screen.query(Static))
        for words in ("Shift+→", "Ctrl+Z", "drag", "Enter", "PgUp", "● ◐ ○", "priority 1"):
            assert words in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_empty_file_shows_a_welcome_hint(db: Path) -> None:
    app = make_app(db, [])
    async with app.run_test(size=SIZE):
        text = detail_text(app)
        assert "Your board is empty" in text
        assert "--demo" in text


@pytest.mark.parametrize("width", [100, 120])
async def test_all_five_columns_fit_at_100_columns(db: Path, width: int) -> None:
    app = make_app(db)
    async with app.run_test(size=(width, 40)):
        columns = list(app.query(StageColumn))
        assert len(columns) == 5
        for column in columns:
            region = column.region
            assert region.right <= width and region.width >= 18


def rich_contact() -> dict:
    return contact(
        "Ada Lovelace",
        "engaged",
        role="Chief Analyst",
        company="Analytical Engines",
        objective="advice",
        created_at="2026-09-01T10:00:00+00:00",
        updated_at="2026-11-20T10:00:00+00:00",
        handles={"linkedin": "https://www.linkedin.com/in/ada", "email": "ada@example.org"},
        stage_history=[
            {"stage": "stranger", "at": "2026-09-01T10:00:00+00:00"},
            {"stage": "follower", "at": "2026-09-15T10:00:00+00:00"},
            {"stage": "engaged", "at": "2026-10-20T10:00:00+00:00"},
        ],
        interactions=[
            {"kind": "comment", "at": "2026-09-16T10:00:00+00:00", "note": "on the loom post"},
            {"kind": "call", "at": "2026-11-10T10:00:00+00:00", "note": "talked engines"},
        ],
    )


@pytest.mark.parametrize("size", [(120, 40), (100, 30), (149, 36)])
async def test_below_150_columns_the_pane_shows_history_and_touches(
    db: Path, size: tuple[int, int]
) -> None:
    app = make_app(db, [rich_contact()])
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        shown = screen_text(app)
    lines = shown.splitlines()
    start = next(n for n, line in enumerate(lines) if "Next step:" in line) - 1
    pane = squash("\n".join(lines[start:]))
    assert "Ada Lovelace Engaged · priority 2 · no next touch set" in pane
    for words in (
        "Stage history",
        "Stranger Tue 1 Sep 2026 2 weeks",
        "Follower Tue 15 Sep 2026 5 weeks",
        "Engaged Tue 20 Oct 2026 4 weeks so far",
        "Latest touches (2)",
        "Tue 10 Nov 2026 call",
        "Wed 16 Sep 2026 comment",
        "Role Chief Analyst",
        "Company Analytical Engines",
        "Added Tue 1 Sep 2026",
        "Updated Fri 20 Nov 2026",
        "LinkedIn linkedin.com/in/ada",
    ):
        if size[0] < 120 and words.startswith(("Company", "LinkedIn")):
            words = words[:20]  # at 100 columns a field's end gives way to the dates
        assert words in pane, words
    assert "Ada Lovelace" in lines[3]  # the board is still above, with its card


async def test_the_wide_pane_names_role_and_company_and_the_dates(db: Path) -> None:
    app = make_app(db, [rich_contact()])
    async with app.run_test(size=SIZE):
        text = squash(detail_text(app))
    for words in (
        "Role Chief Analyst",
        "Company Analytical Engines",
        "Added Tue 1 Sep 2026",
        "Updated Fri 20 Nov 2026",
        "Engaged Tue 20 Oct 2026 4 weeks so far",
        "Tue 10 Nov 2026 call talked engines",
    ):
        assert words in text, words


async def test_the_narrow_pane_says_what_it_leaves_out(db: Path) -> None:
    touches = [
        {"kind": "like", "at": f"2026-11-{day:02d}T10:00:00+00:00", "note": f"post {day}"}
        for day in range(1, 9)
    ]
    handles = {k: f"{k}-handle" for k in ("x", "website", "phone", "other")}
    doc = rich_contact() | {
        "interactions": touches,
        "notes": "n",
        "tags": ["a"],
        "handles": handles,
    }
    doc |= {"where_met": "PyCon", "common_ground": "looms", "nickname": "Ada"}
    app = make_app(db, [doc])
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        shown = screen_text(app)
    assert "Sun 8 Nov 2026 like" in shown and "Wed 4 Nov 2026 like" in shown
    assert "3 earlier (Enter)" in shown
    assert "more: Enter shows all" in shown  # more fields than lines


async def test_a_key_before_the_first_layout_leaves_the_top_cards_in_view(db: Path) -> None:
    app = make_app(db, [contact(f"Person {n:02d}", "stranger") for n in range(12)])
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("down")  # while the columns are still a line high
        await pilot.pause()
        assert focused_uid(app) == "person-01"
        lines = screen_text(app).splitlines()
    assert "Person 00" in lines[3] and "Person 01" in lines[7]


async def test_after_a_resize_the_focused_card_stays_in_view(db: Path) -> None:
    app = make_app(db, [contact(f"Person {n:02d}", "stranger") for n in range(30)])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("end")
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert focused_uid(app) == "person-29"
        assert "Person 29" in screen_text(app)


async def test_priority_marks_do_not_share_the_overdue_or_saving_colours(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        cards = app.query_one("#cards-follower", CardList)
        colour = {
            name: cards.get_component_rich_style(f"card-list--{name}").color
            for name in ("p1", "p2", "p3", "overdue", "today")
        }
        saving = app.query_one(SaveStatus)
        saving.show(1)
        await pilot.pause()
        assert saving.has_class("-pending")
        saving_colour = saving.rich_style.color
        assert saving_colour == colour["today"]  # both the warning colour
    assert len({colour["p1"], colour["p2"], colour["p3"]}) == 3
    for mark in ("p1", "p2", "p3"):
        assert colour[mark] not in (colour["overdue"], colour["today"], saving_colour)
    assert "●" not in plain(saving)


async def test_at_80_columns_the_main_keys_and_due_dates_still_show(db: Path) -> None:
    docs = [
        contact("Ada Lovelace", "follower", next_touch="2026-11-13"),
        contact("Grace Hopper", "engaged", next_touch="2026-11-22"),
    ]
    app = make_app(db, docs)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert "10d overdue" in lines[5] and "1d overdue" in lines[5]
        assert "? keys" in lines[-1] and "q quit" in lines[-1]
        assert "> < stage" in lines[-1] and "^z undo" in lines[-1]
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert "r review" in screen_text(app).splitlines()[-1]


async def test_page_down_and_up_move_a_screenful_and_keep_the_card_in_view(db: Path) -> None:
    app = make_app(db, [contact(f"Person {n:02d}", "stranger") for n in range(30)])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        cards = app.query_one("#cards-stranger", CardList)
        page = cards.scrollable_content_region.height // 4  # cards on screen
        assert page >= 3
        await pilot.press("pagedown")
        assert focused_uid(app) == f"person-{page:02d}"
        await pilot.press("pagedown")
        assert focused_uid(app) == f"person-{2 * page:02d}"
        assert f"Person {2 * page:02d}" in screen_text(app)
        await pilot.press("pageup")
        assert focused_uid(app) == f"person-{page:02d}"
        await pilot.press("pageup", "pageup")  # no further than the first card
        assert focused_uid(app) == "person-00"
        assert "Person 00" in screen_text(app)
        await pilot.press("end", "pagedown")  # nor past the last
        assert focused_uid(app) == "person-29"


@pytest.mark.parametrize(("start", "then"), [((120, 40), (170, 40)), ((170, 40), (120, 40))])
async def test_the_detail_pane_moves_when_the_terminal_crosses_150_columns(
    db: Path, start: tuple[int, int], then: tuple[int, int]
) -> None:
    """Beside the board from 150 columns, below it under; from the first paint on."""

    def pane_is_beside() -> bool:
        board, detail = app.board.region, app.detail.region
        return detail.x >= board.right and detail.y == board.y

    app = make_app(db)
    async with app.run_test(size=start) as pilot:
        await pilot.pause()
        assert pane_is_beside() == (start[0] >= 150)
        await pilot.resize_terminal(*then)
        await pilot.pause()
        assert pane_is_beside() == (then[0] >= 150)


async def test_notices_stack_no_higher_than_three_and_leave_the_help_clear(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        for n in range(1, 6):
            app.notify(f"Notice number {n}")
        await pilot.pause()
        await pilot.pause()
        shown = screen_text(app)
        assert [n for n in range(1, 6) if f"Notice number {n}" in shown] == [3, 4, 5]
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        assert "Notice number" not in shown
        assert "▌" not in shown  # nor the edge of one around the window
        assert "Keys" in shown and "Shift+→ / >" in shown
