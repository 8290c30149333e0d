import { describe, expect, it } from 'vitest';
import { goJsonMap, goJsonString, goJsonStringify, goJsonStruct } from './go-json.js';

describe('go-json', () => {
  it('escapes strings like Go’s encoding/json', () => {
    expect(goJsonString('plain Προμηθεύς')).toBe('"plain Προμηθεύς"');
    expect(goJsonString('<b>&"\\\n\r\t\b\f\u0001\u2028\u2029')).toBe(
      '"\\u003cb\\u003e\\u0026\\"\\\\\\n\\r\\t\\u0008\\u000c\\u0001\\u2028\\u2029"',
    );
  });

  it('sorts map keys byte-wise and keeps struct order', () => {
    const map = goJsonMap([
      ['b', 1],
      ['a', '2'],
      ['\u{10000}', true],
      ['\uffff', null],
      ['a', 'last wins'],
    ]);
    expect(goJsonStringify(map)).toBe('{"a":"last wins","b":1,"\uffff":null,"\u{10000}":true}');
    expect(
      goJsonStringify(
        goJsonStruct([
          ['z', []],
          ['a', [1, 'x']],
        ]),
      ),
    ).toBe('{"z":[],"a":[1,"x"]}');
  });
});
