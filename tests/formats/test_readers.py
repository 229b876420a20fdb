"""Each format's reader on real files (tests/formats/data/SOURCES.md says where each is from),
through the real CLI: the models, metrics, slices and sample counts a user would see."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import gate_main

DATA = Path(__file__).parent / "data"


def report(tmp_path: Path, *argv: str, code: int | None = None) -> dict[str, Any]:
    out = tmp_path / "report.json"
    run = gate_main([*argv, "--report", str(out)])
    assert run.code in ((0, 1) if code is None else (code,)), run.err
    return json.loads(out.read_text(encoding="utf-8"))


def only_model(rep: dict[str, Any]) -> dict[str, Any]:
    (model,) = rep["models"]
    return model


# --- scikit-learn ----------------------------------------------------------------------------


def test_sklearn_report_is_one_model_with_averages_and_a_slice_per_class(tmp_path: Path) -> None:
    path = str(DATA / "sklearn" / "iris_classification_report.json")
    rep = report(tmp_path, path, "--slice-threshold", "recall >= 0.75")
    assert rep["source_format"] == "sklearn"
    model = only_model(rep)
    assert model["name"] == "tests/formats/data/sklearn/iris_classification_report.json"
    assert model["metrics"] == {
        "accuracy": 0.9,
        "macro_precision": 0.9023569023569024,
        "macro_recall": 0.9,
        "macro_f1": 0.899749373433584,
        "weighted_precision": 0.9023569023569024,
        "weighted_recall": 0.9,
        "weighted_f1": 0.8997493734335839,
    }
    assert "f1" not in model["metrics"]  # never a bare f1: which average would it be?
    assert [(s["name"], s["samples"]) for s in model["slices"]] == [
        ("setosa", 10),
        ("versicolor", 10),
        ("virginica", 10),
    ]
    assert model["slices"][1]["metrics"] == {
        "precision": 0.8181818181818182,
        "recall": 0.9,
        "f1": 0.8571428571428571,
    }
    assert rep["passed"] is True


def test_sklearn_slice_rules_and_confidence_work_on_the_classes(tmp_path: Path) -> None:
    path = str(DATA / "sklearn" / "churn_classification_report.json")
    rep = report(tmp_path, path, "--min-accuracy", "0.75", "--slice-threshold", "recall >= 0.6")
    assert rep["passed"] is False
    assert only_model(rep)["reason"] == "slice 1: recall 0.489305 fails >= 0.6"
    # the model's sample count is the macro average's support: 1407, enough for the bound
    rep = report(tmp_path, path, "--min-accuracy", "0.78", "--confidence", "0.95")
    check = only_model(rep)["checks"][0]
    assert check["interval"][0] < 0.78 < check["value"]
    assert rep["passed"] is False


def test_a_weighted_support_leaves_the_sample_count_unknown(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = json.loads(
        (DATA / "sklearn" / "iris_classification_report.json").read_text(encoding="utf-8")
    )
    text["setosa"]["support"] = 10.5
    rep = report(tmp_path, write("r.json", json.dumps(text)), "--slice-threshold", "recall >= 0")
    assert only_model(rep)["slices"][0]["samples"] is None


# --- lm-evaluation-harness -------------------------------------------------------------------


def test_lm_eval_v03_names_metrics_by_task_and_keeps_stderr(tmp_path: Path) -> None:
    path = str(DATA / "lm-eval" / "v0.3" / "llama-7B_anli_0-shot.json")
    rep = report(
        tmp_path,
        path,
        "--min-accuracy",
        "none",
        "--threshold",
        "anli_r3.acc >= 0.36",
        "--slice-threshold",
        "acc >= 0.3",
    )
    model = only_model(rep)
    assert rep["source_format"] == "lm-eval"
    assert model["name"] == "/gaueko1/hizkuntza-ereduak/LLaMA/lm/huggingface/7B"
    assert model["metrics"] == {
        "anli_r1.acc": 0.348,
        "anli_r2.acc": 0.337,
        "anli_r3.acc": 0.36583333333333334,
    }
    assert model["stderr"]["anli_r1.acc"] == 0.015070604603768408
    assert [s["name"] for s in model["slices"]] == ["anli_r1", "anli_r2", "anli_r3"]
    assert all(s["samples"] is None for s in model["slices"])  # v0.3 does not count
    assert rep["passed"] is True


def test_lm_eval_one_task_also_has_plain_names(tmp_path: Path) -> None:
    path = str(DATA / "lm-eval" / "v0.3" / "llama-7B_gsm8k_8-shot.json")
    model = only_model(
        report(tmp_path, path, "--min-accuracy", "none", "--threshold", "acc >= 0.05")
    )
    assert model["metrics"] == {"gsm8k.acc": 0.0803639120545868, "acc": 0.0803639120545868}
    run = gate_main([path, "--min-accuracy", "none", "--threshold", "acc >= 0.05"])
    assert "0.0803639 ± 0.007488" in run.out  # the standard error beside the value


def test_lm_eval_v04_drops_the_none_filter_and_na_errors(tmp_path: Path) -> None:
    path = str(DATA / "lm-eval" / "v0.4" / "gemma-2b_afrimmlu_0shot.json")
    rep = report(
        tmp_path,
        path,
        "--min-accuracy",
        "none",
        "--threshold",
        "acc >= 0.2",
        "--slice-threshold",
        "acc >= 0.2",
    )
    model = only_model(rep)
    assert model["name"] == "google/gemma-2b"
    task = "afrimmlu_direct_swa_prompt_1"
    assert model["metrics"] == {
        f"{task}.acc": 0.226,
        f"{task}.f1": 0.21785667126908828,
        "acc": 0.226,
        "f1": 0.21785667126908828,
    }
    assert "f1" not in model["stderr"]  # "N/A" is no standard error
    assert model["slices"][0]["samples"] == 500
    # with one task the model's sample count is the task's: --confidence can judge it
    args = ["--threshold", "acc >= 0.2", "--confidence", "0.95", "--proportion-metric", "acc"]
    rep = report(tmp_path, path, "--min-accuracy", "none", *args)
    assert only_model(rep)["checks"][0]["interval"] is not None


def test_lm_eval_groups_are_model_metrics_but_not_slices(tmp_path: Path) -> None:
    path = str(DATA / "lm-eval" / "v0.4" / "gemma-2b_global_mmlu_sw_0shot.json")
    rep = report(
        tmp_path,
        path,
        "--min-accuracy",
        "none",
        "--threshold",
        "global_mmlu_sw.acc >= 0.25",
        "--slice-threshold",
        "acc >= 0.25",
    )
    model = only_model(rep)
    assert model["metrics"]["global_mmlu_sw.acc"] == 0.255
    assert "global_mmlu_sw" not in [s["name"] for s in model["slices"]]
    assert {s["name"]: s["samples"] for s in model["slices"]}["global_mmlu_sw_medical"] == 36
    assert "acc" not in model["metrics"]  # six tasks: no plain names
    assert rep["passed"] is False
    assert "slice global_mmlu_sw_medical: acc 0.222222 fails >= 0.25" in model["reason"]


def test_lm_eval_name_from_model_args_and_direction_from_the_file(tmp_path: Path) -> None:
    path = str(DATA / "lm-eval" / "v0.4" / "nl2foam_original.json")
    rep = report(
        tmp_path,
        path,
        "--min-accuracy",
        "none",
        "--threshold",
        "nl2foam_llm_judge_original.llm_judge >= 80",
        "--baseline",
        path,
        "--max-regression",
        "nl2foam_gen_original.bert_score=0.01",
    )
    model = only_model(rep)
    assert model["name"] == "/scratch/hieu/nl2foam_sft_0/outputs/nl2foam_sft_0__8__1765350318"
    # bert_score says nothing by its name; higher_is_better in the file does
    assert rep["max_regressions"][0]["higher_is_better"] is True


def test_lm_eval_model_name_when_the_file_has_none(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(
        (DATA / "lm-eval" / "v0.4" / "nl2foam_original.json").read_text(encoding="utf-8")
    )
    del data["config"]
    path = write("results.json", json.dumps(data))
    rep = report(
        tmp_path,
        path,
        "--min-accuracy",
        "none",
        "--threshold",
        "nl2foam_gen_original.bleu >= 0.5",
        "--model-name",
        "sft-0",
    )
    assert only_model(rep)["name"] == "sft-0"


# --- Hugging Face Trainer --------------------------------------------------------------------


def test_trainer_eval_results_drop_the_prefix_and_the_bookkeeping(tmp_path: Path) -> None:
    path = str(DATA / "hf-trainer" / "t5-summarization" / "all_results.json")
    rep = report(tmp_path, path, "--min-accuracy", "none", "--threshold", "rouge1 >= 40")
    model = only_model(rep)
    assert rep["source_format"] == "hf-trainer"
    assert model["metrics"] == {
        "gen_len": 73.5213195691203,
        "loss": 1.633907675743103,
        "rouge1": 41.6324,
        "rouge2": 19.1949,
        "rougeL": 29.4531,
        "rougeLsum": 38.8065,
    }
    assert rep["passed"] is True


def test_a_proportion_rule_on_percentages_is_refused_not_passed() -> None:
    """ROUGE written as 41.6: `rouge1 >= 0.4` would pass anything, so it is exit 2."""
    path = str(DATA / "hf-trainer" / "t5-summarization" / "eval_results.json")
    run = gate_main([path, "--min-accuracy", "none", "--threshold", "rouge1 >= 0.4"])
    assert run.code == 2
    assert "rouge1 is 41.6324" in run.err and "looks like a percentage" in run.err
    assert "'rouge1 >= 40'" in run.err
    path = str(DATA / "hf-trainer" / "whisper-tiny" / "all_results.json")
    run = gate_main([path, "--min-accuracy", "none", "--threshold", "wer <= 0.3"])
    assert run.code == 2 and "wer is 24.8782" in run.err


def test_trainer_samples_and_a_classifier(tmp_path: Path) -> None:
    path = str(DATA / "hf-trainer" / "t5-summarization" / "eval_results.json")
    rep = report(tmp_path, path, "--min-accuracy", "none", "--threshold", "rouge1 >= 40")
    assert (
        only_model(rep)["name"]
        == "tests/formats/data/hf-trainer/t5-summarization/eval_results.json"
    )
    path = str(DATA / "hf-trainer" / "ner" / "all_results.json")
    rep = report(tmp_path, path)  # the default accuracy rule applies to eval_accuracy
    assert only_model(rep)["metrics"]["accuracy"] == 0.985479775401452 and rep["passed"]


def test_a_trainer_file_with_training_keys_only_is_refused() -> None:
    path = str(DATA / "hf-trainer" / "whisper-train-only" / "all_results.json")
    run = gate_main([path])
    assert run.code == 2
    assert f"{path}:1: top level: no eval_* metric to gate in this Trainer file" in run.err


def test_split_test_reads_test_keys(tmp_path: Path) -> None:
    path = str(DATA / "hf-trainer" / "transformers-test" / "all_results.json")
    rep = report(
        tmp_path, path, "--split", "test", "--min-accuracy", "none", "--threshold", "loss <= 600"
    )
    assert only_model(rep)["metrics"] == {"loss": 572.8933715820312, "bleu": 0.0, "gen_len": 12.0}
    rep = report(tmp_path, path, "--min-accuracy", "none", "--threshold", "loss <= 600")
    assert only_model(rep)["metrics"]["loss"] == 596.380859375


# --- Hugging Face model cards ----------------------------------------------------------------


def test_model_card_with_one_result(tmp_path: Path) -> None:
    path = str(DATA / "model-index" / "whisper-small-hi" / "README.md")
    rep = report(
        tmp_path,
        path,
        "--min-accuracy",
        "none",
        "--threshold",
        "wer <= 35",
        "--slice-threshold",
        "wer <= 35",
    )
    model = only_model(rep)
    assert rep["source_format"] == "model-index"
    assert model["name"] == "Whisper Small Hi - Sanchit Gandhi"
    assert model["metrics"] == {"wer": 32.011343435198505}
    assert [s["name"] for s in model["slices"]] == [
        "mozilla-foundation/common_voice_11_0/Config: hi"
    ]
    assert rep["passed"] is True


def test_model_card_with_several_results_names_metrics_by_slice(tmp_path: Path) -> None:
    path = str(DATA / "model-index" / "speechbrain-conformersmall" / "README.md")
    rep = report(
        tmp_path,
        path,
        "--min-accuracy",
        "none",
        "--threshold",
        "librispeech_asr/clean/test.wer <= 3",
        "--slice-threshold",
        "wer <= 6",
    )
    model = only_model(rep)
    assert model["metrics"] == {
        "librispeech_asr/clean/test.wer": 2.49,
        "librispeech_asr/other/test.wer": 6.03,
    }
    assert model["reason"] == "slice librispeech_asr/other/test: wer 6.03 fails <= 6"


def test_model_card_metric_without_a_number_is_located(write) -> None:  # type: ignore[no-untyped-def]
    text = (DATA / "model-index" / "whisper-small-hi" / "README.md").read_text(encoding="utf-8")
    path = write("README.md", text.replace("value: 32.011343435198505", "value: n/a"))
    run = gate_main([path, "--min-accuracy", "none", "--threshold", "wer <= 35"])
    assert run.code == 2
    assert f"{path}:25: model-index[0].results[0].metrics[0].value: expected a number" in run.err
    path = write("README.md", text.replace("      value: 32.011343435198505\n", ""))
    run = gate_main([path, "--min-accuracy", "none", "--threshold", "wer <= 35"])
    assert run.code == 2 and "metric 'wer' has no value" in run.err


def test_model_card_with_empty_results_is_refused(write) -> None:  # type: ignore[no-untyped-def]
    path = write("card.yaml", "model-index:\n- name: m\n  results: []\n")
    run = gate_main([path])
    assert run.code == 2 and "no results to gate" in run.err


# --- DVC ---------------------------------------------------------------------------------------


def test_dvc_yaml_reads_every_metrics_file_it_lists(tmp_path: Path) -> None:
    path = str(DATA / "dvc" / "iris" / "dvc.yaml")
    rep = report(
        tmp_path,
        "--metrics-format",
        "dvc",
        path,
        "--min-accuracy",
        "none",
        "--threshold",
        "test_accuracy >= 0.85",
    )
    model = only_model(rep)
    assert rep["source_format"] == "dvc"
    assert set(model["metrics"]) == {
        "train_accuracy",
        "train_f1_macro",
        "test_accuracy",
        "test_precision_macro",
        "test_recall_macro",
        "test_f1_macro",
        "test_roc_auc_ovr",
    }
    assert rep["passed"] is True


def test_dvc_yaml_a_metric_two_files_define_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "dvc.yaml").write_text(
        (DATA / "dvc" / "iris" / "dvc.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (folder / "metrics.json").write_text('{"test_accuracy": 1.0}', encoding="utf-8")
    (folder / "evaluation.json").write_text('{"test_accuracy": 0.9}', encoding="utf-8")
    run = gate_main(["--metrics-format", "dvc", str(folder / "dvc.yaml")])
    assert run.code == 2
    assert "evaluation.json:1: test_accuracy: metric 'test_accuracy' is defined twice" in run.err
    assert "metrics.json:1) and test_accuracy; gate cannot tell which to gate" in run.err
    (folder / "evaluation.json").unlink()
    run = gate_main(["--metrics-format", "dvc", str(folder / "dvc.yaml")])
    assert run.code == 2 and "evaluation.json: cannot read: no such file" in run.err


def test_dvc_yaml_with_a_duplicate_key_names_its_line() -> None:
    path = str(DATA / "dvc" / "iris-broken-dvc.yaml")
    run = gate_main(["--metrics-format", "dvc", path])
    assert run.code == 2
    assert f"{path}:38: duplicate key 'cmd' in the same mapping (first on line 24)" in run.err


def test_dvclive_nested_metrics_are_dotted_and_step_is_not_one(tmp_path: Path) -> None:
    path = str(DATA / "dvc" / "dvclive-yolov8-metrics.json")
    rep = report(
        tmp_path,
        "--metrics-format",
        "dvc",
        path,
        "--min-accuracy",
        "none",
        "--threshold",
        "metrics.mAP50-95(B) >= 0.7",
        "--model-name",
        "yolov8n",
    )
    model = only_model(rep)
    assert model["name"] == "yolov8n"
    assert model["metrics"]["metrics.mAP50-95(B)"] == 0.7098399876105618
    assert model["metrics"]["val.box_loss"] == 1.47825
    assert "step" not in model["metrics"]
    assert rep["passed"] is True


def test_dvc_reads_toml(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "metrics.toml", "step = 3\n[eval]\nacc = 0.91\nloss = 0.2\nname = 'x'\nok = true\n"
    )
    rep = report(
        tmp_path,
        "--metrics-format",
        "dvc",
        path,
        "--min-accuracy",
        "none",
        "--threshold",
        "eval.acc >= 0.9",
    )
    assert only_model(rep)["metrics"] == {"eval.acc": 0.91, "eval.loss": 0.2}


# --- Ultralytics -------------------------------------------------------------------------------


def test_ultralytics_best_row_is_the_one_ultralytics_keeps(tmp_path: Path) -> None:
    path = str(DATA / "ultralytics" / "rock-paper-scissors" / "results.csv")
    args = [
        "--metrics-format",
        "ultralytics",
        path,
        "--min-accuracy",
        "none",
        "--threshold",
        "mAP50-95(B) >= 0.584",
    ]
    rep = report(tmp_path, *args)
    assert rep["source_note"] == "epoch 10, the best of 12"
    assert only_model(rep)["metrics"] == {
        "precision(B)": 0.87675,
        "recall(B)": 0.88368,
        "mAP50(B)": 0.9169,
        "mAP50-95(B)": 0.58457,
    }
    assert rep["passed"] is True
    rep = report(tmp_path, *args, "--row", "last")
    assert rep["source_note"] == "epoch 11, the last of 12"
    assert rep["passed"] is False


def test_ultralytics_compact_header(tmp_path: Path) -> None:
    path = str(DATA / "ultralytics" / "yolo26-nutrition" / "results.csv")
    rep = report(
        tmp_path,
        "--metrics-format",
        "ultralytics",
        path,
        "--min-accuracy",
        "none",
        "--threshold",
        "mAP50(B) >= 0.95",
    )
    assert rep["source_note"] == "epoch 50, the best of 50"
    assert only_model(rep)["metrics"]["mAP50(B)"] == 0.97783


def test_ultralytics_without_fitness_columns_needs_row_last(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write("results.csv", "epoch,metrics/score\n1,0.5\n2,0.7\n")
    run = gate_main(
        [
            "--metrics-format",
            "ultralytics",
            path,
            "--min-accuracy",
            "none",
            "--threshold",
            "score >= 0.6",
        ]
    )
    assert run.code == 2 and "use --row last" in run.err
    rep = report(
        tmp_path,
        "--metrics-format",
        "ultralytics",
        "--row",
        "last",
        path,
        "--min-accuracy",
        "none",
        "--threshold",
        "score >= 0.6",
    )
    assert rep["passed"] is True


def test_ultralytics_bad_cell_names_its_line(write) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "results.csv", "epoch,metrics/mAP50(B),metrics/mAP50-95(B)\n1,0.5,0.3\n2,oops,0.4\n"
    )
    run = gate_main(["--metrics-format", "ultralytics", path])
    assert run.code == 2
    assert f"{path}:3: column 'metrics/mAP50(B)': expected a number, got 'oops'" in run.err


@pytest.mark.parametrize("name", ["results.csv", "results.txt"])
def test_csv_is_never_guessed(write, name: str) -> None:  # type: ignore[no-untyped-def]
    path = write(
        name,
        (DATA / "ultralytics" / "yolo26-nutrition" / "results.csv").read_text(encoding="utf-8"),
    )
    run = gate_main([path])
    assert run.code == 2
    assert "CSV is not one of gate's metrics forms" in run.err
    assert "--metrics-format ultralytics" in run.err
    other = write(name, "model,accuracy\nmodel_A,0.9\n")
    run = gate_main([other])
    assert run.code == 2
    assert (
        '{"version": 1, "models": [{"name": "...", "metrics": {"model": 0.0, "accuracy": 0.0}}]}'
        in run.err
    )
