/** The seed's InferenceService as its Korean study note wrote it: Korean comments and the `ProtocolVersion` typo. */
export function seedKoYaml(name: string): string {
  return `# Version에 따라서 YAML 구조가 조금씩 다르게 나타나기 때문에 Version은 반드시 확인하고 넘어간다.
apiVersion: "serving.kserve.io/v1beta1"
kind: "InferenceService"
metadata:
  name: "${name}"
  # Namespace는 필요에 맞춰서 선언해주면 된다.
  # namespace: "kubeflow-user-example-com"
spec:
  predictor:
    # Predictor Framework
    sklearn:
      # Serving Protocol Version
      ProtocolVersion: "v2"
      # Model Storage Path
      storageUri: "gs://seldon-models/sklearn/iris"
`;
}
