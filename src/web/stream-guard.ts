// Time limits for a relayed media body: the stream ends when no byte has moved towards the visitor
// for idleMs (a paused or very slow reader: backpressure stops the flow, and undici's bodyTimeout
// never fires for a body nobody reads) or after maxMs in all. Ending it destroys the upstream body,
// so its connection and the visitor's stream slot come back.
import { Transform, type Readable } from 'node:stream';
import { UpstreamError } from '../domain/errors.js';

export interface StreamGuardOptions {
  idleMs: number;
  maxMs: number;
  /** Called exactly once when the relay ends for any reason (done, error, visitor gone, timeout). */
  onEnd: () => void;
}

export function guardStream(body: Readable, opts: StreamGuardOptions): Readable {
  let idle: ReturnType<typeof setTimeout> | undefined;
  const relay = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      armIdle();
      cb(null, chunk);
    },
  });
  // The code makes @hono/node-server treat it like a visitor hang-up: the visitor's socket is
  // destroyed, one short line is logged instead of a stack, and nothing is appended to the body.
  const stop = (why: string) => relay.destroy(Object.assign(new UpstreamError('timeout', why), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
  const armIdle = () => {
    if (idle) clearTimeout(idle);
    idle = setTimeout(() => stop('media stream idle too long'), opts.idleMs);
    idle.unref?.();
  };
  const overall = setTimeout(() => stop('media stream over its time limit'), opts.maxMs);
  overall.unref?.();
  armIdle();

  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    if (idle) clearTimeout(idle);
    clearTimeout(overall);
    if (!body.destroyed) {
      body.on('error', () => {});
      body.destroy();
    }
    opts.onEnd();
  };
  body.on('error', (err) => relay.destroy(err));
  relay.on('error', () => {}); // the consumer sees it; an absent consumer must not crash us
  relay.on('close', end);
  body.on('close', () => {
    // Upstream ended early without an error: let what was buffered flow, the relay closes after.
    if (!body.readableEnded && !relay.destroyed) relay.destroy(new UpstreamError('unavailable', 'upstream closed the stream'));
  });
  body.pipe(relay);
  return relay;
}

/**
 * A web stream over a Node stream, with backpressure (the Node side is paused while the visitor's
 * side is full) and errors passed through as they are: Readable.toWeb() wraps them in an
 * AbortError, which @hono/node-server would log with a stack for every idle viewer ended.
 */
export function toWebStream(node: Readable): ReadableStream<Uint8Array> {
  let done = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        node.pause();
        node.on('data', (chunk: Buffer) => {
          if (done) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) node.pause();
        });
        node.on('end', () => {
          if (!done) controller.close();
          done = true;
        });
        node.on('error', (err) => {
          if (!done) controller.error(err);
          done = true;
        });
        node.on('close', () => {
          if (!done) controller.error(Object.assign(new Error('stream closed early'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
          done = true;
        });
      },
      pull() {
        node.resume();
      },
      cancel() {
        done = true;
        node.destroy();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}
