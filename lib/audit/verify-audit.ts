import type { PrismaClient } from '@/lib/generated/prisma/client';
import { ChainVerifier, type ChainCheck } from './hash';

const PAGE = 2000;

/** Reads the chain in pages (memory stays flat) and verifies every link. */
export async function verifyAuditChain(client: Pick<PrismaClient, 'auditEntry'>): Promise<ChainCheck> {
  const verifier = new ChainVerifier();
  let after = -1;
  for (;;) {
    const page = await client.auditEntry.findMany({
      where: { seq: { gt: after } },
      orderBy: { seq: 'asc' },
      take: PAGE,
    });
    for (const r of page) {
      if (!verifier.push({ ...r, at: r.at.toISOString() })) return verifier.result();
    }
    const last = page.at(-1);
    if (page.length < PAGE || !last) return verifier.result();
    after = last.seq;
  }
}
