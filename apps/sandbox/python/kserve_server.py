"""KServe's Python ModelServer for sklearn / xgboost / lightgbm models, as the sandbox runs it.

KServe's own sklearnserver / xgbserver / lgbserver packages are not on PyPI; this is the same idea:
a small kserve.Model per framework whose load() reads the artifact from a local folder and whose
predict() converts the payload with kserve's get_predict_input / get_predict_response, so one HTTP
port answers both V1 (/v1/models/NAME:predict) and V2 (/v2/models/NAME/infer).

    python kserve_server.py --model_name NAME --model_dir DIR --framework sklearn|xgboost|lightgbm \
        --http_port PORT [--host 127.0.0.1] [--nthread 1]

kserve 0.21 binds its REST server to 0.0.0.0 with no option to change it; --host (default
127.0.0.1) is applied by patching the REST server's uvicorn config. gRPC is off unless
--enable_grpc true is passed (and then it binds [::]:grpc_port, as kserve does).
"""

import argparse
import os
import sys

# Defaults the sandbox wants, applied before kserve parses sys.argv at import time.
if not any(a.startswith("--enable_grpc") for a in sys.argv[1:]):
    sys.argv += ["--enable_grpc", "false"]
if not any(a.startswith("--enable_latency_logging") for a in sys.argv[1:]):
    sys.argv += ["--enable_latency_logging", "false"]

import kserve  # noqa: E402
import kserve.model_server  # noqa: E402
from kserve.errors import InferenceError, ModelMissingError  # noqa: E402
from kserve.utils.utils import get_predict_input, get_predict_response  # noqa: E402

EXTENSIONS = {
    "sklearn": (".joblib", ".pkl", ".pickle"),
    "xgboost": (".bst", ".json", ".ubj"),
    "lightgbm": (".bst",),
}


def find_model_file(model_dir: str, framework: str) -> str:
    """Exactly one artifact with the framework's extension, like KServe's servers require."""
    files = sorted(
        os.path.join(model_dir, f)
        for f in os.listdir(model_dir)
        if os.path.isfile(os.path.join(model_dir, f)) and f.endswith(EXTENSIONS[framework])
    )
    if not files:
        raise ModelMissingError(model_dir)
    if len(files) > 1:
        raise RuntimeError(f"More than one model file is detected, Only one is allowed within model_dir: {files}")
    return files[0]


class FrameworkModel(kserve.Model):
    framework = ""

    def __init__(self, name: str, model_dir: str, nthread: int):
        super().__init__(name)
        self.model_dir = model_dir
        self.nthread = nthread
        self.n_features = -1
        self.ready = False

    def load(self) -> bool:
        self._load(find_model_file(self.model_dir, self.framework))
        self.ready = True
        return self.ready

    def _load(self, path: str) -> None:
        raise NotImplementedError

    def _predict(self, instances):
        raise NotImplementedError

    def predict(self, payload, headers=None):
        try:
            instances = get_predict_input(payload, columns=self._columns())
            return get_predict_response(payload, self._predict(instances), self.name)
        except Exception as e:
            raise InferenceError(str(e))

    def _columns(self):
        return None

    def get_input_types(self):
        return [{"name": "input-0", "datatype": "FP32", "shape": [-1, self.n_features]}]


class SKLearnModel(FrameworkModel):
    framework = "sklearn"

    def _load(self, path):
        import joblib

        self._model = joblib.load(path)
        self.n_features = int(getattr(self._model, "n_features_in_", -1))

    def _predict(self, instances):
        if os.environ.get("PREDICT_PROBA", "false").lower() == "true" and hasattr(self._model, "predict_proba"):
            return self._model.predict_proba(instances)
        return self._model.predict(instances)

    def get_output_types(self):
        return [{"name": "output-0", "datatype": "INT64", "shape": [-1]}]


class XGBoostModel(FrameworkModel):
    framework = "xgboost"

    def _load(self, path):
        import xgboost as xgb

        self._booster = xgb.Booster(params={"nthread": self.nthread}, model_file=path)
        self.n_features = int(self._booster.num_features())

    def _predict(self, instances):
        import xgboost as xgb

        return self._booster.predict(xgb.DMatrix(instances, nthread=self.nthread))

    def get_output_types(self):
        return [{"name": "output-0", "datatype": "FP32", "shape": [-1]}]


class LightGBMModel(FrameworkModel):
    framework = "lightgbm"

    def _load(self, path):
        import lightgbm as lgb

        self._booster = lgb.Booster(params={"num_threads": self.nthread}, model_file=path)
        self.n_features = int(self._booster.num_feature())

    def _columns(self):
        return self._booster.feature_name()

    def _predict(self, instances):
        return self._booster.predict(instances)

    def get_output_types(self):
        return [{"name": "output-0", "datatype": "FP64", "shape": [-1, -1]}]


MODELS = {"sklearn": SKLearnModel, "xgboost": XGBoostModel, "lightgbm": LightGBMModel}


def bind_rest_server_to(host: str) -> None:
    """kserve 0.21 hard-codes host="0.0.0.0" in RESTServer; rebind to `host` before it starts."""
    base = kserve.model_server.RESTServer

    class LocalRESTServer(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.config.host = host

    kserve.model_server.RESTServer = LocalRESTServer


def main() -> int:
    parser = argparse.ArgumentParser(parents=[kserve.model_server.parser], description=__doc__.splitlines()[0])
    parser.add_argument("--model_dir", required=True, help="A local folder holding the model artifact")
    parser.add_argument("--framework", choices=sorted(MODELS), required=True)
    parser.add_argument("--nthread", type=int, default=1)
    parser.add_argument("--host", default="127.0.0.1", help="Address the REST server binds (kserve: 0.0.0.0)")
    args, _ = parser.parse_known_args()

    bind_rest_server_to(args.host)
    model = MODELS[args.framework](args.model_name, args.model_dir, args.nthread)
    model.load()
    kserve.ModelServer().start([model])
    return 0


if __name__ == "__main__":
    sys.exit(main())
