"""okrtui: team OKRs, check-ins and a transparent bonus split in the terminal."""

__version__ = "0.1.0"
