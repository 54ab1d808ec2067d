"""The second half's process (data/halves.py): what it sends, and its failures,
which are never silent unless a file explains them."""

from __future__ import annotations

from collections.abc import Callable

import msgspec
import pytest

from networking_tui.data import halves


def _echo(channel: halves.Channel) -> None:
    channel.send(channel.receive(str).upper())


def _bug(channel: halves.Channel) -> None:
    raise TypeError("a bug in the second half")


def _odd_file(channel: halves.Channel) -> None:
    raise msgspec.DecodeError("not a file of contacts")


def _ended(channel: halves.Channel) -> None:
    raise SystemExit(9)


def _reported(caught: pytest.WarningsRecorder) -> list[str]:
    return [str(w.message) for w in caught if issubclass(w.category, halves.HalfFailed)]


def test_a_partner_answers_and_ends_without_a_word(recwarn: pytest.WarningsRecorder) -> None:
    partner = halves.Partner(_echo)
    partner.channel.send("ada")
    assert partner.channel.receive(str) == "ADA"
    partner.end()
    assert _reported(recwarn) == []


def test_a_failure_no_file_explains_is_reported_with_its_traceback() -> None:
    partner = halves.Partner(_bug, (msgspec.DecodeError,))
    with pytest.raises(EOFError):
        partner.channel.receive(str)
    with pytest.warns(halves.HalfFailed) as caught:
        partner.end()
    (report,) = _reported(caught)
    assert "read whole instead, with the same result" in report
    assert 'in _bug\n    raise TypeError("a bug in the second half")' in report
    assert report.endswith("TypeError: a bug in the second half\n")


@pytest.mark.parametrize("work", [_odd_file, _ended])
def test_a_failure_a_file_explains_or_an_exit_is_not_reported(
    work: Callable[[halves.Channel], None], recwarn: pytest.WarningsRecorder
) -> None:
    partner = halves.Partner(work, (msgspec.DecodeError,))
    with pytest.raises(EOFError):
        partner.channel.receive(str)
    partner.end()
    assert _reported(recwarn) == []
