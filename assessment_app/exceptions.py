"""Errors raised by services; views and commands turn them into responses or exit codes."""


class ServiceError(Exception):
    """A request that cannot be carried out, with a message for people (Bahasa Indonesia)."""


class NotFound(ServiceError):
    """The thing asked for does not exist."""
