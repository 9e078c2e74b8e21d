"""dangwu-schools: the party organizations of a school, and their disclosure days."""

__version__ = "0.1.0"
