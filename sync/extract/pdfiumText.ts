// Text from a PDF with PDFium (the PDF engine of Chromium) compiled to WebAssembly, from
// @embedpdf/pdfium: three to six times faster than pdf.js's getTextContent for the same
// pages, and it needs no system program, so it runs the same on Windows. One instance per
// extraction worker, loaded before the worker reports ready. Every allocation in the wasm
// heap (the file's bytes, documents, pages, text pages, buffers) is freed after each
// document: a worker reads hundreds of them. Files PDFium cannot open (damaged beyond its
// repair, XFA-only forms) are handed back for pdf.js to try (pdfText.ts).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { init, type WrappedPdfiumModule } from '@embedpdf/pdfium';
import type { ExtractedText } from '../search/documentText.js';

/** The text, no text with the reason, or 'fallback': let pdf.js try this file. */
export type PdfiumOutcome = ExtractedText | { status: 'fallback'; why: string };

// FPDF_GetLastError() codes (fpdfview.h).
const FPDF_ERR_PASSWORD = 4;
// FPDF_GetFormType(): a form built entirely in XFA, which this PDFium build does not lay out.
const FORMTYPE_XFA_FULL = 2;
// PDFium puts U+FFFE where it joined a word hyphenated across a line break ("dubbelbeskatt-
// ningsavtal"); the search index needs the whole word.
const JOINED_HYPHEN = /\ufffe/g;

// Node's WebAssembly global: the ES library typings this project compiles against do not
// declare it, so only the little used here is typed.
type WasmImports = Record<string, Record<string, unknown> | undefined>;
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: WasmImports) => object;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/**
 * The wasm file, found through the package's exports. In the packaged app the file is
 * unpacked beside app.asar (electron-builder.yml `asarUnpack`), so it is read from
 * `app.asar.unpacked/node_modules/@embedpdf/pdfium/dist/pdfium.wasm` as an ordinary file.
 */
export function pdfiumWasmPath(): string {
  return unpackedCopy(createRequire(import.meta.url).resolve('@embedpdf/pdfium/pdfium.wasm'));
}

/** `file` inside app.asar, or its unpacked copy beside the archive when there is one. */
export function unpackedCopy(file: string): string {
  const unpacked = file.replace(/\.asar([\\/])/, '.asar.unpacked$1');
  return unpacked !== file && fs.existsSync(unpacked) ? unpacked : file;
}

export class PdfiumTextReader {
  /** Why this instance can no longer be used (the wasm trapped or ran out of memory); the worker must be replaced. */
  broken: { reason: string; outOfMemory: boolean } | null = null;

  private constructor(
    private readonly lib: WrappedPdfiumModule,
    private readonly heapLimit: HeapLimit,
    readonly memoryLimitMb: number,
  ) {}

  /**
   * Compiles and starts PDFium. Its heap may not grow past `memoryLimitMb`: wasm memory lies
   * outside the V8 heap the worker's resourceLimits bound, so the limit is kept here.
   */
  static async load(memoryLimitMb: number): Promise<PdfiumTextReader> {
    const wasm = new wasmApi.Module(fs.readFileSync(pdfiumWasmPath()));
    const heapLimit: HeapLimit = { bytes: memoryLimitMb * 1024 * 1024, refused: false };
    const lib = await init({
      // PDFium's own messages would go to the console; the pool keeps that off stdout, and they say nothing a user can act on.
      print: () => {},
      printErr: () => {},
      // Synchronous, so a failure rejects init() instead of leaving it pending; the glue
      // takes the returned exports as the instance's.
      instantiateWasm(imports: WasmImports, receive: (instance: object, module: object) => object) {
        limitHeapGrowth(imports, heapLimit);
        return receive(new wasmApi.Instance(wasm, imports), wasm);
      },
    } as Parameters<typeof init>[0]);
    lib.PDFiumExt_Init();
    return new PdfiumTextReader(lib, heapLimit, memoryLimitMb);
  }

  /** Size of PDFium's heap in bytes (it grows, never shrinks: a leak shows as growth). */
  get heapBytes(): number {
    return (this.lib.pdfium as unknown as { HEAPU8: Uint8Array }).HEAPU8.byteLength;
  }

  read(data: Uint8Array, maxChars: number): PdfiumOutcome {
    return this.guarded(() => this.readDocument(data.byteLength, (view) => (view.set(data), true), maxChars));
  }

  /**
   * Reads an open file of `size` bytes straight into PDFium's heap: no copy of it passes
   * through the worker's own memory, where a new buffer per document (up to megabytes each)
   * kept ~30 MB more per worker resident than the documents needed.
   */
  readFile(fd: number, size: number, maxChars: number): PdfiumOutcome {
    const fill = (view: Uint8Array) => {
      let done = 0;
      for (let n = -1; done < size && n !== 0; done += n) n = fs.readSync(fd, view, done, size - done, done);
      return done === size;
    };
    return this.guarded(() => this.readDocument(size, fill, maxChars));
  }

  private guarded(read: () => PdfiumOutcome): PdfiumOutcome {
    if (this.broken) return { status: 'fallback', why: this.broken.reason };
    try {
      return read();
    } catch (err) {
      // A trap leaves the instance in an unknown state (nothing of it is freed or used again).
      const outOfMemory = this.heapLimit.refused;
      const message = err instanceof Error ? err.message : String(err);
      this.broken = { reason: outOfMemory ? 'PDFium ran out of its memory limit' : `PDFium failed: ${message.slice(0, 200)}`, outOfMemory };
      return { status: 'fallback', why: this.broken.reason };
    }
  }

  /** Loads `size` bytes that `fill` writes into the heap (false: they could not all be had), and reads the text. */
  private readDocument(size: number, fill: (view: Uint8Array) => boolean, maxChars: number): PdfiumOutcome {
    const { lib } = this;
    const heap = lib.pdfium.wasmExports;
    const bytes = heap.malloc(size);
    if (!bytes) return { status: 'fallback', why: 'no room for the file in the PDFium heap' };
    try {
      // The heap's current view (a new one after every growth), which the typings leave out.
      const view = (lib.pdfium as unknown as { HEAPU8: Uint8Array }).HEAPU8.subarray(bytes, bytes + size);
      if (!fill(view)) return { status: 'fallback', why: 'the file changed while it was read' };
      // PDFium reads from this buffer until the document is closed.
      const doc = lib.FPDF_LoadMemDocument(bytes, size, '');
      if (!doc) {
        const code = lib.FPDF_GetLastError();
        if (code === FPDF_ERR_PASSWORD) return { status: 'none', reason: 'PDF:en är lösenordsskyddad (krypterad)' };
        return { status: 'fallback', why: `FPDF_LoadMemDocument error ${code}` };
      }
      try {
        if (lib.FPDF_GetFormType(doc) === FORMTYPE_XFA_FULL) return { status: 'fallback', why: 'XFA form' };
        return this.readPages(doc, maxChars);
      } finally {
        lib.FPDF_CloseDocument(doc);
      }
    } finally {
      heap.free(bytes);
    }
  }

  private readPages(doc: number, maxChars: number): PdfiumOutcome {
    const pageCount = this.lib.FPDF_GetPageCount(doc);
    if (pageCount <= 0) return { status: 'fallback', why: 'no pages found' };
    const parts: string[] = [];
    let length = 0;
    let unreadable = 0;
    for (let index = 0; index < pageCount; index++) {
      if (length >= maxChars) return { status: 'text', text: parts.join('\n'), truncated: true };
      const text = this.pageText(doc, index);
      // One damaged page must not cost the rest of the document its text.
      if (text === null) unreadable++;
      else {
        parts.push(text);
        length += text.length + 1;
      }
    }
    if (unreadable === pageCount) return { status: 'fallback', why: 'no page could be loaded' };
    const text = parts.join('\n');
    if (text.trim() === '') return { status: 'none', reason: 'PDF:en innehåller ingen text, troligen inskannade bilder' };
    return { status: 'text', text, truncated: false };
  }

  /** One page's text in reading order ("\r\n" between lines), or null when the page cannot be loaded. */
  private pageText(doc: number, index: number): string | null {
    const { lib } = this;
    const page = lib.FPDF_LoadPage(doc, index);
    if (!page) return null;
    try {
      const textPage = lib.FPDFText_LoadPage(page);
      if (!textPage) return null;
      try {
        const count = lib.FPDFText_CountChars(textPage);
        if (count <= 0) return '';
        const heap = lib.pdfium.wasmExports;
        // UTF-16 code units plus the terminating NUL.
        const buffer = heap.malloc((count + 1) * 2);
        if (!buffer) return null;
        try {
          const written = lib.FPDFText_GetText(textPage, 0, count, buffer);
          return lib.pdfium.UTF16ToString(buffer, Math.max(0, written - 1) * 2).replace(JOINED_HYPHEN, '');
        } finally {
          heap.free(buffer);
        }
      } finally {
        lib.FPDFText_ClosePage(textPage);
      }
    } finally {
      lib.FPDF_ClosePage(page);
    }
  }
}

interface HeapLimit {
  bytes: number;
  /** Set once growth past the limit was refused: the next allocation failure is ours. */
  refused: boolean;
}

/** Wraps the Emscripten import that grows the wasm memory, so the heap stops at the limit (malloc returns 0 past it). */
function limitHeapGrowth(imports: WasmImports, limit: HeapLimit): void {
  const env = imports.env;
  const grow = env?.emscripten_resize_heap;
  if (!env || typeof grow !== 'function') throw new Error('PDFium wasm has no emscripten_resize_heap import; cannot bound its memory');
  env.emscripten_resize_heap = (requestedBytes: number): boolean => {
    if (requestedBytes >>> 0 > limit.bytes) {
      limit.refused = true;
      return false;
    }
    return (grow as (n: number) => boolean)(requestedBytes);
  };
}
