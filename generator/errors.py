"""The library raises these; the CLI turns each into one line and an exit code."""


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
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class OutputError(BriefingError):
    """The content or site folder cannot be written safely."""


class BusyError(BriefingError):
    """Another run holds the lock on the output folders."""
