/** A stand-in for the browser's EventSource that the test drives. */
export class FakeEventSource {
  static instances: FakeEventSource[] = [];
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readyState = 0;
  onopen: (() => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  private listeners = new Map<string, ((e: MessageEvent) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, fn: (e: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  open() {
    this.readyState = FakeEventSource.OPEN;
    this.onopen?.();
  }
  /** One server-sent event; as in a browser, an `event: error` message also reaches `onerror`. */
  emit(type: string, data: unknown) {
    const event = new MessageEvent(type, { data: JSON.stringify(data) });
    if (type === 'error') this.onerror?.(event);
    for (const fn of this.listeners.get(type) ?? []) fn(event);
  }
  /** The server ended the response (or the network dropped it): the browser reconnects by itself. */
  drop() {
    if (this.readyState === FakeEventSource.CLOSED) return;
    this.readyState = FakeEventSource.CONNECTING;
    const event = new Event('error');
    this.onerror?.(event);
    for (const fn of this.listeners.get('error') ?? []) fn(event as MessageEvent);
  }
}
