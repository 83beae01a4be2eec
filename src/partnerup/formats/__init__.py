"""Date and time formats for our two languages (FORMAT_MODULE_PATH).

English is British: day before month and the 24-hour clock; Django's own `en` formats are
American and must never show. Norwegian follows Språkrådet: "13. januar 2027 kl. 09.30".
Besides Django's names: DAY_TIME_FORMAT (a slot's start with its weekday), SHORT_DAY_FORMAT
(a day in a table), DAY_DATE_FORMAT and DAY_MONTH_FORMAT (an event day with its weekday, with
and without the year) and SHORT_MONTH_DAY_FORMAT (chart labels); `partnerup.common.dates.
event_time` reads them.
"""
