import { strFromU8, type UnzipFileInfo } from 'fflate';

// What fflate's unzipSync takes on trust in an archive: the CRC-32 it records for each member (a flipped byte in a
// stored member, as a model file stores its weights, would open as other weights) and the sizes each member says it
// has (unzipSync allocates the unpacked size before inflating: a damaged size made a 12 KB file take 10 s and GBs).

/** Deflate's most: 258 bytes from a back-reference of about 2 bits. */
const MAX_DEFLATE_RATIO = 1032;

/**
 * unzipSync's filter that stops at the first member whose sizes cannot be (its name is then `refused`, and no
 * member after it is inflated): packed bytes beyond the archive, a stored member unpacking to another size, a
 * deflated one to more than deflate's ratio gives, or all of them together to more than the archive can hold.
 */
export class SizeGuard {
  refused?: string;
  private unpacked = 0;
  private members = 0;

  constructor(private readonly archiveBytes: number) {}

  readonly filter = (f: UnzipFileInfo): boolean => {
    if (this.refused !== undefined) return false;
    this.unpacked += f.originalSize;
    this.members++;
    const most = (packed: number, members: number) => MAX_DEFLATE_RATIO * packed + 64 * members;
    const possible =
      f.size <= this.archiveBytes &&
      (f.compression === 0 ? f.originalSize === f.size : f.originalSize <= most(f.size, 1)) &&
      this.unpacked <= most(this.archiveBytes, this.members);
    if (!possible) this.refused = f.name;
    return possible;
  };
}

const TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3, as zip archives record it) of `b`, unsigned. */
export function crc32(b: Uint8Array): number {
  let c = -1;
  for (let k = 0; k < b.length; k++) c = TABLE[(c ^ b[k]) & 255] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

const u16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;

/**
 * The members of `files` (as unzipSync read them from `archive`) whose bytes do not have the CRC-32 the archive's
 * central directory records for them, or that it does not list; the central directory is found as unzipSync
 * finds it (the end record within the last 64 KB, zip64 when marked).
 */
export function badChecksums(archive: Uint8Array, files: Record<string, Uint8Array>): string[] {
  let e = archive.length - 22;
  while (e >= 0 && u32(archive, e) !== 0x06054b50) e--;
  if (e < 0) return Object.keys(files);
  let count = u16(archive, e + 10);
  let at = u32(archive, e + 16);
  if (e >= 20 && u32(archive, e - 20) === 0x07064b50) {
    const z = u32(archive, e - 12);
    if (u32(archive, z) === 0x06064b50) [count, at] = [u32(archive, z + 32), u32(archive, z + 48)];
  }
  const recorded = new Map<string, number>();
  for (let k = 0; k < count && at + 46 <= archive.length && u32(archive, at) === 0x02014b50; k++) {
    const nameLength = u16(archive, at + 28);
    const name = strFromU8(archive.subarray(at + 46, at + 46 + nameLength), !(u16(archive, at + 8) & 2048));
    recorded.set(name, u32(archive, at + 16));
    at += 46 + nameLength + u16(archive, at + 30) + u16(archive, at + 32);
  }
  return Object.keys(files).filter((name) => recorded.get(name) !== crc32(files[name]));
}

/** A member's name for a message: as it is when plain text, else escaped (a damaged directory gives any bytes), at most 60 characters. */
export function memberName(name: string): string {
  const cut = name.length > 60 ? `${name.slice(0, 60)}\u2026` : name;
  return /^[\x20-\x7e\u2026]*$/.test(cut) ? cut : JSON.stringify(cut);
}
