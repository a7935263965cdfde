/**
 * Versions of the storage parts. The Python side (kserve-storage 0.20.0, moto 5.2.6) is pinned in
 * python/requirements-storage.txt; the GCS emulator is a Go module built like the other binaries.
 */
export const storageVersions = {
  /** github.com/fsouza/fake-gcs-server: a program at the module root (BSD-2-Clause). */
  fakeGcsServer: 'v1.56.1',
} as const;

export const fakeGcsServerModule = 'github.com/fsouza/fake-gcs-server';
