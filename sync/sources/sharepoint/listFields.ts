// SharePoint column values ("Dokumenttyp", "Giltig från"…) as document metadata. Columns
// are configured by display name or internal name; Graph returns list item fields keyed by
// internal name, so the list's column definitions translate one into the other. Lookup,
// person and managed-metadata values arrive as objects or arrays and are reduced to text.
import type { DocumentMetadata, MetadataValue } from '../../model.js';
import type { Logger } from '../../log/logger.js';
import type { GraphClient } from './graphClient.js';
import type { ItemFacts } from './driveTree.js';
import { sameName } from './driveTree.js';

interface ColumnDefinition {
  name?: string;
  displayName?: string;
}

interface ListItemPage {
  value?: { id?: string; fields?: Record<string, unknown> }[];
  '@odata.nextLink'?: string;
}

/** Reads column values for list items, once the configured columns are resolved. */
export class ListFieldReader {
  private internal: Map<string, string> | null = null;

  constructor(
    private readonly graph: GraphClient,
    private readonly siteId: string,
    private readonly listId: string,
    private readonly columns: Record<string, string>,
    private readonly log: Logger,
  ) {}

  /** Our key → the column's internal name; columns that do not exist are reported once and skipped. */
  async resolveColumns(): Promise<Map<string, string>> {
    if (this.internal) return this.internal;
    const defs: ColumnDefinition[] = [];
    let url: string | undefined = `/sites/${encodeURIComponent(this.siteId)}/lists/${encodeURIComponent(this.listId)}/columns?$select=name,displayName`;
    while (url) {
      const page: { value?: ColumnDefinition[]; '@odata.nextLink'?: string } = await this.graph.getJson(url);
      defs.push(...(page.value ?? []));
      url = page['@odata.nextLink'];
    }
    this.internal = new Map();
    for (const [key, wanted] of Object.entries(this.columns)) {
      const match =
        defs.find((d) => d.name === wanted) ??
        defs.find((d) => typeof d.displayName === 'string' && sameName(d.displayName, wanted)) ??
        defs.find((d) => typeof d.name === 'string' && sameName(d.name, wanted));
      if (match?.name) this.internal.set(key, match.name);
      else this.log.warn('SharePoint column not found; metadata key left empty', { key, column: wanted });
    }
    return this.internal;
  }

  /** Fields of every list item, by list item id (for full listings). */
  async allFields(): Promise<Map<string, Record<string, unknown>>> {
    const select = await this.selectClause();
    const out = new Map<string, Record<string, unknown>>();
    let url: string | undefined =
      `/sites/${encodeURIComponent(this.siteId)}/lists/${encodeURIComponent(this.listId)}/items?$expand=fields${select}&$top=200`;
    while (url) {
      const page: ListItemPage = await this.graph.getJson(url);
      for (const item of page.value ?? []) if (typeof item.id === 'string' && item.fields) out.set(item.id, item.fields);
      url = page['@odata.nextLink'];
    }
    return out;
  }

  /** Fields of one drive item's list item (for the few files a delta touched). */
  async itemFields(driveId: string, itemId: string): Promise<Record<string, unknown> | null> {
    const select = await this.selectClause();
    const item: { fields?: Record<string, unknown> } = await this.graph.getJson(
      `/drives/${encodeURIComponent(driveId)}/items/${encodeURIComponent(itemId)}/listItem?$expand=fields${select}`,
    );
    return item.fields ?? null;
  }

  async mapFields(fields: Record<string, unknown>): Promise<NonNullable<ItemFacts['fields']>> {
    const internal = await this.resolveColumns();
    const metadata: DocumentMetadata = {};
    const out: NonNullable<ItemFacts['fields']> = { metadata };
    for (const key of Object.keys(this.columns)) {
      const name = internal.get(key);
      const value = name === undefined ? null : toMetadataValue(fields[name] ?? fields[`${name}LookupId`]);
      if (key === 'title' || key === 'version') {
        const text = Array.isArray(value) ? value.join(', ') : value === null ? '' : String(value).trim();
        if (text !== '') out[key] = text;
      } else metadata[key] = value;
    }
    return out;
  }

  private async selectClause(): Promise<string> {
    const names = [...(await this.resolveColumns()).values()];
    return names.length > 0 ? `($select=${names.map(encodeURIComponent).join(',')})` : '';
  }
}

export function toMetadataValue(value: unknown): MetadataValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map((v) => objectText(v)).filter((v) => v !== '');
  return objectText(value) || null;
}

function objectText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value);
  const o = value as Record<string, unknown>;
  for (const key of ['Label', 'LookupValue', 'Title', 'DisplayName', 'Email', 'Url']) {
    if (typeof o[key] === 'string' && o[key] !== '') return o[key];
  }
  return '';
}
