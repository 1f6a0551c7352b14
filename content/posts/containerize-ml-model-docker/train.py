"""Train a tiny Keras regression model on synthetic data and save it.

The target is a known linear function of four features plus a little noise,
so you can check the served predictions with pencil and paper.
No dataset is downloaded: numpy generates everything on the spot.
"""

import os

import numpy as np
from tensorflow import keras

MODEL_PATH = os.environ.get("MODEL_PATH", "model.keras")
SEED = 42
N_FEATURES = 4
# y = 3*x1 - 2*x2 + 0.5*x3 + 1*x4 (+ noise)
TRUE_WEIGHTS = np.array([3.0, -2.0, 0.5, 1.0], dtype="float32")


def make_data(n_samples, rng):
    """Return (features, targets) drawn uniformly from [-1, 1]."""
    x = rng.uniform(-1.0, 1.0, size=(n_samples, N_FEATURES)).astype("float32")
    noise = rng.normal(0.0, 0.05, size=n_samples).astype("float32")
    y = x @ TRUE_WEIGHTS + noise
    return x, y


def build_model():
    """A small fully connected network: 4 inputs -> 16 hidden -> 1 output."""
    model = keras.Sequential(
        [
            keras.Input(shape=(N_FEATURES,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(1),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.01),
        loss="mse",
        metrics=["mae"],
    )
    return model


def main():
    keras.utils.set_random_seed(SEED)
    rng = np.random.default_rng(SEED)

    x_train, y_train = make_data(2000, rng)
    x_val, y_val = make_data(200, rng)

    model = build_model()
    model.fit(
        x_train,
        y_train,
        validation_data=(x_val, y_val),
        epochs=20,
        batch_size=32,
        verbose=2,
    )

    _, mae = model.evaluate(x_val, y_val, verbose=0)
    print(f"validation MAE: {mae:.4f}")

    model.save(MODEL_PATH)
    print(f"saved model to {MODEL_PATH}")


if __name__ == "__main__":
    main()
