import type { Kysely } from 'kysely';
import type { DB } from './schema.js';

/** `result`: an image Stability made; `input`: an image a member gave (an attachment, a message's image). */
export type BlobRole = 'result' | 'input';

export interface StoredImage {
  bytes: Uint8Array;
  mime: string;
  width?: number;
  height?: number;
}

export type BlobStore = ReturnType<typeof createBlobStore>;

/**
 * Images in the database, so any process (and a successor after failover) can deliver a result or vary it. Capped in
 * total size: the oldest go first, except results whose delivery is still pending — a paid image is never dropped
 * before its member got it. An evicted image is fetched again from its posted attachment when a button needs it.
 */
export function createBlobStore(db: Kysely<DB>) {
  return {
    async save(jobId: string, role: BlobRole, index: number, image: StoredImage, now: number): Promise<void> {
      const row = {
        job_id: jobId,
        role,
        idx: index,
        mime: image.mime,
        bytes: image.bytes,
        byte_size: image.bytes.byteLength,
        width: image.width ?? null,
        height: image.height ?? null,
        created_at: now,
      };
      await db
        .insertInto('image_blobs')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['job_id', 'role', 'idx']).doUpdateSet({
            mime: row.mime,
            bytes: row.bytes,
            byte_size: row.byte_size,
            width: row.width,
            height: row.height,
            created_at: row.created_at,
          }),
        )
        .execute();
    },

    async read(jobId: string, role: BlobRole, index: number): Promise<StoredImage | undefined> {
      const row = await db
        .selectFrom('image_blobs')
        .select(['bytes', 'mime', 'width', 'height'])
        .where('job_id', '=', jobId)
        .where('role', '=', role)
        .where('idx', '=', index)
        .executeTakeFirst();
      if (!row) return undefined;
      const image: StoredImage = { bytes: new Uint8Array(row.bytes), mime: row.mime };
      if (row.width !== null) image.width = row.width;
      if (row.height !== null) image.height = row.height;
      return image;
    },

    async totalBytes(): Promise<number> {
      const row = await db
        .selectFrom('image_blobs')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('byte_size'), eb.lit(0)).as('total'))
        .executeTakeFirst();
      return Number(row?.total ?? 0);
    },

    /** Deletes the oldest evictable images until the total fits `maxBytes`; returns how many went. */
    async evict(maxBytes: number): Promise<number> {
      let total = await this.totalBytes();
      if (total <= maxBytes) return 0;
      const candidates = await db
        .selectFrom('image_blobs as b')
        .leftJoin('jobs as j', 'j.id', 'b.job_id')
        .select(['b.job_id', 'b.role', 'b.idx', 'b.byte_size'])
        .where((eb) => eb.or([eb('j.delivery_state', 'is', null), eb('j.delivery_state', '!=', 'pending')]))
        .where((eb) => eb.or([eb('j.state', 'is', null), eb('j.state', 'not in', ['queued', 'running'])]))
        .orderBy('b.created_at')
        .limit(500)
        .execute();
      let removed = 0;
      for (const blob of candidates) {
        if (total <= maxBytes) break;
        await db
          .deleteFrom('image_blobs')
          .where('job_id', '=', blob.job_id)
          .where('role', '=', blob.role)
          .where('idx', '=', blob.idx)
          .execute();
        total -= Number(blob.byte_size);
        removed++;
      }
      return removed;
    },
  };
}
