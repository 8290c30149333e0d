import { defineConfig } from 'vitest/config';

// Tests read the workspace packages' TypeScript sources through the
// "@pushgate/source" export condition, so no build is needed before a test run.
export default defineConfig({
  resolve: { conditions: ['@pushgate/source'] },
  ssr: { resolve: { conditions: ['@pushgate/source'] } },
  test: {
    projects: ['packages/*', 'apps/*'],
  },
});
