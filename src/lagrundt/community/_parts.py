"""The app's parts, each answering the plug-in hooks in its own ``plugins`` module."""

from .follow_up import plugins as follow_up
from .guides import plugins as guides
from .interpreters import plugins as interpreters
from .welcome import plugins as welcome

PARTS = (guides, welcome, interpreters, follow_up)
