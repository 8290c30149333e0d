import { defineConfig } from 'vitest/config';

// Tests read the workspace packages' TypeScript sources through the
// "@pushgate/source" export condition, so no build is needed before a test run.
const sourceConditions = {
  resolve: { conditions: ['@pushgate/source'] },
  ssr: { resolve: { conditions: ['@pushgate/source'] } },
};

export default defineConfig({
  ...sourceConditions,
  test: {
    projects: [
      'packages/*',
      'apps/*',
      // The tests of `pnpm bench` itself run after every other project, alone:
      // the harness loads both cores with wrk, which would push other tests past their timeouts.
      {
        ...sourceConditions,
        test: {
          name: 'bench',
          root: './apps/gateway',
          include: ['bench/**/*.test.ts'],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
