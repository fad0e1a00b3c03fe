/**
 * SHA-256 fingerprints of locked model files. A study records the hash when the model is locked;
 * every build recomputes it, so a model that changed afterwards stops the build instead of
 * silently producing a report about a different model.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { InputError } from "../errors.ts";

/** The re-locking command named in messages (a deliberate, recorded change of the model). */
export const RELOCK_COMMAND = 'npm run relock -- --reason "…"';

/**
 * SHA-256 of a file's bytes as 64 lower-case hex digits, the same as `sha256sum` prints.
 *
 * @throws InputError naming the file when it cannot be read.
 * @example await sha256File("studies/gbsg-external-validation/model/rotterdam-logistic.onnx")
 * // "25aa90ef…18892", the first field of rotterdam-logistic.sha256
 */
export async function sha256File(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new InputError({
      file: path,
      problem: `the model file could not be read (${(cause as NodeJS.ErrnoException).code ?? cause})`,
      fix: "check the model path in the study configuration",
      cause,
    });
  }
  return sha256Bytes(bytes);
}

/** SHA-256 of bytes as 64 lower-case hex digits. */
export function sha256Bytes(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** One line in `sha256sum` format: the hash, two spaces, the file name. */
export function sha256Line(hash: string, fileName: string): string {
  return `${hash}  ${fileName}\n`;
}

/**
 * Reads the hash from a `sha256sum`-style line ("<64 hex>  <file name>", an optional "*"
 * before the name for binary mode).
 *
 * @throws InputError when the text is not such a line.
 * @example parseSha256Line(`${"ab".repeat(32)}  model.onnx\n`)
 * // { hash: "abab…ab", fileName: "model.onnx" }
 */
export function parseSha256Line(
  text: string,
  file = "hash record",
): { hash: string; fileName: string } {
  const match = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(text.trim());
  if (!match) {
    throw new InputError({
      file,
      problem: "the recorded model hash is not a sha256sum line (64 hex digits, two spaces, the file name)",
      fix: `re-create it with ${RELOCK_COMMAND}`,
    });
  }
  return { hash: match[1].toLowerCase(), fileName: match[2] };
}

/**
 * Checks that a locked model file still has the SHA-256 recorded when it was locked.
 *
 * @param expected the recorded hash, 64 hex digits (case ignored)
 * @param options.studyFile the file that records the hash, named in the message
 * @throws InputError when the hash differs: the model changed after locking. The message gives
 *   both hashes (first 12 hex digits) and how to re-lock deliberately.
 * @throws InputError when `expected` is not 64 hex digits, or the model cannot be read.
 * @example await verifyModelHash(modelPath, recordedHash, { studyFile: "study.json" }) // hash
 */
export async function verifyModelHash(
  path: string,
  expected: string,
  options: { studyFile: string },
): Promise<string> {
  if (!/^[0-9a-fA-F]{64}$/.test(expected)) {
    throw new InputError({
      file: options.studyFile,
      problem: `the recorded hash of ${basename(path)} is "${expected.slice(0, 80)}", not 64 hex digits`,
      fix: `record the SHA-256 printed when the model was locked, or re-lock deliberately with ${RELOCK_COMMAND}`,
    });
  }
  const actual = await sha256File(path);
  if (actual !== expected.toLowerCase()) {
    throw new InputError({
      file: path,
      problem: `the model file changed after it was locked: its SHA-256 is ${actual.slice(0, 12)}…, but ${options.studyFile} records ${expected.toLowerCase().slice(0, 12)}…`,
      fix: `restore the locked model file (for example from version control); if the change is intended, re-lock it deliberately with ${RELOCK_COMMAND}, which records the new hash and the reason`,
    });
  }
  return actual;
}
