"""
Converts scikit-learn's handwritten digits (1,797 8×8 images, grey levels 0–16, from the UCI
"Optical Recognition of Handwritten Digits" set; CC BY 4.0) once into examples/data/digits.json
for `npm run demo`: { source, license, count, height, width, images (base64 of count·64 bytes,
row-major), labels (base64 of count bytes) }. scikit-learn is needed only to run this script.
"""
import base64
import json
from pathlib import Path

from sklearn.datasets import load_digits

ROOT = Path(__file__).resolve().parent.parent
digits = load_digits()
images = digits.images.astype("uint8")  # values 0..16
labels = digits.target.astype("uint8")
out = {
    "source": "scikit-learn load_digits (UCI Optical Recognition of Handwritten Digits)",
    "license": "CC BY 4.0",
    "count": int(images.shape[0]),
    "height": 8,
    "width": 8,
    "images": base64.b64encode(images.tobytes()).decode("ascii"),
    "labels": base64.b64encode(labels.tobytes()).decode("ascii"),
}
(ROOT / "examples" / "data" / "digits.json").write_text(json.dumps(out) + "\n")
print(f"wrote {out['count']} digits")
