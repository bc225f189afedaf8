// Reads the one file of an import upload with busboy, within limits: one file of at most
// IMPORT_FILE_BYTES and nothing much else. The body arrives as a stream that cannot go past the
// import's body limit (server/body-limits.ts), read only once the route has checked the user and
// the rate limit; these limits say precisely what was wrong with it.
import { Readable } from "node:stream";

import busboy from "busboy";

export const IMPORT_FILE_BYTES = 5 * 1024 * 1024;
export const FILE_TOO_LARGE = "That file is larger than 5 MB.";

/** The file's bytes in a buffer of their own, so they can be handed to the checking worker as they are. */
type Upload = { ok: true; bytes: Uint8Array } | { ok: false; status: 400 | 413; message: string };

const NOT_MULTIPART = "Upload a .json file exported from Finishline.";

export function readImportFile(request: Request): Promise<Upload> {
  return new Promise((resolve) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { "content-type": request.headers.get("Content-Type") ?? "" },
        limits: {
          files: 1,
          fileSize: IMPORT_FILE_BYTES,
          fields: 4,
          fieldSize: 1024,
          parts: 5,
          headerPairs: 20,
        },
      });
    } catch {
      return resolve({ ok: false, status: 400, message: NOT_MULTIPART });
    }
    let settled = false;
    const finish = (result: Upload) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const chunks: Buffer[] = [];
    let seenFile = false;
    parser.on("file", (name, stream) => {
      // A body cut off inside a file fails that file's stream as well as the parser; an 'error'
      // event without a listener is thrown, and thrown from a stream it ends the whole process.
      stream.on("error", () => finish({ ok: false, status: 400, message: NOT_MULTIPART }));
      if (name !== "file" || seenFile) {
        stream.resume();
        return;
      }
      seenFile = true;
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("limit", () => finish({ ok: false, status: 413, message: FILE_TOO_LARGE }));
    });
    parser.on("filesLimit", () => finish({ ok: false, status: 400, message: "Upload one file at a time." }));
    parser.on("partsLimit", () =>
      finish({ ok: false, status: 400, message: "The upload has too many parts: send just the file." }),
    );
    parser.on("fieldsLimit", () =>
      finish({ ok: false, status: 400, message: "The upload has too many fields: send just the file." }),
    );
    parser.on("error", () => finish({ ok: false, status: 400, message: NOT_MULTIPART }));
    parser.on("close", () => {
      const total = chunks.reduce((n, c) => n + c.length, 0);
      if (!seenFile || total === 0)
        return finish({ ok: false, status: 400, message: "Choose a file to import." });
      // One copy into an ArrayBuffer of its own (Buffer.concat may share Node's pool), which
      // checkImportFile sends to the worker as bytes (a memory copy of a few milliseconds at 5 MB):
      // decoding a 5 MB file as text and copying the string across threads held the event loop for
      // ~60 ms.
      const bytes = new Uint8Array(total);
      let at = 0;
      for (const c of chunks) {
        bytes.set(c, at);
        at += c.length;
      }
      finish({ ok: true, bytes });
    });
    if (!request.body) return finish({ ok: false, status: 400, message: NOT_MULTIPART });
    Readable.fromWeb(request.body as import("node:stream/web").ReadableStream).pipe(parser);
  });
}
