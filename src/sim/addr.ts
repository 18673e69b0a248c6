/** IPv4 address helpers. Addresses stay dotted strings in the API; numbers are used for hashing. */

const ipCache = new Map<string, number>();

export function ipToU32(ip: string): number {
  const cached = ipCache.get(ip);
  if (cached !== undefined) return cached;
  const v = parseIp(ip);
  if (ipCache.size < 100_000) ipCache.set(ip, v);
  return v;
}

function parseIp(ip: string): number {
  const parts = ip.split(".");
  if (parts.length !== 4) throw new Error(`not an IPv4 address: "${ip}"`);
  let v = 0;
  for (const p of parts) {
    const n = Number(p);
    if (!/^\d{1,3}$/.test(p) || n > 255) throw new Error(`not an IPv4 address: "${ip}"`);
    v = v * 256 + n;
  }
  return v >>> 0;
}

export function isValidIp(ip: string): boolean {
  try {
    ipToU32(ip);
    return true;
  } catch {
    return false;
  }
}

/** 127.0.0.0/8: what tcp_tw_reuse=2 treats as loopback (tcp_twsk_unique()). */
export function isLoopback(ip: string): boolean {
  return ip.startsWith("127.");
}

/** "10.0.0.1:80" */
export function epString(ip: string, port: number): string {
  return ip + ":" + port;
}
