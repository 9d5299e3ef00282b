/**
 * The handler host's side of the IPC channel. Chunks are sent under a byte window the emulator replenishes with `ack`
 * messages once it has written them to the HTTP client, so a slow client slows the handler's `write` callbacks
 * instead of filling the emulator's memory.
 */
import type { HostMessage, ParentMessage } from '../hostProtocol';
import { MAX_CHUNK_BYTES } from '../hostProtocol';

/** The IPC channel to the emulator, taken out of user code's reach. */
export interface IpcChannel {
  send(message: HostMessage, callback: (error: Error | null) => void): void;
  ref(): void;
  unref(): void;
}

/**
 * Takes the IPC channel's API away from `process` before user code loads: `process.send` and `process.disconnect`
 * are gone (real Lambda has neither, so code that checks `if (process.send)` behaves as there). Only this module
 * keeps a way to send. `process.channel`, the raw handle, has to stay: Node's own message delivery reads it. Code
 * that writes to that handle directly gets nowhere either, because the emulator checks every message it receives
 * (parseHostMessage) and fails the invocation on a malformed one.
 */
export function takeIpcChannel(): IpcChannel | undefined {
  const send = process.send?.bind(process);
  const channel = process.channel;
  delete process.send;
  delete (process as { disconnect?: unknown }).disconnect;
  if (!send) return undefined;
  return {
    send: (message, callback) => send(message, undefined, undefined, callback),
    ref: () => channel?.ref(),
    unref: () => channel?.unref(),
  };
}

/** Sends host messages to the emulator, in order, honouring the chunk window. */
export class ParentChannel {
  private inFlight = 0;
  private wake: (() => void) | undefined;
  private holdOnlyForAcks = false;

  constructor(
    private readonly windowBytes: number,
    private readonly ipc: IpcChannel | undefined,
  ) {
    process.on('message', (message: ParentMessage) => {
      if (message.type !== 'ack') return;
      this.inFlight -= message.bytes;
      this.updateHold();
      const wake = this.wake;
      this.wake = undefined;
      wake?.();
    });
  }

  /**
   * From now on the channel keeps this process alive only while sent chunks await their acknowledgement, so that
   * the process goes idle ('beforeExit') once the handler has nothing left to do. Normally the open channel alone
   * keeps it alive for as long as the emulator is there.
   */
  holdOnlyWhileAcksPending(): void {
    this.holdOnlyForAcks = true;
    this.updateHold();
  }

  /** Sends one message; resolves once it is handed to the channel. */
  send(message: HostMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.ipc) return reject(new Error('the handler host was started without an IPC channel'));
      this.ipc.send(message, (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Sends output bytes in pieces of at most MAX_CHUNK_BYTES, waiting while the window is full. */
  async sendChunk(data: Uint8Array): Promise<void> {
    for (let offset = 0; offset < data.byteLength; offset += MAX_CHUNK_BYTES) {
      while (this.inFlight >= this.windowBytes) await new Promise<void>((resolve) => (this.wake = resolve));
      const piece = data.subarray(offset, Math.min(offset + MAX_CHUNK_BYTES, data.byteLength));
      this.inFlight += piece.byteLength;
      this.updateHold();
      await this.send({ type: 'chunk', data: piece });
    }
  }

  private updateHold(): void {
    if (!this.holdOnlyForAcks) return;
    if (this.inFlight > 0) this.ipc?.ref();
    else this.ipc?.unref();
  }
}
