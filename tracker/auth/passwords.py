"""What a password must be: at least 12 characters, not a common one, not trivially made.

Common passwords are the 30,000 most frequent of zxcvbn's list (the `zxcvbn` package, MIT
licence, from leaked password corpora). A password is refused when, ignoring case, it is one of
them, or is one of them with only digits and symbols around it ("Password2024!",
"1qaz2wsx3edc"). Trivially made: a short unit repeated ("aaaaaaaaaaaa", "abcabcabcabc"), a
run along the alphabet, the digits or a keyboard row, forwards or backwards ("123456789012",
"qwertyuiopqw", "абвгґдеєжзиі"), or fewer than 5 different characters.

`check_password` raises `Invalid` (422) with a message that says which rule failed; the
`UserCreate` model and `set_password` both call it, so every place that sets a password
(API, CLI, reset and invitation pages) applies the same rules.
"""

from __future__ import annotations

from functools import lru_cache

from tracker.errors import N_, Invalid

MIN_LENGTH = 12
MAX_LENGTH = 200
MIN_DISTINCT = 5

# Runs a password must not be a piece of (each also read backwards, and wrapping around).
_SEQUENCES = (
    "0123456789",
    "abcdefghijklmnopqrstuvwxyz",
    "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "1234567890",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "qwertzuiop",
    "yxcvbnm",
    "azertyuiop",
    "йцукенгшщзхї",
    "фівапролджє",
    "ячсмитьбю",
)


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def _is_repeated(text: str) -> bool:
    """A shorter unit written again and again ("aaaa…", "abcabc…", "1212…")."""
    n = len(text)
    return any(text == (text[:k] * (n // k + 1))[:n] for k in range(1, n // 2 + 1))


def _is_sequence(text: str) -> bool:
    for run in _SEQUENCES:
        forwards = run * (len(text) // len(run) + 2)
        if text in forwards or text in forwards[::-1]:
            return True
    return False


def _core(text: str) -> str:
    """The password without the digits and symbols at its ends ("password" of "Password1!")."""
    start, end = 0, len(text)
    while start < end and not text[start].isalpha():
        start += 1
    while end > start and not text[end - 1].isalpha():
        end -= 1
    return text[start:end]


def password_problem(password: str) -> str | None:
    """The message (an N_ template) saying why this password is refused, or None."""
    if len(password) < MIN_LENGTH:
        return N_("The password must be at least 12 characters long.")
    if len(password) > MAX_LENGTH:
        return N_("The password must be at most 200 characters long.")
    folded = password.casefold()
    if _is_repeated(folded) or _is_sequence(folded) or len(set(folded)) < MIN_DISTINCT:
        return N_(
            "The password is too simple: it repeats or runs along the keyboard or alphabet. "
            "Choose a longer phrase of several words."
        )
    core = _core(folded)
    if folded in _common() or (len(core) >= 4 and core in _common()):
        return N_(
            "This password is one of the most common ones and would be guessed first. "
            "Choose a longer phrase of several words."
        )
    return None


def check_password(password: str) -> None:
    """Raise Invalid (422, field `password`) when the password may not be used."""
    problem = password_problem(password)
    if problem is not None:
        raise Invalid(problem, "password")
