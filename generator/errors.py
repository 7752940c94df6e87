"""The library raises these; the CLI turns each into one line and an exit code."""
import unicodedata


def display_path(path) -> str:
    """A file name fit for a one-line message: control characters and bytes that are not UTF-8 (kept by the
    file system as lone surrogates) shown as escapes, everything else as it is."""
    text = str(path)
    if text.isprintable():  # no control character, surrogate or line separator: nothing to escape
        return text
    out = []
    for ch in text:
        if 0xDC80 <= ord(ch) <= 0xDCFF:  # os.fsdecode's escape for an undecodable byte
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        elif unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or ch == "\x7f":
            out.append(ch.encode("unicode_escape").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)


def one_line(text) -> str:
    """Any message on a single line (an exception from a library may span several)."""
    return " ".join(display_path(part) for part in str(text).split())


def failure_detail(result, lines: int = 5) -> str:
    """What a child process that failed printed last (a CompletedProcess's stderr, then stdout), one line each,
    or its exit code when it printed nothing."""
    printed = [line for line in (result.stderr + result.stdout).splitlines() if line.strip()]
    return "; ".join(one_line(line) for line in printed[-lines:]) or f"exit code {result.returncode}"


class BriefingError(Exception):
    """Base class for every error the generator reports to a user."""


class ConfigError(BriefingError):
    """briefing.yml is missing, unreadable or invalid. Carries every problem found."""

    def __init__(self, path, problems):
        self.path = str(path)
        self.problems = list(problems)
        super().__init__(f"{self.path}: " + "; ".join(self.problems))


class SourceError(BriefingError):
    """One source cannot be used. The run goes on with the others."""

    def __init__(self, path, reason):
        self.path = display_path(path)
        self.reason = one_line(reason)
        super().__init__(f"{self.path}: {self.reason}")


class OutputError(BriefingError):
    """The content or site folder cannot be written safely."""


class BusyError(BriefingError):
    """Another run holds the lock on the output folders."""
