"""The one rule for every CSV cell the site writes."""

import pytest

from oig_site.core.spreadsheets import spreadsheet_safe


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+44 1865", "-2", "@SUM(A1)", "\t=1", "\r=1", "  =1+1", "\uff1d1+1"],
)
def test_cells_a_spreadsheet_would_run_get_an_apostrophe(value):
    assert spreadsheet_safe(value) == f"'{value}"


@pytest.mark.parametrize("value", ["Housing", "Ask about 2+2", "", "e-mail", "50"])
def test_ordinary_cells_are_kept_as_they_are(value):
    assert spreadsheet_safe(value) == value


def test_empty_values_become_empty_cells():
    assert spreadsheet_safe(None) == ""
