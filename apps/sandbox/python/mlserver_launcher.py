"""Start Seldon MLServer for one model, as KServe's kserve-mlserver runtime does in a pod.

    python mlserver_launcher.py --model_name NAME --model_dir DIR --http_port PORT --work_dir WORK \
        [--implementation auto|mlserver_sklearn.SKLearnModel|...] [--host 127.0.0.1]

Writes WORK/settings.json (host, http_port, a free gRPC port on the same host -- MLServer cannot
turn gRPC off --, its metrics server on a free port and the same metrics at /metrics on http_port, parallel_workers 0) and WORK/NAME/model-settings.json
(implementation, parameters.uri = DIR; MLServer's runtimes find their well-known file in that folder),
then replaces itself with `mlserver start WORK`. With `--implementation auto` (the default) the runtime
follows the artifact, as KServe's `{{.Labels.modelClass}}` does from the model format:
model.joblib / .pkl / .pickle -> sklearn, a LightGBM text model.bst -> lightgbm, other model.bst /
model.json / model.ubj -> xgboost.
"""

import argparse
import json
import os
import shutil
import socket
import sys


def free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def detect_implementation(model_dir: str) -> str:
    files = set(os.listdir(model_dir))
    if files & {"model.joblib", "model.pkl", "model.pickle"}:
        return "mlserver_sklearn.SKLearnModel"
    if "model.bst" in files:
        with open(os.path.join(model_dir, "model.bst"), "rb") as f:
            head = f.read(16)
        if head.startswith(b"tree"):
            return "mlserver_lightgbm.LightGBMModel"
        return "mlserver_xgboost.XGBoostModel"
    if files & {"model.json", "model.ubj"}:
        return "mlserver_xgboost.XGBoostModel"
    return "mlserver_sklearn.SKLearnModel"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model_name", required=True)
    parser.add_argument("--model_dir", required=True)
    parser.add_argument("--http_port", type=int, required=True)
    parser.add_argument("--work_dir", required=True)
    parser.add_argument("--grpc_port", type=int, default=0, help="0: any free port")
    parser.add_argument("--implementation", default="auto")
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()

    work = os.path.abspath(args.work_dir)
    model_dir = os.path.abspath(args.model_dir)
    if not os.path.isdir(model_dir):
        print(f"model folder {model_dir} does not exist", file=sys.stderr)
        return 1
    # A fresh repository each start: MLServer loads every model-settings.json below WORK.
    if os.path.isdir(work):
        shutil.rmtree(work)
    os.makedirs(os.path.join(work, args.model_name))
    settings = {
        "debug": False,
        "host": args.host,
        "http_port": args.http_port,
        "grpc_port": args.grpc_port or free_port(args.host),
        # MLServer's own metrics server on a port of its own (as in a pod, 8082 there), and the same
        # registry at /metrics on the HTTP port too (patched in below): KServe's kserve-mlserver runtime
        # annotates prometheus.kserve.io/port 8080, path /metrics, which Prometheus scrapes.
        "metrics_endpoint": "/metrics",
        "metrics_port": free_port(args.host),
        "parallel_workers": 0,
        "load_models_at_startup": True,
        "model_repository_root": work,
    }
    implementation = detect_implementation(model_dir) if args.implementation == "auto" else args.implementation
    model_settings = {
        "name": args.model_name,
        "implementation": implementation,
        "parameters": {"uri": model_dir},
    }
    with open(os.path.join(work, "settings.json"), "w") as f:
        json.dump(settings, f, indent=2)
    with open(os.path.join(work, args.model_name, "model-settings.json"), "w") as f:
        json.dump(model_settings, f, indent=2)
    print(f"mlserver settings: {json.dumps(settings)}", flush=True)
    print(f"mlserver model-settings: {json.dumps(model_settings)}", flush=True)

    # `mlserver` is a console script whose shebang names the venv's python; call the module
    # through this interpreter instead so the venv works wherever it lives.
    os.chdir(work)
    code = (
        "import sys\n"
        "import mlserver.rest.server as rest_server\n"
        "from mlserver.metrics.prometheus import PrometheusEndpoint\n"
        "_create_app = rest_server.create_app\n"
        "def create_app(settings, *args, **kwargs):\n"
        "    app = _create_app(settings, *args, **kwargs)\n"
        "    if settings.metrics_endpoint:\n"
        "        endpoint = PrometheusEndpoint(settings)\n"
        "        app.add_api_route(settings.metrics_endpoint, endpoint.handle_metrics, methods=['GET'])\n"
        "    return app\n"
        "rest_server.create_app = create_app\n"
        "from mlserver.cli import main\n"
        "sys.argv = ['mlserver', 'start', sys.argv[1]]\n"
        "main()\n"
    )
    os.execv(sys.executable, [sys.executable, "-c", code, work])
    return 0


if __name__ == "__main__":
    sys.exit(main())
