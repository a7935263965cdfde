import { MAX_BODY_BYTES } from '@servedeck/shared';

/** The first character that no text file has (C0 controls but tab/CR/LF, DEL, U+FFFD from undecodable bytes). */
export function firstNonTextChar(text: string): number | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  const m = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/.exec(text);
  return m ? m.index : undefined;
}

export const formatMiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export type UploadRead = { ok: true; text: string } | { ok: false; message: string };

/**
 * Read a file the user picked as UTF-8 text, or say why not: larger than the BFF accepts, not UTF-8, or a
 * binary file. Never throws and never hands binary to a parser; the caller keeps what it had on `ok: false`.
 */
export async function readTextUpload(file: Blob & { name?: string }, maxBytes = MAX_BODY_BYTES): Promise<UploadRead> {
  const name = file.name || 'The file';
  if (file.size > maxBytes)
    return { ok: false, message: `${name} is ${formatMiB(file.size)}; at most ${formatMiB(maxBytes)} can be sent.` };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    return { ok: false, message: `${name} is not UTF-8 text (a binary file?).` };
  }
  const bad = firstNonTextChar(text);
  if (bad !== undefined)
    return { ok: false, message: `${name} is not a text file: it has a control character at character ${bad + 1}.` };
  return { ok: true, text };
}
