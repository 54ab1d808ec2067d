"""The second degree of one contact: who knows whom, and who agreed to be named.

A link is stored on the contact who knows the other one (`knows`), because a warm
path is a Connected contact who knows a stranger. So on a Stranger's or a
Follower's view the form starts the other way round: "Who knows Maya?" records
the link on that person. The links already recorded are listed below the form,
to be seen and removed without typing a name.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from networking_tui.data.store import ContactStore
from networking_tui.domain.model import STAGE_TITLES, Card, first_name
from networking_tui.domain.rules import WARM_PATH_STAGES
from networking_tui.ui.host import host
from networking_tui.ui.screens.form import FormScreen
from networking_tui.ui.screens.pick import choose_contact, label
from networking_tui.usecases.links import Link

KNOWS, KNOWN_BY = "knows", "known_by"


class LinkScreen(FormScreen[Link | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("delete,ctrl+d", "remove", "Remove the highlighted link"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, store: ContactStore, uid: str) -> None:
        super().__init__(classes="modal")
        self.store = store
        self.uid = uid
        card = store.cards[uid]
        self._person = card.name
        self._first = first_name(card.name)
        self._direction = KNOWN_BY if card.stage in WARM_PATH_STAGES else KNOWS
        self._picked: tuple[str, str] | None = None  # (name in the field, uid chosen)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form link-form"):
            yield Static(f"Second degree: {self._person}", classes="dialog-title", markup=False)
            yield Select(
                [
                    (Text(f"Who knows {self._first}? (a warm path to them)"), KNOWN_BY),
                    (Text(f"Whom does {self._first} know?"), KNOWS),
                ],
                value=self._direction,
                allow_blank=False,
                id="direction",
            )
            yield Label("A contact's name", markup=False)
            yield Input(placeholder="start typing a name", id="who")
            yield Static("", id="who-hint", classes="field-hint", markup=False)
            yield Checkbox(self._consent_label(), id="may_mention")
            yield Static(
                "Enter saves (or lists namesakes) · Escape cancels", classes="dim", markup=False
            )
            yield Label("Recorded links (Tab to them; Delete removes one)", markup=False)
            yield OptionList(id="links", markup=False)

    def on_mount(self) -> None:
        self.refresh_view()
        self.query_one("#who", Input).focus()
        self.call_after_refresh(self.store.names)  # built while the person types

    # --- the recorded links -------------------------------------------------------

    def _links(self) -> list[tuple[str, str, bool]]:
        """(knower, known, agreed to be named), this contact's both ways."""
        contact = self.store.contact(self.uid)
        links = [(self.uid, link.uid, link.may_mention) for link in contact.knows]
        for card, link in self.store.known_by(self.uid):
            if card.uid != self.uid:
                links.append((str(card.uid), self.uid, link.may_mention))
        return links

    def _called(self, uid: str) -> str:
        card = self.store.cards.get(uid)
        if card is None:
            return "(a contact no longer in the file)"
        return card.name + (" (archived)" if card.archived else "")

    def refresh_view(self) -> None:
        listing = self.query_one("#links", OptionList)
        keep = listing.highlighted
        listing.clear_options()
        links = self._links()
        for knower, known, agreed in links:
            text = Text(f"{self._called(knower)} knows {self._called(known)}")
            consent = "agreed to be named" if agreed else "not yet agreed to be named"
            text.append(f" · {consent}", style="dim")
            if known == self.uid and self._warm(knower):
                text.append(" · warm path", style="bold")
            listing.add_option(Option(text, id=f"{knower}>{known}"))
        if not links:
            listing.add_option(Option(Text("None recorded yet.", style="dim"), disabled=True))
        else:
            listing.highlighted = min(keep or 0, len(links) - 1)

    def _warm(self, knower: str) -> bool:
        card = self.store.cards.get(knower)
        target = self.store.cards.get(self.uid)
        return bool(
            card and target and card.stage == "connected" and target.stage in WARM_PATH_STAGES
        )

    def action_remove(self) -> None:
        listing = self.query_one("#links", OptionList)
        if listing.highlighted is None or not self._links():
            self.app.bell()
            return
        knower, _, known = str(listing.get_option_at_index(listing.highlighted).id).partition(">")
        host(self).flows.save_link(Link(knower, known, False, remove=True))
        self.refresh_view()

    # --- a new link ------------------------------------------------------------------

    def _consent_label(self) -> Text:
        if self._direction == KNOWS:
            return Text(f"{self._first} agreed to be named to them")
        return Text(f"They agreed to be named to {self._first}")

    @on(Select.Changed, "#direction")
    def _direction_changed(self, event: Select.Changed) -> None:
        self._direction = str(event.value)
        self.query_one("#may_mention", Checkbox).label = self._consent_label()
        self._match()

    def _candidates(self, text: str) -> list[Card]:
        return self.store.names().find(text, exclude=self.uid)

    def _match(self) -> Card | None:
        """The one contact the name means, shown under the field; None if not one."""
        hint = self.query_one("#who-hint", Static)
        text = self.query_one("#who", Input).value
        if self._picked is not None and text == self._picked[0]:
            matches = [self.store.cards[self._picked[1]]]
        else:
            matches = self._candidates(text)
        if len(matches) == 1:
            card = matches[0]
            hint.update(Text("→ " + label(self.store, card, self._candidates(card.name))))
            if self._direction == KNOWN_BY and card.stage != "connected":
                stage = STAGE_TITLES[card.stage]
                hint.update(Text(f"→ {card.name} ({stage}: a warm path once Connected)"))
            return card
        if matches:
            names = ", ".join(m.name for m in matches[:5])
            hint.update(Text(f"which one? {names} (press Enter to choose)"))
        else:
            hint.update(Text("no contact by that name" if text.strip() else ""))
        return None

    @on(Input.Changed, "#who")
    def _changed(self) -> None:
        self._match()

    @on(Input.Submitted, "#who")
    def action_save(self) -> None:
        card = self._match()
        if card is not None:
            self._finish(card)
            return
        matches = self._candidates(self.query_one("#who", Input).value)
        if len(matches) < 2:
            self.query_one("#who", Input).focus()
            return

        def chosen(card: Card) -> None:
            self._picked = (card.name, str(card.uid))
            self.query_one("#who", Input).value = card.name
            self._match()

        choose_contact(self.store, "Which one?", matches, self.app.push_screen, chosen)

    def _finish(self, card: Card) -> None:
        may = self.query_one("#may_mention", Checkbox).value
        other = str(card.uid)
        if self._direction == KNOWS:
            self.dismiss(Link(self.uid, other, may))
        else:
            self.dismiss(Link(other, self.uid, may))
