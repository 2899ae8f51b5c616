import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { badChecksums, crc32, SizeGuard } from './zip-checks';

describe('zip checksums', () => {
  it('CRC-32 as zip records it (the check value of "123456789", and of nothing)', () => {
    expect(crc32(strToU8('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('names a stored member whose bytes changed, and none of an intact archive', () => {
    const files = { 'a.f32': Uint8Array.from({ length: 64 }, (_, k) => k), 'b.json': strToU8('{"x":1}') };
    const archive = zipSync({ 'a.f32': [files['a.f32'], { level: 0 }], 'b.json': files['b.json'] });
    expect(badChecksums(archive, files)).toEqual([]);
    expect(badChecksums(archive, { ...files, 'a.f32': files['a.f32'].map((v, k) => (k === 9 ? v ^ 4 : v)) })).toEqual(['a.f32']);
    expect(badChecksums(archive, { ...files, 'c.bin': new Uint8Array(1) })).toEqual(['c.bin']);
  });

  it('stops at the first member whose sizes cannot be, before inflating it', () => {
    const guard = new SizeGuard(1000);
    const member = (name: string, size: number, originalSize: number, compression = 8) => guard.filter({ name, size, originalSize, compression });
    expect([member('a', 100, 100, 0), member('b', 100, 90_000), member('c', 100, 200_000), member('d', 1, 1, 0)]).toEqual([true, true, false, false]);
    expect(guard.refused).toBe('c');
    expect(new SizeGuard(1000).filter({ name: 'x', size: 5000, originalSize: 5000, compression: 0 })).toBe(false);
    expect(new SizeGuard(1000).filter({ name: 'x', size: 10, originalSize: 11, compression: 0 })).toBe(false);
  });
});

