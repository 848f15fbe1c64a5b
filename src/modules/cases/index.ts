import { defineModule } from '../../module';
import { CaseAddress, CaseNote, CasePerson } from './case-personal.entity';
import { TaskingCase } from './case.entity';
import { casesLoaders } from './cases.loaders';
import { CaseResolver, TaskingEventCaseResolver } from './cases.resolver';

/** Community-safety cases of the tasking groups, with their personal data kept apart and audited. */
export const casesModule = defineModule({
  name: 'cases',
  entities: [TaskingCase, CasePerson, CaseAddress, CaseNote],
  resolvers: [CaseResolver, TaskingEventCaseResolver],
  loaders: casesLoaders,
});
