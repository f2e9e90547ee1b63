import type { FaultOptions, FaultRule } from '../EmulatorOptions.js'
import { InvalidEmulatorOptionError } from '../EmulatorOptions.js'
import type { OperationName, StatementFaults } from '../protocol/contract.js'
import { operationNames } from '../protocol/contract.js'
import { seededRandom } from './SeededRandom.js'

/** What the wire layer does to one API call instead of (or after) answering it. */
export type ApiFault =
  | { readonly kind: 'throttling' }
  | { readonly kind: 'internal' }
  | { readonly kind: 'drop-connection'; readonly afterExecute: boolean }

/**
 * Decides, call by call, which injected faults fire. Each rule counts its own matching
 * calls and draws from its own generator (derived from the seed and the rule's index),
 * so a rule's decisions depend only on how many calls it has seen: the same seed and the
 * same sequence of calls give the same faults, whatever other rules do.
 */
export interface FaultInjector extends StatementFaults {
  /** The API-level fault for this call of `operation`, if any rule fires. */
  nextApiFault(operation: OperationName): ApiFault | undefined
}

interface RuleState {
  readonly rule: FaultRule
  readonly random: () => number
  calls: number
}

const apiKinds = new Set(['throttling', 'internal', 'drop-connection'])
const statementOperations = new Set<string>(['ExecuteStatement', 'BatchExecuteStatement'])

/**
 * Builds the fault injector of `options` (none fire when `options` is undefined).
 *
 * @example
 * const faults = createFaultInjector({ seed: 7, rules: [{ kind: 'throttling', schedule: [1] }] })
 * faults.nextApiFault('ExecuteStatement') // { kind: 'throttling' }
 * faults.nextApiFault('ExecuteStatement') // undefined
 */
export const createFaultInjector = (options?: FaultOptions): FaultInjector => {
  const seed = options?.seed ?? 0
  const rules = options?.rules ?? []
  rules.forEach(checkRule)
  const states: Array<RuleState> = rules.map((rule, index) => ({
    rule,
    random: seededRandom((seed + Math.imul(index + 1, 0x632be5ab)) >>> 0),
    calls: 0,
  }))
  const api = states.filter((s) => apiKinds.has(s.rule.kind))
  const statement = states.filter((s) => s.rule.kind === 'serializable')

  /** Every matching rule counts and draws; the first one that fires decides. */
  const firstFiring = (
    candidates: ReadonlyArray<RuleState>,
    operation: OperationName | undefined,
  ): FaultRule | undefined => {
    let fired: FaultRule | undefined
    for (const state of candidates) {
      const { rule } = state
      if (rule.operation !== undefined && operation !== undefined && rule.operation !== operation) {
        continue
      }
      state.calls += 1
      const hit = fires(state)
      if (hit && fired === undefined) fired = rule
    }
    return fired
  }

  return {
    nextApiFault(operation) {
      const rule = firstFiring(api, operation)
      if (rule === undefined) return undefined
      if (rule.kind === 'drop-connection') {
        return { kind: 'drop-connection', afterExecute: rule.afterExecute === true }
      }
      return { kind: rule.kind === 'throttling' ? 'throttling' : 'internal' }
    },
    nextStatementFault(operation?: OperationName) {
      return firstFiring(statement, operation) === undefined ? undefined : 'serializable'
    },
  }
}

const fires = (state: RuleState): boolean => {
  const { rule } = state
  const bySchedule = rule.schedule?.includes(state.calls) ?? false
  // A rule with neither rate nor schedule fires on every matching call.
  if (rule.rate === undefined) return rule.schedule === undefined || bySchedule
  const byRate = state.random() < rule.rate
  return byRate || bySchedule
}

const checkRule = (rule: FaultRule, index: number): void => {
  const where = `faults.rules[${index}]`
  if (!['throttling', 'internal', 'drop-connection', 'serializable'].includes(rule.kind)) {
    throw new InvalidEmulatorOptionError(
      `${where}.kind`,
      `'${String(rule.kind)}' is not a fault kind`,
      'use throttling, internal, drop-connection or serializable',
    )
  }
  if (
    rule.operation !== undefined &&
    !(operationNames as ReadonlyArray<string>).includes(rule.operation)
  ) {
    throw new InvalidEmulatorOptionError(
      `${where}.operation`,
      `'${rule.operation}' is not a Data API operation`,
      `use one of ${operationNames.join(', ')}`,
    )
  }
  if (
    rule.kind === 'serializable' &&
    rule.operation !== undefined &&
    !statementOperations.has(rule.operation)
  ) {
    throw new InvalidEmulatorOptionError(
      `${where}.operation`,
      `a serializable fault cannot apply to ${rule.operation}`,
      'use ExecuteStatement or BatchExecuteStatement, or leave the operation out',
    )
  }
  if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1)) {
    throw new InvalidEmulatorOptionError(
      `${where}.rate`,
      `${rule.rate} is not in 0..1`,
      'give a probability between 0 and 1',
    )
  }
  if (rule.schedule !== undefined && !rule.schedule.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new InvalidEmulatorOptionError(
      `${where}.schedule`,
      `[${rule.schedule.join(', ')}] holds a value that is not a positive integer`,
      'list 1-based call numbers, e.g. [1, 3]',
    )
  }
  if (rule.afterExecute === true && rule.kind !== 'drop-connection') {
    throw new InvalidEmulatorOptionError(
      `${where}.afterExecute`,
      `afterExecute applies to drop-connection only, not to ${rule.kind}`,
      'remove afterExecute or use kind drop-connection',
    )
  }
}
