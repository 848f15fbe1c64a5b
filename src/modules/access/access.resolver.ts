import { DateTimeISOResolver } from 'graphql-scalars';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Allow } from '../../auth';
import type { Context } from '../../context';
import { SystemRole } from './access.enums';
import { signedIn } from './access.rules';
import { IssuedApiKey } from './access.types';
import { ApiKey } from './api-key.entity';
import { findUser, issueApiKey, listApiKeys, listUsers, revokeApiKey } from './api-keys.service';
import { HubUser } from './hub-user.entity';

@Resolver(() => HubUser)
export class AccessResolver {
  @Allow('AUTHENTICATED')
  @Query(() => HubUser, { description: 'The account you are signed in as, with your roles and groups.' })
  me(@Ctx() { em, viewer }: Context): Promise<HubUser> {
    return findUser(em, signedIn(viewer).userId);
  }

  @Allow(SystemRole.ADMIN)
  @Query(() => [HubUser], { description: 'Every account, A to Z (admins).' })
  users(@Ctx() { em }: Context): Promise<HubUser[]> {
    return listUsers(em);
  }

  @Allow(SystemRole.ADMIN)
  @Query(() => [ApiKey], { description: 'API keys of service accounts (admins).' })
  apiKeys(
    @Arg('userId', () => ID, { nullable: true, description: 'Only the keys of this service account.' }) userId: string | null,
    @Ctx() { em }: Context,
  ): Promise<ApiKey[]> {
    return listApiKeys(em, userId);
  }

  @Allow(SystemRole.ADMIN)
  @Mutation(() => IssuedApiKey, { description: 'Issues an API key for a service account (admins). The key is shown once.' })
  createApiKey(
    @Arg('userId', () => ID, { description: 'The service account.' }) userId: string,
    @Arg('label', { description: 'What the key is for (up to 100 characters).' }) label: string,
    @Arg('expiresAt', () => DateTimeISOResolver, { nullable: true, description: 'When the key stops working; omit for never.' })
    expiresAt: Date | null,
    @Arg('trustedDocumentsOnly', () => Boolean, {
      nullable: true,
      description:
        'True to let the key send only trusted documents (operations registered from a manifest, sent by hash or as their exact text): a dashboard key that cannot run any other query if it leaks. Default false.',
    })
    trustedDocumentsOnly: boolean | null,
    @Ctx() { em }: Context,
  ): Promise<IssuedApiKey> {
    return issueApiKey(em, { userId, label, expiresAt, trustedDocumentsOnly: trustedDocumentsOnly ?? false });
  }

  @Allow(SystemRole.ADMIN)
  @Mutation(() => ApiKey, { description: 'Revokes an API key at once (admins).' })
  revokeApiKey(@Arg('id', () => ID, { description: 'The key.' }) id: string, @Ctx() { em, bus }: Context): Promise<ApiKey> {
    return revokeApiKey(em, bus, id);
  }
}
