import { defineConfig } from 'prisma/config';

// Prisma 7 reads no .env; the CLI only ever runs `generate` here (migrations
// are applied by lib/db/migrate.ts at start).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
