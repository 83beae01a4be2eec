"""British English: 13 January 2027, 09:30 (Django's `en` is American: every name is set here)."""

DATE_FORMAT = "j F Y"  # 13 January 2027
TIME_FORMAT = "H:i"  # 09:30
DATETIME_FORMAT = "j F Y, H:i"  # 13 January 2027, 09:30
YEAR_MONTH_FORMAT = "F Y"  # January 2027
MONTH_DAY_FORMAT = "j F"  # 13 January
SHORT_DATE_FORMAT = "j M Y"  # 13 Jan 2027
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 13 Jan 2027, 09:30
DAY_TIME_FORMAT = "D j M, H:i"  # Wed 13 Jan, 09:30
SHORT_DAY_FORMAT = "D j M"  # Wed 13 Jan
DAY_DATE_FORMAT = "l j F Y"  # Wednesday 13 January 2027
DAY_MONTH_FORMAT = "l j F"  # Wednesday 13 January
SHORT_MONTH_DAY_FORMAT = "j M"  # 13 Jan
FIRST_DAY_OF_WEEK = 1  # Monday

# Typed dates are read day first, never month first; ISO 8601 is always accepted as well.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%y %H:%M",
    "%d.%m.%Y %H:%M",
]
