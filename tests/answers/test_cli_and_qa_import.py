"""`helpline ask` and `helpline content import-qa`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from helpline.answers import index
from helpline.cli import main as helpline
from helpline.knowledge.models import Article, Section, Translation


def pair(pid: str, doc: str, focus: str, qtype: str, answer: str) -> dict[str, str]:
    url = f"https://example.org/{doc}"
    return {"id": pid, "document_id": doc, "source_url": url, "focus": focus, "qtype": qtype,
            "question": f"A {qtype} question about {focus} ?", "answer": answer}  # fmt: skip


QA = [
    pair("Test_0001-1", "0001", "Laryngeal Cancer", "symptoms",
         "Laryngeal cancer can cause a sore throat that does not go away, a lump in the neck "
         "and a change in the voice."),
    pair("Test_0001-2", "0001", "Laryngeal Cancer", "treatment",
         "Treatment of laryngeal cancer may include radiation therapy, surgery and chemotherapy."),
    pair("Test_0002-1", "0002", "Melanoma", "information",
         "Melanoma is a disease in which malignant cells form in melanocytes, the cells that "
         "colour the skin."),
]  # fmt: skip


@pytest.fixture(autouse=True)
def _fresh_index(settings, answer_vectors_dir, monkeypatch):
    settings.VAR_DIR = answer_vectors_dir
    monkeypatch.setattr(index, "_atlas", lambda info: [])  # only the imported set here
    index.reset()
    yield
    index.reset()


@pytest.fixture
def qa_file(tmp_path: Path) -> Path:
    path = tmp_path / "qa.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in QA) + "\n")
    return path


def test_it_imports_each_document_as_an_article_and_each_pair_as_a_section(db, qa_file, capsys):
    assert helpline(["content", "import-qa", str(qa_file)]) == 0
    assert "imported 2 article(s) with 3 section(s)" in capsys.readouterr().out
    larynx = Translation.objects.get(published_revision__title="Laryngeal Cancer")
    sections = list(larynx.published_revision.sections.values_list("heading", "external_id"))
    assert sections == [("Symptoms", "Test_0001-1"), ("Treatment", "Test_0001-2")]
    assert larynx.article.source.startswith("Test")
    assert larynx.published_revision.valid_medical_approval() is not None
    assert not Section.objects.filter(body__contains="question about").exists()


def test_importing_the_same_set_again_changes_nothing(db, qa_file, capsys):
    helpline(["content", "import-qa", str(qa_file)])
    helpline(["content", "import-qa", str(qa_file)])
    assert "imported 0 article(s) with 0 section(s); 2 unchanged" in capsys.readouterr().out
    assert Article.objects.count() == 2


def test_imported_sets_are_not_listed_on_the_public_site(client, db, qa_file):
    helpline(["content", "import-qa", str(qa_file)])
    assert "Laryngeal Cancer" not in client.get("/en/articles/").content.decode()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("not json\n", "line 1 is not JSON"),
        ('{"id": "x"}\n', "line 1 lacks document_id, focus, qtype, answer"),
        ("", "holds no question-answer pairs"),
    ],
)
def test_a_bad_qa_file_is_refused_with_the_line_and_nothing_imported(
    db, tmp_path, capsys, text, problem
):
    path = tmp_path / "bad.jsonl"
    path.write_text(text)
    assert helpline(["content", "import-qa", str(path)]) == 2
    assert problem in capsys.readouterr().err
    assert Article.objects.count() == 0


def test_ask_answers_with_a_lay_name_and_cites_the_pair(db, qa_file, capsys):
    helpline(["content", "import-qa", str(qa_file)])
    capsys.readouterr()
    assert helpline(["ask", "What are the signs of cancer of the voice box?", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["action"] == "answer"
    assert data["citations"][0]["external_id"] == "Test_0001-1"


def test_ask_jsonl_writes_one_answer_per_line(db, qa_file, capsys, monkeypatch):
    helpline(["content", "import-qa", str(qa_file)])
    capsys.readouterr()
    lines = [
        {"id": "q1", "question": "How is laryngeal cancer treated?"},
        {"id": "q2", "question": "¿Qué es el melanoma?", "lang": "es"},
        {"id": "q3", "question": "I want to kill myself"},
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(json.dumps(r) for r in lines) + "\n"))
    assert helpline(["ask", "--jsonl"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in out] == ["q1", "q2", "q3"]
    assert set(out[0]) == {"id", "action", "language", "answer", "citations", "confidence"}
    assert out[0]["citations"][0]["external_id"] == "Test_0001-2"
    assert out[1]["language"] == "es"
    assert out[2]["action"] == "crisis"


def test_ask_jsonl_reports_a_bad_line_and_goes_on(db, qa_file, capsys, monkeypatch):
    monkeypatch.setattr(
        "sys.stdin",
        io.StringIO(
            "not json\n"
            '{"id": "q2", "question": ""}\n'
            '{"id": "q3", "question": "hello there friend", "lang": "en"}\n'
        ),
    )
    assert helpline(["ask", "--jsonl"]) == 2
    captured = capsys.readouterr()
    out = [json.loads(line) for line in captured.out.splitlines()]
    assert [r.get("id") for r in out] == [None, "q2", "q3"]
    assert "error" in out[0] and "error" in out[1] and "action" in out[2]
    assert "line 1" in captured.err


def test_ask_without_a_question_names_the_problem(db, capsys):
    assert helpline(["ask"]) == 2
    assert "give a question" in capsys.readouterr().err
