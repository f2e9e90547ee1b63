export * from './postgresServer.js'
