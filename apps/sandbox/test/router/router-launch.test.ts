import { describe, expect, it } from 'vitest';
import { containerPorts, imageKind, launchFor } from '../../src/controller/image-map';
import { patchRouterMain, ROUTER_ADDR_ENV } from '../../src/router/router-source';

const kserveMainExcerpt = `	server := &http.Server{
		Addr:         ":" + strconv.Itoa(constants.RouterPort),
		Handler:      nil,
	}
`;

describe("KServe's router in the sandbox", () => {
  it("takes the listen address from SANDBOX_ROUTER_ADDR, KServe's :8080 otherwise, and refuses a main.go it does not know", () => {
    const patched = patchRouterMain(kserveMainExcerpt);
    expect(patched).toContain('Addr:         sandboxListenAddr(),');
    expect(patched).toContain(`os.LookupEnv("${ROUTER_ADDR_ENV}")`);
    expect(patched).toContain('return ":" + strconv.Itoa(constants.RouterPort)');
    expect(() => patchRouterMain('package main\n')).toThrow(/no `Addr/);
  });

  it('runs kserve/router as the router binary on 127.0.0.1 and its host port, with the gateway as HTTP proxy', () => {
    const container = { name: 'model-chainer', image: 'kserve/router:latest', args: ['--graph-json', '{"nodes":{}}'] };
    expect(imageKind(container.image)).toBe('router');
    expect(containerPorts(container, {})).toEqual([8080]);
    const base = {
      container,
      pod: {
        name: 'p',
        namespace: 'ns',
        uid: 'u',
        labels: {},
        annotations: {},
        podIP: '10.0.0.1',
        hostIP: '10.0.0.1',
        nodeName: 'sandbox-node',
        serviceAccountName: 'default',
      },
      env: { PROPAGATE_HEADERS: 'Authorization' },
      hostPort: (p: number) => (p === 8080 ? 41234 : 0),
      hostPath: () => undefined,
      python: { kserve: '/py', mlserver: '/py' },
      scriptsDir: '/scripts',
      workDir: '/work',
    };
    const launch = launchFor({ ...base, router: { binary: '/bin/router', proxyUrl: 'http://127.0.0.1:9999' } });
    expect(launch).toMatchObject({
      command: '/bin/router',
      args: ['--graph-json', '{"nodes":{}}'],
      env: {
        PROPAGATE_HEADERS: 'Authorization',
        [ROUTER_ADDR_ENV]: '127.0.0.1:41234',
        HTTP_PROXY: 'http://127.0.0.1:9999',
      },
    });
    // no router binary built: the image does not run (ErrImagePull), as any unknown image
    expect(launchFor(base)).toBeUndefined();
  });
});
