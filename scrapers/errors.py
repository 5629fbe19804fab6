"""occuwatch's exceptions: one base class, each subclass says when it is raised."""


class OccuwatchError(Exception):
    """Base class; the CLI prints the message as `Error: ...` and exits 1."""


class ConfigError(OccuwatchError):
    """The config file is missing, is not valid TOML, or holds a wrong value."""


class UnknownSourceError(OccuwatchError):
    """A source name matches no spider."""
