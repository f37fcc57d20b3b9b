/**
 * The replies a Redis server sends on a MONITOR connection, read from the
 * socket's bytes as they arrive: no effects, no clock.
 *
 * The client sends its handshake (AUTH, SELECT, MONITOR) in one write, so
 * the first replies answer those commands in order; once MONITOR's own
 * `+OK` is read, every later line is a command the server ran, as a status
 * reply `+1733066000.123456 [0 127.0.0.1:53422] "SETEX" "k" …`. The switch
 * happens at that exact reply, inside one read: a command that arrives in
 * the same socket read as `+OK` is a capture line like any other (the race
 * that made ioredis drop the connection).
 */

/** A reply to one handshake command: `+OK` (ok) or `-ERR …` (refused), without its type byte. */
export interface HandshakeReply {
  readonly ok: boolean;
  readonly text: string;
}

/** What one read of the socket gave. */
export interface MonitorRead {
  /** Replies to the handshake commands completed by this read, in order. */
  readonly replies: readonly HandshakeReply[];
  /**
   * The capture bytes of this read: each command line as `redis-cli MONITOR`
   * prints it (the server's line without `+`, ended by `\n`); null when none.
   */
  readonly capture: Buffer | null;
  /** How many command lines `capture` holds. */
  readonly lines: number;
  /** Why the stream cannot be read further (an error or an unknown reply after MONITOR, an overlong line); null while it can. */
  readonly fault: string | null;
}

/** Longest reply line accepted: Redis's largest argument (proto-max-bulk-len, 512 MB) as MONITOR quotes it. */
export const LINE_BYTES_MAX = 512 * 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const PLUS = 0x2b;
const MINUS = 0x2d;

/** Splits a MONITOR connection's bytes into handshake replies and capture lines. */
export class MonitorReader {
  /** Bytes of a line not yet ended, in arrival order (concatenated only once the line ends). */
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private repliesLeft: number;
  private monitorOk = false;
  private faulted: string | null = null;

  /** `handshakeReplies`: how many commands were sent before the stream (MONITOR last). */
  constructor(
    handshakeReplies: number,
    private readonly lineBytesMax = LINE_BYTES_MAX,
  ) {
    if (!Number.isInteger(handshakeReplies) || handshakeReplies < 1) throw new Error('the handshake ends with MONITOR: at least one reply');
    this.repliesLeft = handshakeReplies;
  }

  /** True once MONITOR's `+OK` has been read: lines from then on are commands. */
  get monitoring(): boolean {
    return this.monitorOk;
  }

  /** Reads one chunk of the socket. After a fault, every later chunk is ignored. */
  read(chunk: Buffer): MonitorRead {
    const replies: HandshakeReply[] = [];
    if (this.faulted !== null) return { replies, capture: null, lines: 0, fault: this.faulted };
    // A capture line loses its '+' and '\r': the output never outgrows the input.
    const out = Buffer.allocUnsafe(this.partialBytes + chunk.length);
    let outBytes = 0;
    let lines = 0;
    let from = 0;
    while (from < chunk.length) {
      const lf = chunk.indexOf(LF, from);
      if (lf < 0) {
        this.partial.push(chunk.subarray(from));
        this.partialBytes += chunk.length - from;
        if (this.partialBytes > this.lineBytesMax) this.faulted = `a reply line longer than ${this.lineBytesMax} bytes`;
        break;
      }
      let line = chunk.subarray(from, lf);
      from = lf + 1;
      if (this.partial.length > 0) {
        this.partial.push(line);
        line = Buffer.concat(this.partial, this.partialBytes + line.length);
        this.partial = [];
        this.partialBytes = 0;
      }
      if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
      if (this.monitorOk && line[0] === PLUS) {
        outBytes += line.copy(out, outBytes, 1);
        out[outBytes++] = LF;
        lines++;
        continue;
      }
      if (this.monitorOk) {
        this.faulted = line[0] === MINUS ? `the server sent an error: ${text(line)}` : `the server sent a reply MONITOR does not send: '${text(line).slice(0, 80)}'`;
        break;
      }
      if (line[0] !== PLUS && line[0] !== MINUS) {
        this.faulted = `the server's reply is not Redis's protocol: '${text(line).slice(0, 80)}'`;
        break;
      }
      const reply = { ok: line[0] === PLUS, text: text(line) };
      replies.push(reply);
      if (--this.repliesLeft === 0) {
        if (!reply.ok) {
          this.faulted = 'MONITOR was refused';
          break;
        }
        this.monitorOk = true;
      }
    }
    return { replies, capture: lines > 0 ? out.subarray(0, outBytes) : null, lines, fault: this.faulted };
  }
}

/** A reply line's text after its type byte. MONITOR lines are ASCII (the server quotes every other byte). */
function text(line: Buffer): string {
  return line.toString('utf8', 1);
}
