import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@pushgate/source'] },
  ssr: { resolve: { conditions: ['@pushgate/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
