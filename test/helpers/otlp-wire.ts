/**
 * A minimal protobuf wire decoder for the OTLP messages tests read (traces, logs, metric names),
 * shared by the http/protobuf and gRPC paths of the test receiver; output matches OTLP/JSON
 * (hex ids, `{ stringValue | intValue | boolValue | doubleValue }` values).
 */

type Fields = Map<number, Array<bigint | Buffer>>;

function fields(buf: Buffer): Fields {
  const out: Fields = new Map();
  let i = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = buf[i++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (i < buf.length) {
    const tag = Number(varint());
    const field = tag >>> 3;
    let value: bigint | Buffer;
    switch (tag & 7) {
      case 0: value = varint(); break;
      case 1: value = buf.readBigUInt64LE(i); i += 8; break;
      case 2: { const len = Number(varint()); value = buf.subarray(i, i + len); i += len; break; }
      case 5: value = BigInt(buf.readUInt32LE(i)); i += 4; break;
      default: throw new Error(`unsupported wire type ${tag & 7}`);
    }
    const list = out.get(field) ?? [];
    list.push(value);
    out.set(field, list);
  }
  return out;
}

const bytes = (f: Fields, n: number): Buffer[] => (f.get(n) ?? []).filter((v): v is Buffer => Buffer.isBuffer(v));
const str = (f: Fields, n: number): string => bytes(f, n)[0]?.toString('utf8') ?? '';
const hex = (f: Fields, n: number): string => bytes(f, n)[0]?.toString('hex') ?? '';
const num = (f: Fields, n: number): number => Number((f.get(n) ?? []).find((v) => typeof v === 'bigint') ?? 0n);

function anyValue(buf: Buffer | undefined): Record<string, unknown> {
  if (!buf) return {};
  const f = fields(buf);
  if (f.has(1)) return { stringValue: str(f, 1) };
  if (f.has(2)) return { boolValue: num(f, 2) !== 0 };
  if (f.has(3)) return { intValue: num(f, 3) };
  if (f.has(4)) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(f.get(4)![0] as bigint);
    return { doubleValue: b.readDoubleLE(0) };
  }
  return {};
}

function attributes(list: Buffer[]): Array<{ key: string; value: Record<string, unknown> }> {
  return list.map((kv) => {
    const f = fields(kv);
    return { key: str(f, 1), value: anyValue(bytes(f, 2)[0]) };
  });
}

const resource = (buf: Buffer | undefined) => ({ attributes: buf ? attributes(bytes(fields(buf), 1)) : [] });
const scope = (buf: Buffer | undefined) => ({ name: buf ? str(fields(buf), 1) : '' });

export function decodeTraces(body: Buffer): unknown {
  return {
    resourceSpans: bytes(fields(body), 1).map((rs) => {
      const r = fields(rs);
      return {
        resource: resource(bytes(r, 1)[0]),
        scopeSpans: bytes(r, 2).map((ss) => {
          const s = fields(ss);
          return {
            scope: scope(bytes(s, 1)[0]),
            spans: bytes(s, 2).map((sp) => {
              const f = fields(sp);
              return { traceId: hex(f, 1), spanId: hex(f, 2), parentSpanId: hex(f, 4), name: str(f, 5), kind: num(f, 6), attributes: attributes(bytes(f, 9)) };
            }),
          };
        }),
      };
    }),
  };
}

export function decodeLogs(body: Buffer): unknown {
  return {
    resourceLogs: bytes(fields(body), 1).map((rl) => {
      const r = fields(rl);
      return {
        resource: resource(bytes(r, 1)[0]),
        scopeLogs: bytes(r, 2).map((sl) => {
          const s = fields(sl);
          return {
            scope: scope(bytes(s, 1)[0]),
            logRecords: bytes(s, 2).map((lr) => {
              const f = fields(lr);
              return { severityNumber: num(f, 2), severityText: str(f, 3), body: anyValue(bytes(f, 5)[0]), traceId: hex(f, 9), spanId: hex(f, 10) };
            }),
          };
        }),
      };
    }),
  };
}

export function decodeMetrics(body: Buffer): unknown {
  return {
    resourceMetrics: bytes(fields(body), 1).map((rm) => {
      const r = fields(rm);
      return {
        resource: resource(bytes(r, 1)[0]),
        scopeMetrics: bytes(r, 2).map((sm) => {
          const s = fields(sm);
          return { scope: scope(bytes(s, 1)[0]), metrics: bytes(s, 2).map((m) => ({ name: str(fields(m), 1) })) };
        }),
      };
    }),
  };
}
