import { describe, expect, it } from 'vitest';
import { ProtocolError } from './errors.js';
import { encodeRequest, parseWorkerLine, PROTOCOL_VERSION } from './protocol.js';

describe('protocol', () => {
  it('encodes a request as one line', () => {
    const line = encodeRequest({ v: PROTOCOL_VERSION, id: '7', op: 'ping', args: {} });
    expect(line).toBe('{"v":1,"id":"7","op":"ping","args":{}}\n');
  });

  it('parses every event kind', () => {
    expect(parseWorkerLine('{"event":"ready","v":1,"python":"3.11.2","pid":5,"sandbox":null}')).toMatchObject({ event: 'ready' });
    expect(parseWorkerLine('{"id":"1","event":"progress","data":{"step":1}}')).toMatchObject({ data: { step: 1 } });
    expect(parseWorkerLine('{"id":"1","event":"log","stream":"stdout","text":"hi"}')).toMatchObject({ text: 'hi' });
    expect(parseWorkerLine('{"id":"1","event":"result","data":{}}')).toMatchObject({ event: 'result' });
    expect(parseWorkerLine('{"id":null,"event":"error","error":{"code":"bad_request","message":"x"}}')).toMatchObject({
      error: { code: 'bad_request' },
    });
  });

  it('rejects lines that are not protocol messages, and other protocol versions', () => {
    expect(() => parseWorkerLine('hello from a stray print')).toThrow(ProtocolError);
    expect(() => parseWorkerLine('{"id":"1","event":"shout"}')).toThrow(ProtocolError);
    expect(() => parseWorkerLine('{"event":"ready","v":2,"python":"3.11.2","pid":5}')).toThrow(/protocol v2/);
  });
});
