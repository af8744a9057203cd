"""Start-up errors are shown in a dialog and end the process with a non-zero code."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.gui_process import boxes, run_gui_answering_boxes
from tests.helpers.sqlite_damage import damage_table_page, main_db_with_candidates


def test_a_database_damaged_inside_a_page_is_a_dialog_and_exit_2(tmp_path: Path) -> None:
    data = tmp_path / "data"
    main_db_with_candidates(data / "headhunter.db")
    damage_table_page(data / "headhunter.db", "candidates")

    result = run_gui_answering_boxes(data)

    assert result.returncode == 2, result.stderr[-3000:]
    [box] = boxes(result)
    assert box.startswith("Headhunter Desktop cannot start |") and "is damaged" in box
    assert "Traceback" not in result.stderr


def test_a_damaged_table_read_at_start_is_a_dialog_before_the_window(tmp_path: Path) -> None:
    data = tmp_path / "data"
    main_db_with_candidates(data / "headhunter.db")
    damage_table_page(data / "headhunter.db", "client_companies")

    result = run_gui_answering_boxes(data)

    assert result.returncode == 2, result.stderr[-3000:]
    assert [box for box in boxes(result) if "is damaged" in box] != []
