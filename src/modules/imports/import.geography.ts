import type { ClientBase } from 'pg';
import type { Geography } from './import.types';

/** The local authority an LSOA name belongs to: "Rotherham 014A" → "Rotherham". */
export function authorityOf(lsoaName: string): string {
  return lsoaName.trim().replace(/\s+\S+$/, '');
}

/** The borough's LSOAs, wards and authority names, read once at the start of an import. */
export async function readGeography(client: ClientBase): Promise<Geography> {
  const lsoas = await client.query<{ code: string; name: string; ward_code: string }>('select code, name, ward_code from lsoa');
  const wards = await client.query<{ code: string }>('select code from ward');
  return {
    lsoaWard: new Map(lsoas.rows.map((l) => [l.code, l.ward_code])),
    wards: new Set(wards.rows.map((w) => w.code)),
    authorityNames: new Set(lsoas.rows.map((l) => authorityOf(l.name))),
  };
}
