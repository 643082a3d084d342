/**
 * The byte size of one field of a `multipart/form-data` body, or `undefined` when the field is
 * absent: enough for the simulated upload server to check that a file arrived under the name
 * VK expects (`photo` for photos, `file` for documents).
 */
export function multipartFieldSize(contentType: string | null, body: Uint8Array, field: string): number | undefined {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
  if (boundary === undefined) return undefined;
  // latin1 keeps one character per byte, so string offsets are byte offsets.
  const text = Buffer.from(body).toString('latin1');
  for (const part of text.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split === -1) continue;
    const headers = part.slice(0, split);
    if (!new RegExp(`name="${field}"`, 'i').test(headers)) continue;
    const content = part.slice(split + 4);
    return content.endsWith('\r\n') ? content.length - 2 : content.length;
  }
  return undefined;
}
