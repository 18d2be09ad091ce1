"""`make bench` writes bench/RESULTS.md; its pages table, checked on a made-up result (the run
itself is never part of the tests)."""

from bench.run import pages_table


def test_the_pages_table_has_a_column_for_the_size_of_each_page():
    rows = [
        ("floor", "/bench-floor/side/", "anonymous", 1, 1, 2.5, 3.0, 20, 4096),
        ("landing", "/", "anonymous", 6, 6, 20.0, 24.0, 20, 22_528),
        ("forum:expenses_csv", "/udgifter.csv", "secretary", 4, 5, 500.0, 600.0, 5, 428_749),
    ]  # fmt: skip

    lines = pages_table(rows, floor_p95=3.0)

    header = next(line for line in lines if line.startswith("| page |"))
    assert header.rstrip(" |").endswith("| KB | note")
    landing = "| landing | `/` | anonymous | 6 | 6 | 20 | 20.0 | 24.0 | 8.0× | 22.0 |"
    assert any(line.startswith(landing) for line in lines)
    grown = "| 5 **grows** | 5 | 500.0 | 600.0 | 200.0× | 418.7 |"
    assert any(grown in line for line in lines)
    assert "1 of 3 pages are within 3× the floor's p95; 1 meet the aims." in lines
    columns = {line.count("|") for line in lines if line.startswith("|")}
    assert columns == {12}  # every row has as many cells as the header
