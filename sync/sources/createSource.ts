// Picks the adapter for a library's configured source.
import { createHash } from 'node:crypto';
import type { SourceConfig } from '../config/schema.js';
import { FolderSource } from './folderSource.js';
import { ManifestSource } from './manifestSource.js';
import type { Source, SourceContext } from './types.js';

export function createSource(config: SourceConfig, ctx: SourceContext): Source {
  switch (config.type) {
    case 'manifest':
      return new ManifestSource(config, ctx);
    case 'folder':
      return new FolderSource(config, ctx);
  }
}

/** Identifies a source configuration: when it changes, cursors and adapter state are dropped. */
export function sourceKey(config: SourceConfig): string {
  const { type } = config;
  const where = config.type === 'manifest' ? config.url : config.path;
  return `${type}:${createHash('sha256').update(where).digest('hex').slice(0, 16)}`;
}
