import { ArgsType, Field } from 'type-graphql';
import { PageArgs } from '../../pagination';
import { PartnerKind } from './partner.enums';

@ArgsType()
export class PartnersArgs extends PageArgs {
  @Field(() => PartnerKind, { nullable: true, description: 'Only partners of this kind.' })
  kind?: PartnerKind | null;

  @Field(() => String, { nullable: true, description: 'Only partners whose name contains this text (any case).' })
  nameContains?: string | null;
}
