"""The demo cluster: a deterministic, realistic data set for trying PartnerUp and for tests."""
