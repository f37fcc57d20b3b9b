import { constants, createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';

/**
 * The longest line read, in bytes. A real MONITOR or jsonl line is a few
 * hundred bytes; a file without newlines (binary, or the wrong file) must
 * not be gathered into one string.
 */
export const LINE_BYTES_MAX = 16 * 1024 * 1024;

/** Receives the lines of a file one at a time; returning false stops the read. */
export interface LineSink {
  /** One line without its `\n` (or `\r\n`); `invalidUtf8` when its bytes are not UTF-8 (decoded with U+FFFD). */
  line(text: string, lineNo: number, invalidUtf8: boolean): boolean;
  /** A line longer than LINE_BYTES_MAX: its bytes are dropped. */
  tooLong(lineNo: number): boolean;
}

/** How the read ended. */
export interface LinesRead {
  readonly lines: number;
  /** The file's last byte is a newline (an empty file counts as ended). */
  readonly endsWithNewline: boolean;
  /** The sink asked to stop before the end. */
  readonly stopped: boolean;
}

/**
 * Streams a file line by line, holding one line at a time. Written over
 * the byte stream rather than node:readline because the check needs three
 * things readline hides: a bound on a line's length, whether a line's bytes
 * were valid UTF-8, and whether the file ended with a newline (a capture cut
 * off mid-line).
 */
export async function readLines(path: string, sink: LineSink, chunkBytes = 1 << 20): Promise<LinesRead> {
  // Opened without blocking and checked on the descriptor: a FIFO would block
  // until a writer came and a device such as /dev/zero would never end.
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  if (!(await handle.stat()).isFile()) {
    await handle.close();
    throw new Error('not a regular file (a FIFO, device or socket)');
  }
  const stream = createReadStream('', { fd: handle, highWaterMark: chunkBytes });
  const pending: Buffer[] = [];
  let pendingBytes = 0;
  let dropping = false;
  let lineNo = 0;
  let lastByte = 10;
  const emit = (bytes: Buffer): boolean => {
    lineNo++;
    if (dropping) {
      dropping = false;
      return sink.tooLong(lineNo);
    }
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
    const body = end === bytes.length ? bytes : bytes.subarray(0, end);
    const valid = isUtf8(body);
    return sink.line(body.toString('utf8'), lineNo, !valid);
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (chunk.length === 0) continue;
      lastByte = chunk[chunk.length - 1]!;
      let from = 0;
      for (;;) {
        const nl = chunk.indexOf(10, from);
        if (nl < 0) break;
        let bytes = chunk.subarray(from, nl);
        if (pendingBytes > 0) {
          bytes = Buffer.concat([...pending, bytes]);
          pending.length = 0;
          pendingBytes = 0;
        }
        if (!dropping && bytes.length > LINE_BYTES_MAX) dropping = true;
        if (!emit(bytes)) return { lines: lineNo, endsWithNewline: false, stopped: true };
        from = nl + 1;
      }
      if (from < chunk.length && !dropping) {
        const rest = chunk.subarray(from);
        if (pendingBytes + rest.length > LINE_BYTES_MAX) {
          dropping = true;
          pending.length = 0;
          pendingBytes = 0;
        } else {
          // Copy: the stream may reuse its buffers.
          pending.push(Buffer.from(rest));
          pendingBytes += rest.length;
        }
      }
    }
    if (pendingBytes > 0 || dropping) {
      const stopped = !emit(Buffer.concat(pending));
      return { lines: lineNo, endsWithNewline: false, stopped };
    }
    return { lines: lineNo, endsWithNewline: lastByte === 10, stopped: false };
  } finally {
    stream.destroy();
  }
}
