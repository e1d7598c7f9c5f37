import { defineConfig } from 'drizzle-kit';

// `npm run db:generate -w @mediaplane/control-api` writes SQL migrations to drizzle/, which are committed.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './drizzle',
});
