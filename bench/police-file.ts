import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { CRIME_CATEGORIES } from '../src/modules/crime/crime.enums';

/** A police.uk-format street file of `count` rows: nine in ten in the borough's LSOAs, the rest elsewhere. */
export function writePoliceFile(file: string, count: number, lsoas: { code: string; name: string }[]): void {
  const categories = CRIME_CATEGORIES;
  const fd = fs.openSync(file, 'w');
  let buffer =
    'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n';
  for (let i = 0; i < count; i += 1) {
    const category = categories[i % categories.length];
    const asb = category === 'Anti-social behaviour';
    const inside = i % 10 !== 0;
    const lsoa = inside
      ? lsoas[i % lsoas.length]
      : { code: `E0100${String(8000 + (i % 500)).padStart(4, '0')}`, name: `Sheffield ${String(i % 70).padStart(3, '0')}A` };
    const month = `20${22 + ((i >> 4) % 2)}-${String((i % 12) + 1).padStart(2, '0')}`;
    const id = asb ? '' : createHash('sha256').update(String(i)).digest('hex');
    buffer += `${id},${month},South Yorkshire Police,South Yorkshire Police,-1.${356000 + (i % 9999)},53.${430000 + (i % 9999)},On or near Main Street,${lsoa.code},${lsoa.name},${category},${asb ? '' : 'Under investigation'},\n`;
    if (buffer.length > 1 << 20) {
      fs.writeSync(fd, buffer);
      buffer = '';
    }
  }
  fs.writeSync(fd, buffer);
  fs.closeSync(fd);
}
