"""`make bench` writes bench/RESULTS.md; its pages table, checked on a made-up result (the run
itself is never part of the tests)."""

from bench.run import PageRow, Timing, pages_table

HTML = "text/html; charset=utf-8"


def _row(name, url, persona, small, large, ms, size, content_type=HTML, first=None):
    return PageRow(
        name, url, persona, small, large, Timing([ms] * 20, [first or ms] * 20, size, content_type)
    )


def test_the_pages_table_has_columns_for_size_first_byte_and_aim():
    rows = [
        _row("floor", "/bench-floor/side/", "anonymous", 1, 1, 3.0, 4096),
        _row("landing", "/", "anonymous", 6, 6, 24.0, 22_528),
        _row("forum:expenses_csv", "/udgifter.csv", "secretary", 4, 5, 600.0, 428_749,
             "text/csv; charset=utf-8", first=150.0),
    ]  # fmt: skip

    lines = pages_table(rows, floor_p95=3.0)

    header = next(line for line in lines if line.startswith("| page |"))
    assert header.rstrip(" |").endswith("| first byte ms | KB | aim | note")
    landing = "| landing | `/` | anonymous | 6 | 6 | 20 | 24.0 | 24.0 | 8.0× | 24.0 | 22.0 |"
    assert any(line.startswith(landing) for line in lines)
    grown = "| 5 **grows** | 20 | 600.0 | 600.0 | 200.0× | 150.0 | 418.7 |"
    assert any(grown in line for line in lines)
    summary = (
        "1 of 3 pages are within 3× the floor's p95; 2 meet their aims: 1 of 2 HTML pages and "
        "1 of 1 exports and generated documents."
    )
    assert summary in lines
    columns = {line.count("|") for line in lines if line.startswith("|")}
    assert columns == {14}  # every row has as many cells as the header


def test_an_export_is_held_to_its_first_byte_and_whole_file_aims():
    slow_first = _row("x:export", "/x.csv", "coordinator", 3, 3, 900.0, 10, "text/csv", 250.0)
    too_long = _row("x:export", "/x.csv", "coordinator", 3, 3, 1100.0, 10, "text/csv", 20.0)
    fine = _row("x:export", "/x.csv", "coordinator", 3, 3, 900.0, 10, "text/csv", 20.0)

    lines = pages_table([slow_first, too_long, fine], floor_p95=3.0)

    assert "0 of 0 HTML pages and 1 of 3 exports and generated documents." in " ".join(lines)


def test_results_are_written_again_from_the_runs_figures_with_load_notes(tmp_path, monkeypatch):
    import dataclasses
    import json

    from bench import page_notes
    from bench.run import Run, write_results

    scenario = "hearing form: open the page, submit a response"
    monkeypatch.setattr(page_notes, "LOAD_NOTES", {scenario: "Round trips per response."})
    run = Run(
        date="2026-12-03",
        commit="abc1234",
        seconds=600.0,
        load_average=1.5,
        rows=[_row("floor", "/bench-floor/side/", "anonymous", 1, 1, 3.0, 4096)],
        load_rows=[
            ["floor: insert a 3-field row", 2000, 50, 500.0, 0, "–"],
            [scenario, 2000, 50, 50.0, 0, "0.10×"],
        ],
        job_rows=[["a job", 12.0, "done"]],
        memory=300.0,
        sizes="consultation: 10000 responses",
        grown=[],
        floor_p95=3.0,
    )
    stored = tmp_path / "run.json"
    stored.write_text(json.dumps(dataclasses.asdict(run)))

    write_results(Run.load(stored), tmp_path / "RESULTS.md")

    text = (tmp_path / "RESULTS.md").read_text()
    assert "`make bench` on 2026-12-03, commit abc1234" in text
    assert f"| {scenario} | 2000 | 50 | 50.0 | 0 | 0.10× | ≥ 0.3× floor | Round trips" in text
    assert "| floor | `/bench-floor/side/` | anonymous | 1 | 1 | 20 |" in text
