"""The method's words: its stages, the kinds of touch a person logs and the words
typed for them.

Imports nothing heavy: the shell's help lists them before msgspec and pendulum are
imported (cli.py).
"""

from typing import Literal

Stage = Literal["stranger", "follower", "engaged", "connected", "ask"]
STAGES: tuple[Stage, ...] = ("stranger", "follower", "engaged", "connected", "ask")

TOUCH_KINDS = (
    "follow",
    "like",
    "comment",
    "reshare",
    "message",
    "email",
    "call",
    "meeting",
    "event",
    "introduction",
    "invitation",
    "letter",
    "ask",
    "thank-you",
)

# How a kind reads in a form: the domain brief's "gift/letter" is stored as `letter`.
TOUCH_LABELS = {"letter": "letter or gift", "invitation": "invitation to connect"}
# Words people type for a kind of touch, in a one-line log.
KIND_ALIASES = {
    "intro": "introduction",
    "thanks": "thank-you",
    "thankyou": "thank-you",
    "thx": "thank-you",
    "mail": "email",
    "e-mail": "email",
    "phone": "call",
    "meet": "meeting",
    "dm": "message",
    "msg": "message",
    "gift": "letter",
    # Meeting over something: it is a meeting.
    "coffee": "meeting",
    "lunch": "meeting",
    "dinner": "meeting",
    "drinks": "meeting",
    "breakfast": "meeting",
    "invite": "invitation",
    "invited": "invitation",
}
# Kinds of two words (the domain brief says "direct message").
KIND_PHRASES = {"thank you": "thank-you", "direct message": "message"}
LOG_KINDS_HELP = (
    f"The kind is one of {', '.join(TOUCH_KINDS)}; also understood: "
    f"{', '.join([*KIND_PHRASES, *KIND_ALIASES])}."
)
