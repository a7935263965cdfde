"""Train the sandbox's model mirror: local stand-ins for the storage URIs in KServe's samples.

Run with the Python of the venv that will serve the models (pickles are bound to the
scikit-learn version that wrote them):

    <venv>/bin/python train_models.py --flavor kserve   --out DIR
    <venv>/bin/python train_models.py --flavor mlserver --out DIR

Writes one folder per storage URI under DIR (the path mirrors the URI: gs://bucket/a/b ->
DIR/gs/bucket/a/b) and DIR/manifest.json listing them. Everything is trained from the iris data set
that ships inside scikit-learn: no downloads. Training is deterministic (fixed seeds).
"""

import argparse
import json
import os
import sys

import joblib
import numpy as np
from sklearn import datasets, svm

# The two rows used by KServe's sklearn samples (v1 iris-input.json and v2 iris-input.json).
SAMPLE_ROWS = [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]
SAMPLE_CLASSES = [1, 1]


def uri_dir(out: str, uri: str) -> str:
    scheme, rest = uri.split("://", 1)
    return os.path.join(out, scheme, *rest.strip("/").split("/"))


def iris():
    data = datasets.load_iris()
    return data, data.data, data.target


def train_svc(folder: str) -> dict:
    """The seed's model: svm.SVC(gamma='scale') on iris, dumped with joblib as model.joblib."""
    _, x, y = iris()
    clf = svm.SVC(gamma="scale")
    clf.fit(x, y)
    got = clf.predict(np.array(SAMPLE_ROWS)).tolist()
    if got != SAMPLE_CLASSES:
        raise SystemExit(f"sklearn SVC predicts {got} on the sample rows, expected {SAMPLE_CLASSES}")
    joblib.dump(clf, os.path.join(folder, "model.joblib"))
    return {"format": "sklearn", "files": ["model.joblib"]}


def train_xgboost(folder: str) -> dict:
    """Like KServe's xgbserver example: a multi:softmax Booster saved as model.bst."""
    import xgboost as xgb

    _, x, y = iris()
    dtrain = xgb.DMatrix(x, label=y)
    params = {"max_depth": 6, "eta": 0.1, "nthread": 1, "num_class": 3, "objective": "multi:softmax", "seed": 0}
    booster = xgb.train(params=params, dtrain=dtrain, num_boost_round=20)
    got = booster.predict(xgb.DMatrix(np.array(SAMPLE_ROWS))).astype(int).tolist()
    if got != SAMPLE_CLASSES:
        raise SystemExit(f"xgboost predicts {got} on the sample rows, expected {SAMPLE_CLASSES}")
    # xgboost picks the format from the extension; .bst is not one it knows, so write UBJSON
    # (its default binary format) explicitly under the file name xgbserver looks for.
    raw = booster.save_raw(raw_format="ubj")
    with open(os.path.join(folder, "model.bst"), "wb") as f:
        f.write(raw)
    return {"format": "xgboost", "files": ["model.bst"]}


def train_lightgbm(folder: str) -> dict:
    """Like KServe's lightgbm example: a multiclass Booster over the named iris features, model.bst."""
    import lightgbm as lgb
    import pandas as pd

    data, x, y = iris()
    frame = pd.DataFrame(x, columns=data.feature_names)
    params = {"objective": "multiclass", "num_class": 3, "verbose": -1, "seed": 0, "num_threads": 1}
    booster = lgb.train(params=params, train_set=lgb.Dataset(frame, label=y), num_boost_round=20)
    got = np.argmax(booster.predict(np.array(SAMPLE_ROWS)), axis=1).tolist()
    if got != SAMPLE_CLASSES:
        raise SystemExit(f"lightgbm predicts {got} on the sample rows, expected {SAMPLE_CLASSES}")
    booster.save_model(os.path.join(folder, "model.bst"))
    return {"format": "lightgbm", "files": ["model.bst"]}


# storage URI -> trainer, per venv flavor. The URIs come from /work/shared/kserve/samples/*.yaml
# and the seed (gs://seldon-models/sklearn/iris).
MODELS = {
    "kserve": {
        "gs://seldon-models/sklearn/iris": train_svc,
        "gs://kfserving-examples/models/sklearn/1.0/model": train_svc,
        "gs://kfserving-examples/models/xgboost/iris": train_xgboost,
        "gs://kfserving-examples/models/lightgbm/iris": train_lightgbm,
    },
    "mlserver": {
        "gs://seldon-models/sklearn/iris": train_svc,
        "gs://kfserving-examples/models/sklearn/1.0/model": train_svc,
        "gs://kfserving-examples/models/xgboost/iris": train_xgboost,
        "gs://kfserving-examples/models/lightgbm/iris": train_lightgbm,
    },
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flavor", choices=sorted(MODELS), required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    import sklearn

    entries = []
    for uri, train in MODELS[args.flavor].items():
        folder = uri_dir(args.out, uri)
        os.makedirs(folder, exist_ok=True)
        info = train(folder)
        entries.append({"uri": uri, "path": os.path.relpath(folder, args.out), **info})
        print(f"trained {info['format']:8} {uri} -> {folder}", flush=True)
    manifest = {"flavor": args.flavor, "sklearnVersion": sklearn.__version__, "models": entries}
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
