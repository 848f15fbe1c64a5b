import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261125031753 } from './Migration20261125031753';
import { Migration20261125034431 } from './Migration20261125034431';
import { Migration20261125035337 } from './Migration20261125035337';
import { Migration20261125044924 } from './Migration20261125044924';
import { Migration20261125051248 } from './Migration20261125051248';
import { Migration20261125051300 } from './Migration20261125051300';
import { Migration20261125063000 } from './Migration20261125063000';
import { Migration20261203055843 } from './Migration20261203055843';
import { Migration20261203060000 } from './Migration20261203060000';
import { Migration20261203061500 } from './Migration20261203061500';
import { Migration20261203092526 } from './Migration20261203092526';
import { Migration20261203131500 } from './Migration20261203131500';
import { Migration20261203150000 } from './Migration20261203150000';
import { Migration20261203170000 } from './Migration20261203170000';
import { Migration20261203171500 } from './Migration20261203171500';
import { Migration20261203174500 } from './Migration20261203174500';

/** Every migration, oldest first. Add each new migration here when you create it. */
export const migrationsList: MigrationObject[] = [
  // Localities, wards, councillors, LSOAs, population, deprivation, ward plans, partners, sources.
  { name: 'Migration20261125031753', class: Migration20261125031753 },
  // Which wards each data source touches, for dataRefreshed announcements.
  { name: 'Migration20261125034431', class: Migration20261125034431 },
  // Partners' data: police crime and outcomes, JSNA indicators, IMD domains, housing, ward budgets, import provenance.
  { name: 'Migration20261125035337', class: Migration20261125035337 },
  // The transactional outbox that live updates are read from, in commit-safe order.
  { name: 'Migration20261125044924', class: Migration20261125044924 },
  // Joint tasking: accounts, API keys, groups and memberships, cases, actions, meetings, issues, audit.
  { name: 'Migration20261125051248', class: Migration20261125051248 },
  // Row-level security on case tables, aggregate views, the app role, and an append-only audit trail.
  { name: 'Migration20261125051300', class: Migration20261125051300 },
  // Case reference numbers from a counter per group and year, safe under concurrent openings.
  { name: 'Migration20261125063000', class: Migration20261125063000 },
  // Localities name their source (the ward grouping is an assumption, and its source says so).
  { name: 'Migration20261203055843', class: Migration20261203055843 },
  // One active membership per person and group (duplicates from before revoked first).
  { name: 'Migration20261203060000', class: Migration20261203060000 },
  // What each import replaced, and its warnings.
  { name: 'Migration20261203061500', class: Migration20261203061500 },
  // Ward residents from the newest population edition, as a view every population figure reads.
  { name: 'Migration20261203092526', class: Migration20261203092526 },
  // No index on crime.crime_ref: no read uses it, and it was the dearest part of importing crimes.
  { name: 'Migration20261203131500', class: Migration20261203131500 },
  // Crime's (lsoa_code, month) index carries the category: a ward's counts by month and type read only the index.
  { name: 'Migration20261203150000', class: Migration20261203150000 },
  // Trusted documents every process knows, and API keys limited to them.
  { name: 'Migration20261203170000', class: Migration20261203170000 },
  // A locality's name is unique in any case: it is the locality's federation key.
  { name: 'Migration20261203171500', class: Migration20261203171500 },
  // LSOA residents from the newest population edition, as ward_residents picks it: LSOA population, crime rates, ordering.
  { name: 'Migration20261203174500', class: Migration20261203174500 },
];
