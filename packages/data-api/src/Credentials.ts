/**
 * How requests are signed: the default provider chain, a named profile, static keys (with an
 * optional session token for temporary keys), or an assumed role.
 */

import type { RedshiftDataClientConfig } from '@aws-sdk/client-redshift-data'
import {
  fromIni,
  fromNodeProviderChain,
  fromTemporaryCredentials,
} from '@aws-sdk/credential-providers'
import { Redacted } from 'effect'

/** The default AWS provider chain: environment, shared files, SSO, container, instance metadata. */
export interface DefaultChainCredentials {
  readonly _tag: 'DefaultChain'
}

/** A named profile from the shared config and credentials files. */
export interface ProfileCredentials {
  readonly _tag: 'Profile'
  readonly profile: string
}

/** Static keys; temporary keys (`ASIA...`) also need their session token. */
export interface StaticCredentials {
  readonly _tag: 'Static'
  readonly accessKeyId: string
  readonly secretAccessKey: Redacted.Redacted<string>
  readonly sessionToken?: Redacted.Redacted<string>
}

/** Assume `roleArn` through STS, signing the AssumeRole call with `source` (default chain if omitted). */
export interface AssumeRoleCredentials {
  readonly _tag: 'AssumeRole'
  readonly roleArn: string
  readonly sessionName?: string
  readonly externalId?: string
  readonly source?: DefaultChainCredentials | ProfileCredentials | StaticCredentials
  /** STS endpoint override, e.g. a VPC endpoint. Default: the regional STS endpoint. */
  readonly stsEndpoint?: string
}

export type Credentials =
  | DefaultChainCredentials
  | ProfileCredentials
  | StaticCredentials
  | AssumeRoleCredentials

const secret = (value: string | Redacted.Redacted<string>): Redacted.Redacted<string> =>
  typeof value === 'string' ? Redacted.make(value) : value

/**
 * The default provider chain.
 *
 * @example
 * ```ts
 * DataApiConfig.make({ workgroupName: 'wg', database: 'dev', region: 'us-east-1', credentials: defaultChain() })
 * ```
 */
export const defaultChain = (): DefaultChainCredentials => ({ _tag: 'DefaultChain' })

/**
 * A named profile.
 *
 * @example
 * ```ts
 * profile('analytics')
 * ```
 */
export const profile = (name: string): ProfileCredentials => ({ _tag: 'Profile', profile: name })

/**
 * Static keys, plain or `Redacted`; pass `sessionToken` with temporary keys.
 *
 * @example
 * ```ts
 * staticKeys({ accessKeyId: 'ASIA...', secretAccessKey: '...', sessionToken: '...' })
 * ```
 */
export const staticKeys = (keys: {
  readonly accessKeyId: string
  readonly secretAccessKey: string | Redacted.Redacted<string>
  readonly sessionToken?: string | Redacted.Redacted<string> | undefined
}): StaticCredentials =>
  keys.sessionToken === undefined
    ? {
        _tag: 'Static',
        accessKeyId: keys.accessKeyId,
        secretAccessKey: secret(keys.secretAccessKey),
      }
    : {
        _tag: 'Static',
        accessKeyId: keys.accessKeyId,
        secretAccessKey: secret(keys.secretAccessKey),
        sessionToken: secret(keys.sessionToken),
      }

/**
 * Assume a role through STS.
 *
 * @example
 * ```ts
 * assumeRole({ roleArn: 'arn:aws:iam::123456789012:role/loader', source: profile('ci') })
 * ```
 */
export const assumeRole = (
  options: Omit<AssumeRoleCredentials, '_tag'>,
): AssumeRoleCredentials => ({
  _tag: 'AssumeRole',
  ...options,
})

/** What the SDK client accepts as `credentials`. */
export type CredentialProvider = NonNullable<RedshiftDataClientConfig['credentials']>

interface Identity {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
}

const staticIdentity = (c: StaticCredentials): Identity =>
  c.sessionToken === undefined
    ? { accessKeyId: c.accessKeyId, secretAccessKey: Redacted.value(c.secretAccessKey) }
    : {
        accessKeyId: c.accessKeyId,
        secretAccessKey: Redacted.value(c.secretAccessKey),
        sessionToken: Redacted.value(c.sessionToken),
      }

/**
 * The SDK credential provider for a `Credentials` choice.
 *
 * @example
 * ```ts
 * new RedshiftDataClient({ region, credentials: credentialProvider(profile('ci'), region) })
 * ```
 */
export const credentialProvider = (
  credentials: Credentials,
  region: string,
): CredentialProvider => {
  switch (credentials._tag) {
    case 'DefaultChain':
      return fromNodeProviderChain()
    case 'Profile':
      return fromIni({ profile: credentials.profile })
    case 'Static': {
      const identity = staticIdentity(credentials)
      return () => Promise.resolve({ ...identity })
    }
    case 'AssumeRole': {
      const source = credentials.source ?? defaultChain()
      return fromTemporaryCredentials({
        params: {
          RoleArn: credentials.roleArn,
          RoleSessionName: credentials.sessionName ?? `redstore-${Date.now()}`,
          ...(credentials.externalId === undefined ? {} : { ExternalId: credentials.externalId }),
        },
        masterCredentials: credentialProvider(source, region),
        clientConfig:
          credentials.stsEndpoint === undefined
            ? { region }
            : { region, endpoint: credentials.stsEndpoint },
      })
    }
  }
}
