"""Metrics files of any size for the benchmarks: full form, 5 metrics and 2 slices per model.

python benchmarks/generate.py MODELS OUT.json
"""

from __future__ import annotations

import json
import random
import sys


def document(models: int, seed: int = 7) -> dict[str, object]:
    rng = random.Random(seed)

    def metrics() -> dict[str, float]:
        return {
            "accuracy": round(rng.uniform(0.6, 0.99), 4),
            "precision": round(rng.uniform(0.5, 0.99), 4),
            "recall": round(rng.uniform(0.5, 0.99), 4),
            "f1": round(rng.uniform(0.5, 0.99), 4),
            "latency_ms": round(rng.uniform(1, 120), 2),
        }

    return {
        "version": 1,
        "run": {
            "commit": "3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39",
            "dataset": {"name": "holdout-2026-10"},
        },
        "models": [
            {
                "name": f"sweep-{i:06d}",
                "metrics": metrics(),
                "samples": 5000,
                "slices": {
                    "region=eu": {"metrics": metrics(), "samples": 1200},
                    "region=us": {"metrics": metrics(), "samples": 2100},
                },
            }
            for i in range(models)
        ],
    }


if __name__ == "__main__":
    with open(sys.argv[2], "w", encoding="utf-8") as handle:
        json.dump(document(int(sys.argv[1])), handle, separators=(",", ":"))
