"""Norwegian Bokmål after Språkrådet: 13. januar 2027 kl. 09.30 (a full stop between hours and
minutes, "kl." before a time that follows a date)."""

DATE_FORMAT = "j. F Y"  # 13. januar 2027
TIME_FORMAT = "H.i"  # 09.30
DATETIME_FORMAT = r"j. F Y \k\l. H.i"  # 13. januar 2027 kl. 09.30
YEAR_MONTH_FORMAT = "F Y"  # januar 2027
MONTH_DAY_FORMAT = "j. F"  # 13. januar
SHORT_DATE_FORMAT = "j. N Y"  # 13. jan. 2027 (mai stays whole)
SHORT_DATETIME_FORMAT = r"j. N Y \k\l. H.i"  # 13. jan. 2027 kl. 09.30
DAY_TIME_FORMAT = r"D. j. N \k\l. H.i"  # ons. 13. jan. kl. 09.30
SHORT_DAY_FORMAT = "D. j. N"  # ons. 13. jan.
DAY_DATE_FORMAT = "l j. F Y"  # onsdag 13. januar 2027
DAY_MONTH_FORMAT = "l j. F"  # onsdag 13. januar
SHORT_MONTH_DAY_FORMAT = "j. N"  # 13. jan.
FIRST_DAY_OF_WEEK = 1  # Monday
