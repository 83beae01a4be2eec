"""PartnerUp: a partnering platform for life-science innovation clusters."""

__version__ = "0.1.0"
