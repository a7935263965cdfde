"""The sandbox's S3 API: moto's server (the same WSGI app as `moto_server`), preloaded with buckets.

    <storage venv>/bin/python s3_server.py --port PORT --data DIR

Every folder directly under DIR becomes a bucket, every file below it an object (key = its path below
the bucket folder), the layout fake-gcs-server's -data takes too. The objects are put through moto's own
S3 REST handlers in-process before the port is bound, so once the port answers the buckets are complete.
moto keeps everything in memory: a restart starts again from DIR. Binds 127.0.0.1 only; exits on SIGTERM.
"""

import argparse
import os
import signal
import sys

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import run_simple
from werkzeug.test import Client


def preload(app, data: str, host: str) -> int:
    client = Client(app)
    headers = {"Host": host}
    count = 0
    for bucket in sorted(os.listdir(data)):
        root = os.path.join(data, bucket)
        if not os.path.isdir(root):
            continue
        r = client.put(f"/{bucket}", headers=headers)
        if r.status_code != 200:
            raise SystemExit(f"creating bucket {bucket} failed: {r.status_code} {r.get_data(as_text=True)}")
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                key = os.path.relpath(path, root).replace(os.sep, "/")
                with open(path, "rb") as f:
                    r = client.put(f"/{bucket}/{key}", data=f.read(), headers=headers)
                if r.status_code != 200:
                    raise SystemExit(f"putting s3://{bucket}/{key} failed: {r.status_code} {r.get_data(as_text=True)}")
                print(f"loaded s3://{bucket}/{key}", flush=True)
                count += 1
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data", required=True)
    args = parser.parse_args()

    os.environ.setdefault("MOTO_PORT", str(args.port))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    app = DomainDispatcherApplication(create_backend_app)
    count = preload(app, args.data, f"127.0.0.1:{args.port}")
    print(f"moto S3 on http://127.0.0.1:{args.port}: {count} objects from {args.data}", flush=True)
    run_simple("127.0.0.1", args.port, app, threaded=True, request_handler=MotoRequestHandler)
    return 0


if __name__ == "__main__":
    sys.exit(main())
