"""persistence-drills: a practice runner for data persistence in Python."""

__version__ = "0.1.0"
