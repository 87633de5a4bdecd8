import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Integration tests start their own dynalite; e2e tests start the whole local system.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    globalSetup: ['tests/support/build-web.ts'],
    // Every test file's logs are checked for tokens and e-mail addresses (issue 11, item 8).
    setupFiles: ['tests/reliability/log-guard.ts'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
