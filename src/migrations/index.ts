import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261125031753 } from './Migration20261125031753';

/** Every migration, oldest first. Add each new migration here when you create it. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261125031753', class: Migration20261125031753 },
];
