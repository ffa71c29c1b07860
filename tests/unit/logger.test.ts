import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLogger, redact } from '../../sync/log/logger.js';
import { tempDir } from '../helpers/tempDir.js';

describe('logger', () => {
  it('masks secrets in field names, free text and URLs', () => {
    expect(redact({ password: 'hemligt', clientSecret: 'x', nested: { accessToken: 'y' }, url: 'https://u:p@h/x' })).toEqual({
      password: '***',
      clientSecret: '***',
      nested: { accessToken: '***' },
      url: 'https://***:***@h/x',
    });
    expect(redact('POST token: abc123 client_secret=s3cr3t&x=1')).toBe('POST token: *** client_secret=***&x=1');
  });

  it('writes JSON lines and rotates by size, keeping a bounded number of files', () => {
    const dir = tempDir();
    const log = createFileLogger({ dir, maxBytes: 2000, keep: 3 });
    for (let i = 0; i < 200; i++) log.info('synk klar', { i, password: 'hemligt' });
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(['lita-reserv.log', 'lita-reserv.log.1', 'lita-reserv.log.2', 'lita-reserv.log.3']);
    for (const f of files) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      expect(fs.statSync(path.join(dir, f)).size).toBeLessThanOrEqual(2200);
      expect(text).not.toContain('hemligt');
      for (const line of text.trim().split('\n')) expect(JSON.parse(line)).toMatchObject({ level: 'info', msg: 'synk klar' });
    }
  });
});
