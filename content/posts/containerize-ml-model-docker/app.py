"""A small Flask API that serves the Keras model trained by train.py."""

import os

import numpy as np
from flask import Flask, jsonify, request
from tensorflow import keras

MODEL_PATH = os.environ.get("MODEL_PATH", "model.keras")
N_FEATURES = 4

app = Flask(__name__)

# Load once, when the module is imported, not on every request.
model = keras.models.load_model(MODEL_PATH)


def bad_request(message):
    """Return a JSON error body with HTTP status 400."""
    return jsonify({"error": message}), 400


@app.get("/health")
def health():
    return jsonify({"status": "ok"})


@app.post("/predict")
def predict():
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or "features" not in payload:
        return bad_request("expected a JSON object with a 'features' key")

    try:
        features = np.asarray(payload["features"], dtype="float32")
    except (TypeError, ValueError):
        return bad_request("'features' must be a list of rows of numbers")

    if features.ndim != 2 or features.shape[0] == 0 or features.shape[1] != N_FEATURES:
        return bad_request(
            f"'features' must be a non-empty list of rows with {N_FEATURES} numbers each"
        )
    if not np.all(np.isfinite(features)):
        return bad_request("'features' must not contain NaN or infinity")

    outputs = model.predict(features, verbose=0).reshape(-1)
    return jsonify({"predictions": [round(float(value), 4) for value in outputs]})


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
