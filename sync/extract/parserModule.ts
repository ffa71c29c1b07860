// The parsers only some documents need (pdf.js for the PDFs PDFium cannot open, mammoth for
// Word) are loaded by the first document that needs them: each costs an extraction worker
// 15–30 MB that a library of ordinary PDFs never uses.

/** A parser that could not be loaded: the installation's fault, not the document's, so the
 *  document is tried again by a later sync rather than marked as having no text. */
export class ParserUnavailableError extends Error {
  constructor(parser: string, cause: unknown) {
    super(`${parser} kunde inte laddas (${cause instanceof Error ? cause.message.slice(0, 200) : String(cause)})`);
    this.name = 'ParserUnavailableError';
  }
}

/** Loads a parser module once; a failed load is reported as ParserUnavailableError and tried again next time. */
export function parserModule<T>(parser: string, load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw new ParserUnavailableError(parser, err);
    }));
}
