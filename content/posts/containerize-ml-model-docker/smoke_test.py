"""Smoke test of this article's project: train the model, serve it, ask it something.

It does without Docker what the Dockerfile does: installs the pinned requirements (into a
virtualenv cached by the hash of requirements.txt), runs train.py, then starts the server with
the Dockerfile's own CMD, bound to 127.0.0.1 on a free port, and checks the JSON answers.

    python3 smoke_test.py

Given a URL, it only checks the answers of a server that is already running there, such as the
container (no packages needed):

    python3 smoke_test.py --url http://localhost:5000

The cache lives in $DOCSITE_CACHE_DIR (set by `docsite test`), else ~/.cache/docsite.
"""

import hashlib
import json
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import venv

HERE = pathlib.Path(__file__).resolve().parent
# train.py's target is 3*x1 - 2*x2 + 0.5*x3 + x4, so the right answer is known.
SAMPLE = [0.5, -0.2, 0.1, 1.0]
EXPECTED = 3 * 0.5 - 2 * -0.2 + 0.5 * 0.1 + 1.0
TOLERANCE = 0.5


def cached_python():
    """A virtualenv with requirements.txt installed, reused while the file is unchanged."""
    requirements = HERE / "requirements.txt"
    key = hashlib.sha256(requirements.read_bytes() + sys.version.encode()).hexdigest()[:16]
    cache = pathlib.Path(os.environ.get("DOCSITE_CACHE_DIR") or pathlib.Path.home() / ".cache" / "docsite")
    target = cache / "venvs" / f"containerize-ml-{key}"
    python = target / "bin" / "python"
    if (target / ".complete").exists():
        print(f"reusing {target}")
        return python
    shutil.rmtree(target, ignore_errors=True)
    print(f"creating {target}")
    venv.create(target, with_pip=True)
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirements],
        check=True,
    )
    (target / ".complete").write_text("installed\n")
    return python


def dockerfile_cmd():
    """The JSON-form CMD of the Dockerfile."""
    for line in (HERE / "Dockerfile").read_text().splitlines():
        if line.startswith("CMD "):
            return json.loads(line[len("CMD "):])
    raise SystemExit("the Dockerfile has no JSON-form CMD")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(url, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def wait_until_up(url, server, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with code {server.returncode}")
        try:
            return request(url)
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer within {seconds} s")


def check(base):
    """Health, a prediction with a known right answer, and a bad row refused with a 400."""
    status, body = request(f"{base}/health")
    assert (status, body) == (200, {"status": "ok"}), (status, body)

    status, body = request(f"{base}/predict", {"features": [SAMPLE]})
    assert status == 200, (status, body)
    prediction = body["predictions"][0]
    print(f"predicted {prediction:.4f}, expected about {EXPECTED:.2f}")
    assert abs(prediction - EXPECTED) < TOLERANCE, body

    status, body = request(f"{base}/predict", {"features": [[1, 2]]})
    assert status == 400 and "error" in body, (status, body)
    print("smoke test passed")


def main():
    if sys.argv[1:2] == ["--url"] and len(sys.argv) == 3:
        check(sys.argv[2].rstrip("/"))
        return
    python = cached_python()
    bin_dir = python.parent
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    env["MODEL_PATH"] = str(HERE / "model.keras")
    subprocess.run([python, "train.py"], cwd=HERE, env=env, check=True)

    port = free_port()
    command = dockerfile_cmd()
    bind = command.index("--bind") + 1
    command[bind] = f"127.0.0.1:{port}"
    command[0] = str(bin_dir / command[0])
    print("starting:", " ".join(command))
    server = subprocess.Popen(command, cwd=HERE, env=env, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(f"{base}/health", server)
        check(base)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
