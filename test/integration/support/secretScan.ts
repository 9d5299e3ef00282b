/**
 * Searches files and texts for known secret strings, as UTF-8 and as UTF-16LE (how Chromium keeps some of its
 * storage), reading files in slices so a large output file costs bounded memory. A finding names the place and shows
 * a short excerpt in which every secret is replaced by its name, so the failure message itself leaks nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A secret to look for, and the name a finding shows instead of it. */
export interface Secret {
  readonly name: string;
  readonly value: string;
}

export interface Finding {
  readonly where: string;
  readonly secret: string;
  readonly excerpt: string;
}

export interface ScanResult {
  /** Every regular file searched, absolute paths. */
  readonly files: readonly string[];
  readonly findings: readonly Finding[];
  /** Files that could not be read (no permission, …), with the reason; files that vanished meanwhile are left out. */
  readonly unreadable: readonly string[];
}

const SLICE = 4 * 1024 * 1024;
const EXCERPT = 60;

/** Every regular file under `root` (symbolic links are not followed). */
export function listFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) found.push(full);
    }
  };
  walk(root);
  return found.sort();
}

/** Searches every file under the roots. */
export function scanFiles(roots: readonly string[], secrets: readonly Secret[]): ScanResult {
  const files = roots.flatMap(listFiles);
  const findings: Finding[] = [];
  const unreadable: string[] = [];
  const vanished: string[] = [];
  const needles = secrets.flatMap((secret) => [
    { secret, bytes: Buffer.from(secret.value, 'utf8'), encoding: 'utf8' as const },
    { secret, bytes: Buffer.from(secret.value, 'utf16le'), encoding: 'utf16le' as const },
  ]);
  // Enough bytes carried from one slice to the next for a secret cut by the slice's end and its excerpt's context.
  const overlap = 8 * (Math.max(...secrets.map((secret) => secret.value.length)) + EXCERPT);
  for (const file of files) {
    try {
      scanFile(file, needles, overlap, secrets, findings);
    } catch (error) {
      // A file removed between listing and reading (a browser journal, a rotated log) holds nothing any more.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') vanished.push(file);
      else unreadable.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { files: files.filter((file) => !vanished.includes(file)), findings, unreadable };
}

/** Searches one text (a document, a model serialised as JSON). */
export function scanText(where: string, text: string, secrets: readonly Secret[]): Finding[] {
  const findings: Finding[] = [];
  for (const secret of secrets) {
    const at = text.indexOf(secret.value);
    if (at !== -1)
      findings.push({
        where,
        secret: secret.name,
        excerpt: excerpt(text.slice(0, at), secret, text.slice(at + secret.value.length), secrets),
      });
  }
  return findings;
}

/** One line per finding, for an assertion message. */
export function describeFindings(findings: readonly Finding[]): string {
  return findings.map((finding) => `${finding.where}: ${finding.secret} in …${finding.excerpt}…`).join('\n');
}

function scanFile(
  file: string,
  needles: readonly { secret: Secret; bytes: Buffer; encoding: 'utf8' | 'utf16le' }[],
  overlap: number,
  secrets: readonly Secret[],
  findings: Finding[],
): void {
  const seen = new Set<string>();
  const descriptor = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(SLICE + overlap);
    let carried = 0;
    let position = 0;
    for (;;) {
      const read = fs.readSync(descriptor, buffer, carried, SLICE, position);
      const length = carried + read;
      const window = buffer.subarray(0, length);
      for (const needle of needles) {
        const key = `${needle.secret.name}|${needle.encoding}`;
        const at = seen.has(key) ? -1 : window.indexOf(needle.bytes);
        if (at === -1) continue;
        seen.add(key);
        const unit = needle.encoding === 'utf16le' ? 2 : 1;
        const start = Math.max(0, at - overlap);
        const aligned = start + ((at - start) % unit);
        const before = window.subarray(aligned, at).toString(needle.encoding);
        const after = window
          .subarray(at + needle.bytes.length, Math.min(length, at + needle.bytes.length + overlap))
          .toString(needle.encoding);
        const where = `${file}${unit === 2 ? ' (UTF-16)' : ''}`;
        findings.push({ where, secret: needle.secret.name, excerpt: excerpt(before, needle.secret, after, secrets) });
      }
      if (read === 0) return;
      position += read;
      carried = Math.min(overlap, length);
      buffer.copy(buffer, 0, length - carried, length);
    }
  } finally {
    fs.closeSync(descriptor);
  }
}

/** Control characters are exactly what an excerpt replaces, so that it prints on one clean line. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/g;

/**
 * Up to {@link EXCERPT} characters of the text either side of a found secret, with every secret in them replaced by
 * its name (one cut off at the edge of the excerpt too) and control characters shown as `·`.
 */
function excerpt(textBefore: string, found: Secret, textAfter: string, secrets: readonly Secret[]): string {
  const longest = Math.max(...secrets.map((secret) => secret.value.length));
  const before = mask(textBefore.slice(-(EXCERPT + longest)), secrets).slice(-EXCERPT);
  const after = mask(textAfter.slice(0, EXCERPT + longest), secrets).slice(0, EXCERPT);
  const text = `${maskCut(before, secrets, 'start')}«${found.name}»${maskCut(after, secrets, 'end')}`;
  return text.replace(CONTROL_CHARACTERS, '·').replace(/\r?\n/g, '⏎');
}

function mask(text: string, secrets: readonly Secret[]): string {
  let masked = text;
  for (const secret of [...secrets].sort((a, b) => b.value.length - a.value.length))
    masked = masked.split(secret.value).join(`«${secret.name}»`);
  return masked;
}

/** Masks the part of a secret that an excerpt's edge cut off: its tail at the start, or its head at the end. */
function maskCut(text: string, secrets: readonly Secret[], edge: 'start' | 'end'): string {
  for (const secret of secrets) {
    for (let length = Math.min(text.length, secret.value.length - 1); length >= 6; length--) {
      if (edge === 'start' && text.startsWith(secret.value.slice(-length)))
        return `«…${secret.name}»${text.slice(length)}`;
      if (edge === 'end' && text.endsWith(secret.value.slice(0, length)))
        return `${text.slice(0, -length)}«${secret.name}…»`;
    }
  }
  return text;
}
