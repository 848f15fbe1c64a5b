import { LocalDateResolver } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../pagination';
import { CaseCategory, CasePersonRole, CaseStatus, RiskLevel } from './cases.enums';

@InputType({ description: 'A person to link to a case (personal data).' })
export class CasePersonInput {
  @Field({ description: 'Full name (up to 200 characters).' })
  name!: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Date of birth, if known; not in the future.' })
  dateOfBirth?: string | null;

  @Field(() => CasePersonRole, { description: 'How the person is linked to the case.' })
  role!: CasePersonRole;
}

@InputType({ description: 'An address to link to a case (personal data).' })
export class CaseAddressInput {
  @Field({ description: 'Address (up to 300 characters).' })
  address!: string;

  @Field(() => String, { nullable: true, description: 'Postcode, if known.' })
  postcode?: string | null;
}

@InputType({ description: 'A new case for a tasking group.' })
export class OpenCaseInput {
  @Field(() => ID, { description: 'The group that will own the case; you must be a member.' })
  groupId!: string;

  @Field({ description: 'Short title (up to 200 characters).' })
  title!: string;

  @Field(() => CaseCategory, { description: 'What the case is about.' })
  category!: CaseCategory;

  @Field({ description: "Ward code; the ward must be in the group's locality." })
  wardCode!: string;

  @Field(() => String, { nullable: true, description: 'LSOA code, if known; it must be in the ward.' })
  lsoaCode?: string | null;

  @Field({ description: 'Where the problem is (up to 200 characters).' })
  location!: string;

  @Field(() => RiskLevel, { description: 'Assessed risk.' })
  riskLevel!: RiskLevel;

  @Field(() => ID, { description: 'Partner organisation that leads on the case.' })
  leadAgencyId!: string;

  @Field(() => CaseStatus, {
    nullable: true,
    description: 'REFERRED (the default) or OPEN when the group accepts the case straight away.',
  })
  status?: CaseStatus | null;

  @Field(() => [CasePersonInput], { nullable: true, description: 'People linked to the case.' })
  people?: CasePersonInput[] | null;

  @Field(() => [CaseAddressInput], { nullable: true, description: 'Addresses linked to the case.' })
  addresses?: CaseAddressInput[] | null;

  @Field(() => String, { nullable: true, description: 'A first note (up to 5,000 characters).' })
  note?: string | null;
}

@InputType({ description: 'Changes to the details of a case; fields left out stay as they are.' })
export class UpdateCaseInput {
  @Field(() => ID, { description: 'The case.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale version gets CONFLICT and changes nothing.' })
  version!: number;

  @Field(() => String, { nullable: true, description: 'New title.' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'New location.' })
  location?: string | null;

  @Field(() => RiskLevel, { nullable: true, description: 'New risk level.' })
  riskLevel?: RiskLevel | null;

  @Field(() => ID, { nullable: true, description: 'New lead agency.' })
  leadAgencyId?: string | null;

  @Field(() => CaseCategory, { nullable: true, description: 'New category.' })
  category?: CaseCategory | null;
}

@InputType({ description: 'A move of a case to another status.' })
export class ChangeCaseStatusInput {
  @Field(() => ID, { description: 'The case.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read.' })
  version!: number;

  @Field(() => CaseStatus, { description: 'The new status; it must be an allowed move (see CaseStatus).' })
  status!: CaseStatus;

  @Field(() => String, { nullable: true, description: 'Why, recorded as a case note (up to 5,000 characters).' })
  reason?: string | null;
}

@InputType({ description: 'A note to add to a case (personal data: free text).' })
export class AddCaseNoteInput {
  @Field(() => ID, { description: 'The case.' })
  caseId!: string;

  @Field({ description: 'The note (up to 5,000 characters).' })
  text!: string;
}

@ArgsType()
export class CasesArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only this group (you must be a member); default: all your groups.' })
  groupId?: string | null;

  @Field(() => [CaseStatus], { nullable: true, description: 'Only these statuses.' })
  status?: CaseStatus[] | null;

  @Field(() => CaseCategory, { nullable: true, description: 'Only this category.' })
  category?: CaseCategory | null;

  @Field(() => String, { nullable: true, description: 'Only cases in this ward.' })
  wardCode?: string | null;
}

/** Limits on free text, shared by validation and the schema descriptions above. */
export const CASE_TEXT = { title: 200, location: 200, name: 200, address: 300, postcode: 10, note: 5000, purpose: 300 } as const;
