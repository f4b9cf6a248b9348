/**
 * @module Literature and unit search: the paper library (store table + BM25 index saved in the
 * store), arXiv and Semantic Scholar clients (cached, polite, clear offline errors), unit search
 * over seeds and stored designs, similar-design detection, and all of it as agent tools.
 *
 * @example
 * const store = await openStore({ workspace: '.genesys', create: true });
 * await addToLibrary(store.db, parseGenesysLibrary(readFileSync('library.jsonl', 'utf8')));
 * const tools = createSearchTools({ db: store.db });
 * const { results } = await tools.searchPapers('linear attention with data-dependent decay', { k: 5 });
 * const reusable = await tools.searchUnits('rotary position embedding');
 */
/** Papers: schemas, the store table, the index, search. */
export { PaperSchema, PaperInputSchema, PaperSourceSchema, parseArxivId, titleKey, type Paper, type PaperInput, type ParsedPaperInput } from './paper.js';
export { addPapers, getPaper, getPapers, listPapers, libraryState, PaperRowSchema, type PaperRow, type AddPapersResult } from './papers-repository.js';
/** Adds papers and brings the saved index up to date; BM25 search with excerpts and matched words. */
export { addToLibrary, searchLibrary, describeMatches, PaperHitSchema, type PaperHit } from './paper-library.js';
export { openPaperIndex, buildPaperIndex, PAPER_FIELD_BOOSTS, PAPER_INDEX_FORMAT } from './paper-index.js';
/** Paper files: our JSONL, the original's library.jsonl, BibTeX. */
export { readLibrarySource, type ReadLibrarySourceOptions } from './library-sources.js';
export { parsePaperFile, parsePapersJsonl, parseGenesysLibrary, parseBibtex, detectPaperFileFormat, PaperFileFormatSchema, type PaperFileFormat } from './read-paper-files.js';
/** External sources. */
export { createArxivClient, parseArxivFeed, ARXIV_API_URL, type ArxivClient, type ArxivClientOptions } from './arxiv-client.js';
export { createSemanticScholarClient, SEMANTIC_SCHOLAR_API_URL, type SemanticScholarClient, type SemanticScholarClientOptions } from './semantic-scholar-client.js';
export { searchOnline, createOnlineSources, OnlineSourceSchema, type OnlineSource, type OnlineSources, type OnlineSearchResult } from './online-search.js';
export { SourceOfflineError, SourceUnavailableError, SourceReplyError, isSourceError } from './errors.js';
/** Units and designs. */
export { buildUnitCatalog, catalogDesigns, readSeedDesigns, searchUnitCatalog, UnitHitSchema, type UnitHit, type UnitCatalog, type CatalogDesign } from './unit-catalog.js';
export { rankSimilarDesigns, designText, latestProposalTexts, SimilarDesignSchema, type SimilarDesign, type SimilarDesignsQuery } from './similar-designs.js';
/** Citations a proposal keeps, and their rendering in reports. */
export { CitationSchema, citationFromPaper, renderCitations, type Citation } from './citations.js';
/** Agent tools. */
export {
  createSearchTools,
  searchToolDefinitions,
  SearchPapersInputSchema,
  SearchPapersResultSchema,
  SearchUnitsInputSchema,
  SearchUnitsResultSchema,
  SimilarDesignsInputSchema,
  SimilarDesignsResultSchema,
  type SearchTools,
  type SearchToolDefinition,
  type CreateSearchToolsOptions,
} from './tools.js';
