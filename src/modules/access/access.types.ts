import { Field, ObjectType } from 'type-graphql';
import { ApiKey } from './api-key.entity';

@ObjectType({ description: 'A new API key: copy `key` now, the hub cannot show it again.' })
export class IssuedApiKey {
  @Field({ description: 'The key, to send as "Authorization: Bearer <key>".' })
  key!: string;

  @Field(() => ApiKey, { description: 'The stored record of the key.' })
  apiKey!: ApiKey;
}
