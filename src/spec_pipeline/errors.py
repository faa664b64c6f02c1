"""The one error of the spec pipeline.

Every step raises `PipelineError` with a message that names the file and the place; each command
prints it and exits non-zero, so no traceback reaches a user. Subclasses exist only where a caller
handles the case differently (`OverlayError` carries one problem per action, `XmlResultError` is a
contract failure of a response rather than a failure of the build).
"""

from __future__ import annotations


class PipelineError(Exception):
    """Bad input or a failed step; the message says where and why."""
