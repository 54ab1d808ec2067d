"""What each stage means and what to do next, in the app's own words."""

from __future__ import annotations

MEANING = {
    "stranger": "Someone you would like to know. No contact yet.",
    "follower": "You follow their work. They may not know you yet.",
    "engaged": "They have noticed you: a reply, a follow back, a first conversation.",
    "connected": "A real two-way relationship: a call, a meeting, an email thread.",
    "ask": "Enough trust to make a clear, courteous request.",
}

NEXT_STEP = {
    "stranger": (
        "Do the homework: find where they are active and what they publish, "
        "and decide what you hope for (advice, an introduction, a partnership...)."
    ),
    "follower": (
        "Small public touches: like, reshare with a line of your own, "
        "leave a long and useful comment."
    ),
    "engaged": (
        "Give before you ask: send something that helps them, ask a thoughtful "
        "follow-up question, find common ground, meet at an event."
    ),
    "connected": ("Keep in touch on a rhythm, offer help, and get to know the people around them."),
    "ask": (
        "Make one short, specific request that also serves them; "
        "afterwards, say thank you (a handwritten note is remembered)."
    ),
}

SHORT_STEP = {
    "stranger": "find where they are active",
    "follower": "like, reshare or comment",
    "engaged": "send them something useful",
    "connected": "check in and offer help",
    "ask": "make the request, then thank",
}
# While a thank-you is owed for an ask, whatever the stage: the reason names it too.
THANKS_STEP = "send the thank-you (m writes it)"
