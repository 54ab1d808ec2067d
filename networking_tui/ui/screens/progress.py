"""`S`: is my networking working? The funnel, touches per week against the goal,
time between stages, this week's goals and who is losing touch. The figures are
worked out on a worker thread (domain/stats.py); the screen opens at once."""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from networking_tui.domain.model import STAGE_TITLES
from networking_tui.domain.stats import WEEKS, WINDOW_DAYS, Progress
from networking_tui.ui.widgets.footer import KeyFooter
from networking_tui.ui.widgets.status import TopBar

CHART = 30  # cells for the longest bar
STACK_BELOW = 100  # columns: narrower, the two halves stack
PUBLIC_STYLE, DIRECT_STYLE, OTHER_STYLE = "dodger_blue2", "dark_orange", "grey50"
EMPTY = (
    "Nothing to measure yet. Add people you would like to know (a), log your touches "
    "with them (l) and move them along (>): this screen then shows how many move on, "
    "how often you reach out, and who is drifting away."
)


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.0%}"


def funnel_table(figures: Progress) -> Table:
    table = Table(box=None, padding=(0, 1), show_edge=False, title_justify="left")
    table.add_column("Stage", no_wrap=True)
    table.add_column("now", justify="right")
    table.add_column("in", justify="right")
    table.add_column("moved", justify="right")
    table.add_column("rate", justify="right")
    for step in figures.funnel:
        moved = "—" if step.stage == "ask" else str(step.moved_on)
        rate = "—" if step.stage == "ask" else _percent(step.rate)
        table.add_row(
            STAGE_TITLES[step.stage], str(step.now), str(step.were_in), moved, Text(rate, "bold")
        )
    return table


def week_chart(figures: Progress) -> Group:
    """A bar per week, public then direct then other touches; │ marks the goal."""
    goal = figures.goals.touch_goal
    top = max([goal, *(w.total for w in figures.weeks)]) or 1
    scale = CHART / top
    mark = round(goal * scale) if goal else None
    lines = []
    for week in figures.weeks:
        line = Text(f"{week.start.strftime('%d %b')} ", no_wrap=True)
        cells = []
        for count, style in (
            (week.public, PUBLIC_STYLE),
            (week.direct, DIRECT_STYLE),
            (week.other, OTHER_STYLE),
        ):
            cells += [style] * round(count * scale)
        width = max(len(cells), (mark or 0) + 1)
        for x in range(width):
            if x == mark:
                line.append("│", "bold red" if x >= len(cells) else "bold red reverse")
            elif x < len(cells):
                line.append("█", cells[x])
            else:
                line.append(" ")
        line.append(f" {week.total}")
        lines.append(line)
    legend = Text()
    legend.append("█", PUBLIC_STYLE)
    legend.append(" public (like, comment, reshare)  ")
    legend.append("█", DIRECT_STYLE)
    legend.append(" direct (message, email, call, meeting)  ")
    legend.append("█", OTHER_STYLE)
    legend.append(" other  ")
    legend.append("│", "bold red")
    legend.append(f" goal {goal} a week" if goal else " no weekly goal set (G in the agenda)")
    return Group(*lines, legend)


def goals_text(figures: Progress) -> Text:
    g = figures.goals
    text = Text()
    for label, value, goal in (
        ("newly connected", g.connected, g.connect_goal),
        ("invitations sent", g.invitations, g.invitation_goal),
        ("touches", g.touches, g.touch_goal),
    ):
        met = goal and value >= goal
        text.append(f"{value}/{goal} {label}", "bold green" if met else "bold")
        text.append("   ")
    return text


def medians_text(figures: Progress) -> Text:
    text = Text()
    for label, days, count in (
        ("Stranger → Engaged", figures.to_engaged, figures.to_engaged_count),
        ("Engaged → Connected", figures.to_connected, figures.to_connected_count),
    ):
        text.append(f"{label}: ")
        if days is None:
            text.append("nobody has made this step yet\n", "dim")
        else:
            people = "person" if count == 1 else "people"
            text.append(f"{days:.0f} days", "bold")
            text.append(f" (median, {count} {people})\n", "dim")
    text.rstrip()
    return text


def losing_text(figures: Progress) -> Text:
    if not figures.losing:
        return Text("Nobody is Connected yet.", "dim")
    text = Text()
    name_width = max(cell_len(item.name) for item in figures.losing)  # one column
    days_width = max(len(str(item.days)) for item in figures.losing)
    for item in figures.losing:
        text.append(item.name, "bold")
        text.append(" " * (name_width - cell_len(item.name)))
        since = "since the last touch" if item.touched else "Connected, never touched"
        text.append(f"  {item.days:>{days_width}} days {since}\n")
    text.rstrip()
    return text


def _section(title: str, body: RenderableType) -> Group:
    return Group(Text(title, "bold underline"), body, Text())


class ProgressScreen(Screen[None]):
    DEFAULT_CSS = """
    ProgressScreen #progress-body { height: 1fr; padding: 0 1; }
    ProgressScreen #progress-halves { height: auto; }
    ProgressScreen #progress-halves > Static { width: 1fr; height: auto; padding: 0 1; }
    ProgressScreen.-stacked #progress-halves { layout: vertical; }
    """
    BINDINGS = [Binding("escape,S", "back", "Back")]
    view_key = "progress"

    class Ready(Message):
        def __init__(self, figures: Progress) -> None:
            super().__init__()
            self.figures = figures

    def __init__(self, compute: Callable[[], Progress], title: str) -> None:
        super().__init__(id="progress-screen")
        self._compute = compute
        self._title = title

    def compose(self) -> ComposeResult:
        yield TopBar(self._title)
        with VerticalScroll(id="progress-body"):
            yield Static("Working out your figures…", id="progress-top", markup=False)
            with Horizontal(id="progress-halves"):
                yield Static("", id="progress-left", markup=False)
                yield Static("", id="progress-right", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._work()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < STACK_BELOW, "-stacked")

    @work(thread=True, exclusive=True, group="progress")
    def _work(self) -> None:
        self.post_message(self.Ready(self._compute()))

    @on(Ready)
    def _show(self, event: Ready) -> None:
        figures = event.figures
        top = self.query_one("#progress-top", Static)
        left = self.query_one("#progress-left", Static)
        right = self.query_one("#progress-right", Static)
        if figures.empty:
            top.update(EMPTY)
            left.update("")
            right.update("")
            return
        top.update(_section("This week", goals_text(figures)))
        left.update(
            Group(
                _section(
                    f"Funnel (in, moved: the last {WINDOW_DAYS} days)",
                    funnel_table(figures),
                ),
                _section("Time between stages", medians_text(figures)),
                _section("Losing touch (Connected, longest without a touch)", losing_text(figures)),
            )
        )
        right.update(_section(f"Touches per week, last {WEEKS} weeks", week_chart(figures)))

    def action_back(self) -> None:
        self.dismiss(None)
