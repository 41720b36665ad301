"""Errors raised by services; views and commands turn them into responses or exit codes."""


class ServiceError(Exception):
    """A request that cannot be carried out, with a message for people (Bahasa Indonesia)."""


class NotFound(ServiceError):
    """The thing asked for does not exist."""


class Refused(ServiceError):
    """A refusal with a stable snake_case code and the HTTP status the API answers with."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
