"""The error of a sheet that cannot be read."""


class SourceError(Exception):
    """A sheet that cannot be used; the message reads "<file>: <reason>"."""
