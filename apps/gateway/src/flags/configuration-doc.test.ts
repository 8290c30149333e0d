import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { configurationMarkdown } from './configuration-doc.js';
import { describeFlags } from './schema.js';

const DOC = fileURLToPath(new URL('../../../../docs/configuration.md', import.meta.url));

it('docs/configuration.md is the reference generated from the flag schema', () => {
  const generated = configurationMarkdown();
  if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC, generated);
  expect(readFileSync(DOC, 'utf8')).toBe(generated);
  for (const flag of describeFlags())
    expect(generated).toMatch(new RegExp(`\\| \`--(\\[no-\\])?${flag.name}[=\`]`));
});
