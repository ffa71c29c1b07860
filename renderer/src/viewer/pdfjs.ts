// pdf.js, set up for an offline, locked-down page: the worker, standard fonts, CMaps and
// the JPEG 2000 fallback all come from the app's own files (copied in by the build), and
// nothing is evaluated from strings (isEvalSupported: false; the CSP forbids it anyway).
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

const local = (folder: string) => new URL(`pdfjs/${folder}/`, document.baseURI).href;

export type PdfDocument = pdfjs.PDFDocumentProxy;
export type PdfPage = pdfjs.PDFPageProxy;
export const TextLayer = pdfjs.TextLayer;

// One worker for every document opened: starting a worker per document costs more than parsing most PDFs.
let sharedWorker: pdfjs.PDFWorker | null = null;

export function openPdf(bytes: Uint8Array): Promise<PdfDocument> {
  sharedWorker ??= new pdfjs.PDFWorker();
  return pdfjs.getDocument({
    worker: sharedWorker,
    // pdf.js takes ownership of (transfers) the buffer it is given: hand it a copy.
    data: bytes.slice(),
    isEvalSupported: false,
    enableXfa: false,
    useWasm: false,
    wasmUrl: local('wasm'),
    standardFontDataUrl: local('standard_fonts'),
    cMapUrl: local('cmaps'),
    cMapPacked: true,
  }).promise;
}

/** Folds text for find-in-document: case and diacritics do not matter ("hjartstopp" finds "Hjärtstopp"). */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('sv-SE');
}
