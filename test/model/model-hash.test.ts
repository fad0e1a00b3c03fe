import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "../../data-loaders/errors.ts";
import {
  parseSha256Line,
  sha256Bytes,
  sha256File,
  sha256Line,
  verifyModelHash,
} from "../../data-loaders/model/model-hash.ts";

const folder = mkdtempSync(join(tmpdir(), "model-hash-test-"));
after(() => rmSync(folder, { recursive: true, force: true }));

// FIPS 180-2 test vector: SHA-256("abc").
const ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
const EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

function file(name: string, content: string): string {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
}

test("sha256File gives the standard SHA-256 of the file's bytes, in lower-case hex", async () => {
  assert.equal(await sha256File(file("abc.onnx", "abc")), ABC);
  assert.equal(await sha256File(file("empty.onnx", "")), EMPTY);
  assert.equal(sha256Bytes(new TextEncoder().encode("abc")), ABC);
});

test("a missing model file is an InputError naming the path", async () => {
  const missing = join(folder, "missing.onnx");
  await assert.rejects(sha256File(missing), (e: Error) => {
    assert.ok(e instanceof InputError);
    assert.match(e.message, new RegExp(`^${missing}: the model file could not be read \\(ENOENT\\)\\. Fix: `));
    return true;
  });
});

test("sha256Line writes the sha256sum format and parseSha256Line reads it back", () => {
  assert.equal(sha256Line(ABC, "model.onnx"), `${ABC}  model.onnx\n`);
  const parsed = { hash: ABC, fileName: "model.onnx" };
  assert.deepEqual(parseSha256Line(sha256Line(ABC, "model.onnx")), parsed);
  assert.deepEqual(parseSha256Line(`${ABC.toUpperCase()} *model.onnx`), parsed);
});

test("a hash record that is not a sha256sum line is refused, naming the record and the relock command", () => {
  assert.throws(() => parseSha256Line("abc  model.onnx", "model.sha256"), (e: Error) => {
    assert.ok(e instanceof InputError);
    assert.match(e.message, /^model\.sha256: the recorded model hash is not a sha256sum line/);
    assert.match(e.message, /Fix: re-create it with npm run relock -- --reason "…"/);
    return true;
  });
});

test("verifyModelHash accepts the recorded hash (any letter case) and returns it", async () => {
  const path = file("locked.onnx", "abc");
  assert.equal(await verifyModelHash(path, ABC, { studyFile: "study.json" }), ABC);
  assert.equal(await verifyModelHash(path, ABC.toUpperCase(), { studyFile: "study.json" }), ABC);
});

test("a model changed after locking is refused with both hashes, the study file and how to re-lock", async () => {
  const path = file("changed.onnx", "abc, edited");
  const actual = await sha256File(path);
  const run = verifyModelHash(path, ABC, { studyFile: "studies/x/study.json" });
  await assert.rejects(run, (e: Error) => {
    assert.ok(e instanceof InputError);
    assert.ok(e.message.startsWith(`${path}: the model file changed after it was locked`));
    assert.ok(e.message.includes(`its SHA-256 is ${actual.slice(0, 12)}…`));
    assert.ok(e.message.includes(`studies/x/study.json records ${ABC.slice(0, 12)}…`));
    assert.match(e.message, /Fix: restore the locked model file .* re-lock it deliberately with npm run relock -- --reason "…"/);
    return true;
  });
});

test("a recorded hash that is not 64 hex digits is refused, naming the study file", async () => {
  const path = file("model.onnx", "abc");
  const run = verifyModelHash(path, "ba7816bf", { studyFile: "study.json" });
  await assert.rejects(run, (e: Error) => {
    assert.ok(e instanceof InputError);
    assert.match(e.message, /^study\.json: the recorded hash of model\.onnx is "ba7816bf", not 64 hex digits\. Fix: /);
    return true;
  });
});
