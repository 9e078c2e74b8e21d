"""dangwu-villages: a town party committee (镇党委) with its village, community and station
branches, after the town and county documents in the seeds (000, 002, 003)."""

__version__ = "0.1.0"
