import { describe, expect, it } from 'vitest';
import { binaryPath, parseTimeV, recipes, replaceAndExcludeDirectives, replaceBlockFromGoMod } from '../src/gobuild';

describe('kube-apiserver wrapper module', () => {
  it('replaces every staging module required at v0.0.0 with the matching v0.x release', () => {
    const goMod = `module k8s.io/kubernetes

require (
\tgithub.com/foo/bar v1.2.3
\tk8s.io/api v0.0.0
\tk8s.io/client-go v0.0.0
\tk8s.io/klog/v2 v2.130.1
)

require (
\tk8s.io/cri-streaming v0.0.0
\tk8s.io/api v0.0.0
)
`;
    expect(replaceBlockFromGoMod(goMod, 'v1.36.3')).toBe(
      'replace (\n' +
        '\tk8s.io/api => k8s.io/api v0.36.3\n' +
        '\tk8s.io/client-go => k8s.io/client-go v0.36.3\n' +
        '\tk8s.io/cri-streaming => k8s.io/cri-streaming v0.36.3\n' +
        ')\n',
    );
  });
  it('builds with the flags of the prepared warm build (so the Go build cache is reused)', () => {
    const kube = recipes.find((r) => r.id === 'kube-v1.36.3');
    expect(kube?.ldflags).toBe(
      '-s -w -X k8s.io/component-base/version.gitVersion=v1.36.3 -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=36',
    );
    expect(recipes.find((r) => r.id === 'dex-v2.45.1')?.tools).toEqual([
      'github.com/dexidp/dex/cmd/dex@v0.0.0-20260303133905-11d2eeb52b42',
    ]);
  });
  it('caches binaries by name and version', () => {
    expect(binaryPath('/c', 'kubectl')).toBe('/c/bin/kubectl-v1.36.3/kubectl');
    expect(binaryPath('/c', 'etcd')).toBe('/c/bin/etcd-v3.6.16/etcd');
    expect(binaryPath('/c', 'dex')).toBe('/c/bin/dex-v2.45.1/dex');
    expect(binaryPath('/c', 'kube-scheduler')).toBe('/c/bin/kube-scheduler-v1.36.3/kube-scheduler');
    expect(binaryPath('/c', 'kserve-manager')).toBe('/c/bin/kserve-manager-v0.20.0/kserve-manager');
  });
  it('reads wall time and peak RSS from /usr/bin/time -v output', () => {
    const out =
      '\tElapsed (wall clock) time (h:mm:ss or m:ss): 6:25.83\n\tMaximum resident set size (kbytes): 1835656\n';
    expect(parseTimeV(out)).toEqual({ elapsed: '6:25.83', maxRssMb: 1793 });
    expect(parseTimeV('nothing')).toEqual({});
  });
});

describe('KServe wrapper module', () => {
  it('repeats every replace and exclude directive of the module, single lines and blocks, without comments', () => {
    const goMod = `module github.com/kserve/kserve

go 1.25.8

require (
\tk8s.io/api v0.34.5
)

// a comment about the exclude
exclude google.golang.org/grpc/stats/opentelemetry v0.0.0-00010101000000-000000000000

replace sigs.k8s.io/controller-runtime => sigs.k8s.io/controller-runtime v0.22.5 // pinned

replace (
\tk8s.io/api => k8s.io/api v0.34.5
\t// staging
\tk8s.io/client-go => k8s.io/client-go v0.34.5
)
replace github.com/expr-lang/expr => github.com/expr-lang/expr v1.17.7
`;
    expect(replaceAndExcludeDirectives(goMod)).toBe(
      'exclude google.golang.org/grpc/stats/opentelemetry v0.0.0-00010101000000-000000000000\n' +
        'replace sigs.k8s.io/controller-runtime => sigs.k8s.io/controller-runtime v0.22.5\n' +
        'replace (\n' +
        '\tk8s.io/api => k8s.io/api v0.34.5\n' +
        '\tk8s.io/client-go => k8s.io/client-go v0.34.5\n' +
        ')\n' +
        'replace github.com/expr-lang/expr => github.com/expr-lang/expr v1.17.7\n',
    );
    expect(replaceAndExcludeDirectives('module x\n\nrequire y v1.0.0\n')).toBe('');
  });
  it('is its own wrapper (KServe pins k8s.io v0.34), building the manager and the router at v0.20.0', () => {
    const kserve = recipes.find((r) => r.id === 'kserve-v0.20.0');
    expect(kserve?.tools).toEqual([
      'github.com/kserve/kserve/cmd/manager@v0.20.0',
      'github.com/kserve/kserve/cmd/router@v0.20.0',
    ]);
    const kube = recipes.find((r) => r.id === 'kube-v1.36.3');
    expect(kube?.binaries.map((b) => b.name)).toEqual([
      'kube-apiserver',
      'kubectl',
      'kube-controller-manager',
      'kube-scheduler',
    ]);
  });
});
