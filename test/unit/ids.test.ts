import { describe, expect, it } from 'vitest';
import { newId } from '../../server/auth/tokens.js';
import { csvCell } from '../../server/export/csv.js';

describe('record ids', () => {
  it('are 22 base64url characters that never start like a formula, so CSV carries them unchanged', () => {
    for (let i = 0; i < 20_000; i++) {
      const id = newId();
      expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{21}$/);
      expect(csvCell(id)).toBe(id);
    }
  });
});
