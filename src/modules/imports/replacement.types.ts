import { Field, Int, ObjectType } from 'type-graphql';
import type { Replacement } from './import.types';

@ObjectType({
  description:
    'What an import replaced. Each kind replaces exactly the units its file covers (housing: ward-months; ward budgets: ' +
    'ward, fund and financial year; Fingertips: figures; IMD and ONS lookup: LSOAs; police.uk: LSOA-months) and nothing else.',
})
export class ImportReplacement implements Replacement {
  @Field({ description: 'What one unit is: ward-month, ward-fund-year, figure, LSOA or LSOA-month.' })
  unit!: string;

  @Field(() => Int, { description: 'Units the file covers.' })
  covered!: number;

  @Field(() => Int, { description: "Of those, units that already held rows, now replaced by the file's." })
  replaced!: number;

  @Field(() => Int, { description: 'Rows removed (for LSOAs, reassigned) to replace them.' })
  rows!: number;
}
