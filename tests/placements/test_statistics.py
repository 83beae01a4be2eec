from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from partnerup.placements.models import Activity, Attendance
from partnerup.placements.statistics import compute, school_year_of
from tests.conftest import login

CSV = """year,type,role,host,field,count
2012,placements,,Pharma Co,lab,12
2012,placements,,start-co,Hospital and clinic,3
2012,participants,pupils,,,340
2012,participants,teachers,,,20
2013,placements,,Pharma Co,data,5
2013,participants,members,,,100
"""


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("history.csv", text.encode(), content_type="text/csv")


def test_import_history_and_see_totals_per_year_and_cumulative(client, world):
    login(client, world["roles"]["organiser"])
    response = client.post(reverse("placements:history_import"), {"file": upload(CSV)})
    assert response.status_code == 302
    stats = compute(world["programme"])
    by_year = {row.year: row for row in stats.years}
    assert by_year[2012].placements == 15
    assert by_year[2012].participants == {"pupils": 340, "teachers": 20, "members": 0}
    assert by_year[2013].cumulative_placements == 20
    assert by_year[2013].cumulative_participants == 460
    assert by_year[2012].hosts == 2
    page = client.get(reverse("placements:statistics")).content.decode()
    assert "2012/13" in page
    assert "<svg" in page
    assert 'data-testid="total-placements">21<' in page  # 20 imported + the world's one


def test_import_with_errors_imports_nothing_and_names_the_lines(client, world):
    login(client, world["roles"]["organiser"])
    bad = (
        CSV + "20x3,placements,,Pharma Co,lab,1\n2014,placements,,Nobody Inc,lab,1\n"
        "2014,participants,aliens,,,5\n2014,holidays,,,,1\n2014,placements,,Pharma Co,magic,1\n"
    )
    response = client.post(reverse("placements:history_import"), {"file": upload(bad)})
    assert response.status_code == 200
    assert response.context["errors"] == [
        "Line 8: year must be a year such as 2012.",
        "Line 9: no organisation called 'Nobody Inc' in the directory.",
        "Line 10: role must be pupils, teachers or members.",
        "Line 11: type must be placements or participants.",
        "Line 12: unknown field 'magic'.",
    ]
    assert compute(world["programme"]).total_placements == 1
    response = client.post(reverse("placements:history_import"), {"file": upload("a,b\n1,2\n")})
    assert response.context["errors"] == ["The first line must be: year,type,role,host,field,count"]
    response = client.post(
        reverse("placements:history_import"), {"file": SimpleUploadedFile("x.xlsx", b"PK\x03\x04")}
    )
    assert response.context["form"].errors["file"] == ["Upload a .csv file."]


def test_statistics_exports(client, world):
    Attendance.objects.create(
        activity=Activity.objects.create(
            programme=world["programme"], kind="lecture", title="Lecture", date="2027-02-01"
        ),
        role="pupils",
        count=30,
    )
    login(client, world["roles"]["outsider"])
    csv_text = client.get(reverse("placements:statistics_export", args=["csv"])).content.decode(
        "utf-8-sig"
    )
    lines = csv_text.strip().splitlines()
    assert lines[0] == (
        'School year,Placements,"Placements, cumulative",Hosts,Pupils,Teachers,'
        'Cluster members,Participants,"Participants, cumulative"'
    )
    assert lines[1] == "2026/27,1,1,1,30,0,0,30,30"
    assert len(lines) == 2
    xlsx = client.get(reverse("placements:statistics_export", args=["xlsx"])).content
    rows = list(load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True))
    assert rows[1] == ("2026/27", 1, 1, 1, 30, 0, 0, 30, 30)
    assert "Petra" not in csv_text


def test_school_years_start_in_august():
    assert school_year_of(2020, 3) == 2019
    assert school_year_of(2020, 8) == 2020


def test_import_limits_are_form_errors_and_nothing_is_imported(client, world):
    from partnerup.placements.models import Placement

    login(client, world["roles"]["organiser"])
    url = reverse("placements:history_import")
    header = "year,type,role,host,field,count\n"
    cases = {
        # 20,000 lines of 100,000 placements each once went through in one request.
        "many placements": header + "2012,placements,,Pharma Co,lab,100000\n" * 3,
        "lines": header + "2012,participants,pupils,,,1\n" * 2001,
        "columns": header + "2012,participants,pupils,,,1" + ",x" * 100000 + "\n",
    }
    expected = {
        "many placements": "The file adds 300000 placements; an import may add at most 20000.",
        "lines": "The file has more than 2000 lines; split it into several files.",
        "columns": "Line 2 has 100006 columns; the import has 6.",
    }
    for case, text in cases.items():
        response = client.post(url, {"file": upload(text)})
        assert response.status_code == 200, case
        assert response.context["form"].errors["file"] == [expected[case]], case
    wide = header + "2012,participants,pupils,,,1,extra,columns\n"
    response = client.post(url, {"file": upload(wide)})
    assert response.context["form"].errors["file"] == ["Line 2 has 8 columns; the import has 6."]
    big = header + "2012,participants,pupils,,,1\n" * 10000
    response = client.post(url, {"file": upload(big)})
    assert response.context["form"].errors["file"] == [
        "The file is 283.2\xa0KB; an import may be at most 256.0\xa0KB."
    ]
    assert Placement.objects.count() == 1  # the world's
    assert not Attendance.objects.exists()
