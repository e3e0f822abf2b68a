import sharp from 'sharp';

/** A flat PNG of any size: cheap to encode, decodable by every codec. */
export async function png(width: number, height: number, colour = '#c83232'): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background: colour } })
      .png()
      .toBuffer(),
  );
}

export async function jpeg(width: number, height: number): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background: '#3a7bd5' } })
      .jpeg()
      .toBuffer(),
  );
}

/** Size as displayed, decoded for real (the code under test only reads headers). */
export async function decodedSize(bytes: Uint8Array): Promise<{ width: number; height: number; format: string }> {
  const meta = await sharp(bytes).metadata();
  return { width: meta.autoOrient.width, height: meta.autoOrient.height, format: meta.format };
}

export async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
