/** `@redstore/test-support`: what the packages' tests share (private, never published). */
export * from './dataApiClient.js'
export * from './localS3.js'
export * from './postgresServer.js'
export * from './psql.js'
