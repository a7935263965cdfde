import { describe, expect, it } from 'vitest';
import { buildCurl, shellQuote } from '../src/curl';

describe('buildCurl', () => {
  it('sends the payload to the gateway with the Host of status.url', () => {
    const cmd = buildCurl({
      gatewayUrl: 'http://127.0.0.1:8081/',
      statusUrl: 'http://sklearn-iris-kubeflow-user-example-com.example.com',
      method: 'POST',
      protocolPath: '/v1/models/sklearn-iris:predict',
      body: '{"instances": [[1, 2, 3, 4]]}',
    });
    expect(cmd).toBe(
      `curl -sS -H 'Host: sklearn-iris-kubeflow-user-example-com.example.com' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary @- 'http://127.0.0.1:8081/v1/models/sklearn-iris:predict' <<'EOF'\n{"instances": [[1, 2, 3, 4]]}\nEOF`,
    );
  });

  it('keeps the path prefix of path-based routing and sends GETs without a body', () => {
    expect(
      buildCurl({
        gatewayUrl: 'http://gw',
        statusUrl: 'http://example.com/serving/ns/m',
        method: 'GET',
        protocolPath: 'v2/models/m',
      }),
    ).toBe(`curl -sS -H 'Host: example.com' -H "Authorization: Bearer $TOKEN" 'http://gw/serving/ns/m/v2/models/m'`);
  });

  it('quotes single quotes and never lets the body end the heredoc early', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    const cmd = buildCurl({
      gatewayUrl: 'http://gw',
      statusUrl: 'http://h',
      method: 'POST',
      protocolPath: '/x',
      body: 'EOF\n$HOME',
    });
    expect(cmd.endsWith("<<'EOF_'\nEOF\n$HOME\nEOF_")).toBe(true);
  });
});
