import { Field, ObjectType } from 'type-graphql';
import { CaseAddress, CaseNote, CasePerson } from './case-personal.entity';

@ObjectType({
  description:
    'Personal data on a case: people, addresses and free-text notes. Members of the owning group only; each read is audited with its stated purpose.',
})
export class CasePersonalData {
  @Field(() => [CasePerson], { description: 'People linked to the case.' })
  people!: CasePerson[];

  @Field(() => [CaseAddress], { description: 'Addresses linked to the case.' })
  addresses!: CaseAddress[];

  @Field(() => [CaseNote], { description: 'Notes, oldest first.' })
  notes!: CaseNote[];
}
