import { describe, expect, it } from 'vitest';
import { podAddress } from '../../src/controller/pod-ip';

describe('podAddress', () => {
  it("is the machine's first non-loopback, non-link-local IPv4 address (EndpointSlices refuse 127.0.0.0/8)", () => {
    expect(
      podAddress({
        lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
        eth0: [
          { address: 'fe80::1', family: 'IPv6', internal: false },
          { address: '169.254.1.1', family: 'IPv4', internal: false },
          { address: '192.0.2.2', family: 'IPv4', internal: false },
        ],
      }),
    ).toBe('192.0.2.2');
    expect(podAddress({ lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }] })).toBe('10.244.0.1');
  });
});
