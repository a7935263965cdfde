"""The storage-initializer container's program, run by the sandbox's kubelet in the storage venv.

Does what KServe v0.20.0's image entrypoint (python/storage-initializer/scripts/initializer-entrypoint)
does with its args `SRC_URI_0 DEST_0 [SRC_URI_1 DEST_1 ...]`: KServe's own logging set-up, every
destination folder created, then `kserve_storage.Storage.download_files`, and exit status 1 with
KServe's error message logged when a download fails. The download code is KServe's (kserve-storage
from PyPI); only the destination paths differ: the kubelet passes host folders instead of /mnt/models.
Confidential model decryption (CONFIDENTIAL_ENABLED=true, a TEE's Confidential Data Hub) is refused.
"""

import os
import sys

from kserve_storage import Storage
from kserve_storage.logging import configure_logging, logger


def main(argv: list) -> int:
    configure_logging()
    pairs = argv[1:]
    if len(pairs) < 2 or len(pairs) % 2 != 0:
        print("Usage: initializer-entrypoint src_uri_0 dest_path_0 ... src_uri_n dest_path_n")
        return 1
    sources, destinations = pairs[0::2], pairs[1::2]
    logger.info("Initializing, args: (src_uri, dest_path): %s", list(zip(sources, destinations)))
    for dest in destinations:
        if dest:
            os.makedirs(dest, exist_ok=True)
    try:
        Storage.download_files(sources, destinations)
    except RuntimeError as e:
        logger.error("Storage initialization failed: %s", e)
        return 1
    except Exception as e:  # noqa: BLE001 - the image reports any failure the same way
        logger.error("Unexpected error during storage initialization: %s", e)
        return 1
    if os.environ.get("CONFIDENTIAL_ENABLED", "").lower() == "true":
        logger.error("Confidential mode needs a TEE's Confidential Data Hub, which the ServeDeck sandbox does not run")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
