// Picks the adapter for a library's configured source.
import { createHash } from 'node:crypto';
import type { SourceConfig } from '../config/schema.js';
import { FolderSource } from './folderSource.js';
import { ManifestSource } from './manifestSource.js';
import { WebdavSource } from './webdavSource.js';
import { SharepointSource } from './sharepoint/sharepointSource.js';
import type { Source, SourceContext } from './types.js';

export function createSource(config: SourceConfig, ctx: SourceContext): Source {
  switch (config.type) {
    case 'manifest':
      return new ManifestSource(config, ctx);
    case 'folder':
      return new FolderSource(config, ctx);
    case 'webdav':
      return new WebdavSource(config, ctx);
    case 'sharepoint':
      return new SharepointSource(config, ctx);
  }
}

/**
 * Identifies a source configuration: when it changes, cursors and adapter state are
 * dropped. Everything that decides which documents are listed, or how they are described,
 * is part of it; credentials are not (a rotated secret lists the same library).
 */
export function sourceKey(config: SourceConfig): string {
  const { type } = config;
  return `${type}:${createHash('sha256').update(identity(config)).digest('hex').slice(0, 16)}`;
}

function identity(config: SourceConfig): string {
  switch (config.type) {
    case 'manifest':
      return config.url;
    case 'folder':
      return config.path;
    case 'webdav':
      return JSON.stringify([config.url, config.username ?? null]);
    case 'sharepoint':
      return JSON.stringify([
        config.graphBaseUrl,
        config.tenantId.toLowerCase(),
        config.site.toLowerCase(),
        config.library,
        config.folder ?? null,
        config.metadataColumns ?? null,
      ]);
  }
}
