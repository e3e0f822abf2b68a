/** The page's upload limit, as Discord's client has one: a file over it is refused here, before anything is sent. */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

/** Base64 in slices: one String.fromCharCode over millions of bytes would overflow the call stack. */
function base64(bytes) {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/**
 * A file the person picked, as the page's API takes it: `{ filename, contentType, data }` (bytes in base64). The
 * content type is what the browser guessed from the name, as Discord's client declares it (the bot sniffs the bytes).
 */
export async function toUpload(file) {
  if (file.size > MAX_UPLOAD_BYTES) {
    throw new Error(`${file.name} is larger than the playground's ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB upload limit.`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  return { filename: file.name, ...(file.type ? { contentType: file.type } : {}), data: base64(bytes) };
}

/** Every File among the option values becomes an upload; the rest stay as they are. */
export async function withUploads(values) {
  const out = {};
  for (const [name, value] of Object.entries(values)) out[name] = value instanceof File ? await toUpload(value) : value;
  return out;
}
