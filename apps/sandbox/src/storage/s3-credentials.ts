import type { KubeObject } from '../kube';

/** Name of the Secret and the ServiceAccount every user namespace gets for s3:// models. */
export const s3CredentialsName = 'servedeck-s3';

/**
 * moto accepts any signature, so these keys are not secret: they are there because KServe's credential
 * builder injects AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the Secret, as on a real cluster.
 */
export const s3AccessKey = { id: 'servedeck-sandbox', secret: 'servedeck-sandbox-secret' } as const;

/** `127.0.0.1:PORT` of an `http://127.0.0.1:PORT` endpoint (the s3-endpoint annotation has no scheme). */
export function s3EndpointHost(endpoint: string): string {
  return new URL(endpoint).host;
}

/**
 * KServe's standard S3 credentials shape (kserve.github.io "Deploy InferenceService with a saved model on
 * S3"): a Secret with the keys under the names the inferenceservice-config `credentials.s3` section names
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) and the `serving.kserve.io/s3-*` annotations, listed in a
 * ServiceAccount's `secrets`. An InferenceService with `serviceAccountName: servedeck-s3` gets, through
 * KServe's pod mutator, S3_ENDPOINT, AWS_ENDPOINT_URL=http://127.0.0.1:PORT, S3_USE_HTTPS=0 and the
 * keys in its storage-initializer container.
 */
export function s3CredentialObjects(namespace: string, s3Endpoint: string): KubeObject[] {
  const labels = { 'app.kubernetes.io/managed-by': 'servedeck-sandbox' };
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  return [
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: s3CredentialsName,
        namespace,
        labels,
        annotations: {
          'serving.kserve.io/s3-endpoint': s3EndpointHost(s3Endpoint),
          'serving.kserve.io/s3-usehttps': '0',
          'serving.kserve.io/s3-region': 'us-east-1',
        },
      },
      type: 'Opaque',
      data: { AWS_ACCESS_KEY_ID: b64(s3AccessKey.id), AWS_SECRET_ACCESS_KEY: b64(s3AccessKey.secret) },
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: s3CredentialsName, namespace, labels },
      secrets: [{ name: s3CredentialsName }],
    },
  ];
}
