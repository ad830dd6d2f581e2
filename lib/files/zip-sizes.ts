import yauzl from "yauzl";

export interface ZipBounds {
  maxUnzippedBytes: number;
  maxEntries: number;
}

/**
 * The entry names of a zip (a DOCX), or "bomb" when its central directory says it unpacks to
 * more than the bound or holds too many entries — read without unpacking anything. A zip that
 * lies about its sizes is caught by the reading worker's memory limit instead.
 */
export function checkZipSizes(
  bytes: Uint8Array,
  bounds: ZipBounds,
): Promise<{ names: Set<string> } | "bomb"> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true }, (error, zip) => {
      if (error || !zip) {
        reject(error ?? new Error("Not a zip file."));
        return;
      }
      if (zip.entryCount > bounds.maxEntries) {
        zip.close();
        resolve("bomb");
        return;
      }
      const names = new Set<string>();
      let total = 0;
      zip.on("entry", (entry: yauzl.Entry) => {
        total += entry.uncompressedSize;
        names.add(entry.fileName);
        if (total > bounds.maxUnzippedBytes) {
          zip.close();
          resolve("bomb");
          return;
        }
        zip.readEntry();
      });
      zip.on("end", () => resolve({ names }));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}
