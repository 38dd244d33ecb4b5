import type { ApiKeyRecord } from '@storewise/storage';
import { GraphQLError } from 'graphql/index.js';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { START_KEY_LABELS } from '../../auth/admin-key.js';
import { generateApiKey, hashSecret } from '../../auth/api-key.js';
import type { GatewayContext } from '../../context.js';
import { Access } from '../access.js';
import { ScopeValue } from '../enums.js';
import { checkIdLength, checkTextLength, MAX_LABEL_LENGTH } from '../inputs/check-inputs.js';
import { PageSizeScalar } from '../scalars.js';
import { ApiKey, CreatedApiKey } from '../types/api-key.js';
import { pageAfter } from './list-page.js';

const toApiKey = (k: ApiKeyRecord): ApiKey => ({ ...k, scopes: k.scopes as ScopeValue[] });

/** Key management, for admins. Rotation: create the new key, move clients over, then revoke the old one. */
@Resolver()
export class ApiKeyResolver {
  @Query(() => [ApiKey], {
    complexity: 10,
    description:
      'API keys, newest first, revoked ones included; the next page starts after the last keyId of this one (`after`).',
  })
  @Access('admin')
  async apiKeys(
    @Arg('first', () => PageSizeScalar) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<ApiKey[]> {
    checkIdLength('after', after);
    const keys = (await ctx.storage.listApiKeys()).sort(
      (a, b) =>
        b.createdAt.getTime() - a.createdAt.getTime() || (a.keyId < b.keyId ? -1 : a.keyId > b.keyId ? 1 : 0),
    );
    return pageAfter(keys, (k) => k.keyId, first, after, 'API key').map(toApiKey);
  }

  @Mutation(() => CreatedApiKey, {
    complexity: 10,
    description: 'Creates a key; its full text is returned once.',
  })
  @Access('admin')
  async createApiKey(
    @Arg('scopes', () => [ScopeValue]) scopes: ScopeValue[],
    @Arg('label', () => String, { nullable: true }) label: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<CreatedApiKey> {
    checkTextLength('label', label, MAX_LABEL_LENGTH);
    if (label !== null && START_KEY_LABELS.has(label))
      throw new GraphQLError(
        `label "${label}" is kept for the admin keys a start makes (a start revokes them)`,
        {
          extensions: { code: 'BAD_USER_INPUT', field: 'label' },
        },
      );
    if (scopes.length === 0) {
      throw new GraphQLError('scopes must name at least one scope', {
        extensions: { code: 'BAD_USER_INPUT', field: 'scopes' },
      });
    }
    const fresh = generateApiKey();
    const record = await ctx.storage.createApiKey({
      keyId: fresh.keyId,
      secretHash: hashSecret(fresh.secret),
      scopes: [...new Set(scopes)],
      label: label ?? null,
    });
    return { key: fresh.key, apiKey: toApiKey(record) };
  }

  @Mutation(() => Boolean, {
    complexity: 10,
    description:
      "Revokes a key at once; false if no live key has this id. The key of the request itself is refused (BAD_USER_INPUT): revoke it with another admin key, so that an admin cannot lock itself out (the gateway's STOREWISE_ADMIN_KEY revoked, the next start fails).",
  })
  @Access('admin')
  async revokeApiKey(
    @Arg('keyId', () => String) keyId: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<boolean> {
    checkIdLength('keyId', keyId);
    if (ctx.principal !== null && keyId === ctx.principal.keyId)
      throw new GraphQLError('this is the key of this request; revoke it with another admin key', {
        extensions: { code: 'BAD_USER_INPUT', field: 'keyId' },
      });
    const revoked = await ctx.storage.revokeApiKey(keyId);
    if (revoked) ctx.authenticator.forget(keyId);
    return revoked;
  }
}
