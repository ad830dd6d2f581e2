import { crc32, deflateRawSync, deflateSync } from "node:zlib";
import { Document, Packer, Paragraph } from "docx";
import { PDFDocument, PDFName, PDFNumber, StandardFonts } from "pdf-lib";

/**
 * Real files, made by the tests with the libraries people's tools use: PDFs by pdf-lib, DOCX by
 * `docx`, a PNG by hand (its chunks and CRCs), zips by hand (for archive bombs).
 */

/** A PDF with one page per string, each page's text on its lines. */
export async function makePdf(pages: readonly string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const text of pages) {
    const page = pdf.addPage([400, 400]);
    text.split("\n").forEach((line, i) => {
      page.drawText(line, { x: 20, y: 360 - i * 16, size: 12, font });
    });
  }
  return pdf.save({ useObjectStreams: false });
}

/**
 * A PDF of `fanout`² pages that takes a few KB: its page tree's root has `fanout` references to
 * one node, which has `fanout` references to one page (a million pages at 1,000). Readers that
 * check the count against the tree (pdf.js does) find them all there.
 */
export async function makePdfOfManyPages(fanout: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.addPage([200, 200]);
  const root = pdf.catalog.Pages();
  const [page] = root.Kids().asArray();
  if (!page) throw new Error("no page");
  const { context } = pdf;
  const node = context.obj({
    Type: "Pages",
    Kids: Array.from({ length: fanout }, () => page),
    Count: fanout,
  });
  const nodeRef = context.register(node);
  root.set(PDFName.of("Kids"), context.obj(Array.from({ length: fanout }, () => nodeRef)));
  root.set(PDFName.of("Count"), PDFNumber.of(fanout * fanout));
  return pdf.save({ useObjectStreams: false });
}

/** A DOCX with one paragraph per string. */
export async function makeDocx(paragraphs: readonly string[]): Promise<Uint8Array> {
  const doc = new Document({
    sections: [{ children: paragraphs.map((text) => new Paragraph({ text })) }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** A zip of deflated entries, written whole (local headers, central directory, end record). */
export function makeZip(entries: readonly { name: string; data: Uint8Array }[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name);
    const packed = deflateRawSync(data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

/** A DOCX-looking zip whose document unpacks to `bytes` of zeros (a few hundred KB packed). */
export function makeZipBomb(bytes: number): Uint8Array {
  return makeZip([
    { name: "[Content_Types].xml", data: Buffer.from("<Types/>") },
    { name: "word/document.xml", data: new Uint8Array(bytes) },
  ]);
}

/** A PNG of `width` × `height` pixels of one colour (RGB). */
export function makePng(width: number, height: number, rgb = [200, 40, 40]): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array(width).fill(rgb).flat())]);
  const pixels = Buffer.concat(Array(height).fill(row));
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", header),
      chunk("IDAT", deflateSync(pixels)),
      chunk("IEND", Buffer.alloc(0)),
    ]),
  );
}
