export {
  type Emulator,
  type EmulatorClientCredentials,
  startEmulator,
} from './Emulator.js'
export {
  defaultCluster,
  defaultCredentials,
  defaultDatabase,
  defaultHost,
  defaultLimits,
  defaultPort,
  defaultRegion,
  defaultSecret,
  defaultSecretArn,
  defaultWorkgroup,
  type EmulatorConfig,
  type EmulatorCredentials,
  type EmulatorOptions,
  type FaultKind,
  type FaultOptions,
  type FaultRule,
  InvalidEmulatorOptionError,
  isInvalidEmulatorOptionError,
  type LatencyOptions,
  type LimitOptions,
  resolveEmulatorOptions,
  type S3Options,
  type SecretValue,
} from './EmulatorOptions.js'
export type { BackendOptions } from './engine/Engine.js'
export {
  isServiceError,
  type OperationName,
  operationNames,
  ServiceError,
} from './protocol/contract.js'
export { isListenError, ListenError } from './protocol/WireServer.js'
