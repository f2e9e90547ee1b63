import { describe, expect, it } from 'vitest'
import type { CopyCommand } from '../../src/engine/copy/CopyCommand.js'
import { splitStatements, tokenize } from '../../src/engine/RedshiftLexer.js'
import { translateStatement } from '../../src/engine/translateStatement.js'

const ROLE = "IAM_ROLE 'arn:aws:iam::123456789012:role/load'"

const parse = (sql: string, caseSensitive = false): CopyCommand => {
  const [tokens] = splitStatements(tokenize(sql))
  const plan = translateStatement(tokens ?? [], {
    caseSensitive,
    tempSchema: undefined,
    parameters: new Map(),
    database: 'dev',
  })
  if (plan.kind !== 'copy') throw new Error(`expected a copy plan, got ${plan.kind}`)
  return plan.command
}

describe('parseCopy: refusals first', () => {
  it('refuses an unknown option with Redshift syntax error', () => {
    expect(() => parse(`COPY t FROM 's3://b/k' ${ROLE} FROBNICATE`)).toThrow(
      'ERROR: syntax error at or near "FROBNICATE"',
    )
    expect(() => parse(`COPY t FROM 's3://b/k' ${ROLE} MAXERROR 'x'`)).toThrow(
      `ERROR: syntax error at or near "'x'"`,
    )
    expect(() => parse(`COPY t FROM 's3://b/k' ${ROLE} FORMAT AS XML`)).toThrow(
      'ERROR: syntax error at or near "XML"',
    )
  })

  it('refuses options the emulator does not implement, naming them, never ignoring them', () => {
    for (const option of [
      'FIXEDWIDTH',
      'PARQUET',
      'FORMAT AS AVRO',
      'REMOVEQUOTES',
      'ACCEPTANYDATE',
      'ENCRYPTED',
      'BZIP2',
      'ZSTD',
      'LZOP',
      'ENCODING UTF16',
    ]) {
      expect(() => parse(`COPY t FROM 's3://b/k' ${ROLE} ${option}`), option).toThrow(
        /^ERROR: COPY option \S+( \S+)? is not supported by the emulator; /,
      )
    }
    expect(() => parse(`COPY t FROM 's3://b/k' ${ROLE} BZIP2`)).toThrow(
      "ERROR: COPY option BZIP2 is not supported by the emulator; Node 20's zlib cannot decompress BZIP2: compress with GZIP",
    )
    expect(() => parse(`COPY t FROM 's3://b/k' ${ROLE} JSON 'noshred'`)).toThrow(
      "ERROR: JSON 'noshred' is not supported by the emulator",
    )
    expect(() => parse(`COPY t FROM 's3://b/paths.json' ${ROLE} JSON 's3://b/jsonpaths'`)).toThrow(
      "JSON 's3://b/jsonpaths' is not supported",
    )
    expect(() => parse(`COPY t FROM 'dynamodb://Table' ${ROLE}`)).toThrow(
      "ERROR: COPY from 'dynamodb://Table' is not supported by the emulator",
    )
  })

  it('refuses what the COPY pages forbid together', () => {
    expect(() => parse(`COPY t FROM 's3://b/k' ${ROLE} JSON 'auto' DELIMITER ','`)).toThrow(
      'ERROR: JSON cannot be used with DELIMITER',
    )
    expect(() => parse(`COPY t FROM 's3://b/k' ${ROLE} JSON 'auto' NULL AS 'x'`)).toThrow(
      'ERROR: JSON cannot be used with NULL AS',
    )
    expect(() => parse(`COPY t FROM 's3://b/k' ${ROLE} CSV ESCAPE`)).toThrow(
      'ERROR: CSV cannot be used with ESCAPE',
    )
    expect(() => parse(`COPY t FROM 's3://b/k' ${ROLE} QUOTE '%'`)).toThrow(
      'ERROR: QUOTE can be used only with CSV',
    )
    expect(() => parse(`COPY t FROM 's3://b/k' ${ROLE} CSV MAXERROR 100001`)).toThrow(
      'ERROR: MAXERROR 100001 is out of range: give 0 to 100000',
    )
    expect(() => parse(`COPY t FROM 's3://b/k' ${ROLE} MAXERROR 3 IGNOREALLERRORS`)).toThrow(
      'ERROR: IGNOREALLERRORS cannot be used with MAXERROR',
    )
    expect(() => parse(`COPY t FROM 's3://b/k' ${ROLE} CSV DELIMITER '||'`)).toThrow(
      "ERROR: DELIMITER '||' is not supported by the emulator; give a single ASCII character",
    )
    expect(() => parse(`COPY t FROM 's3://b/' ${ROLE} MANIFEST`)).toThrow(
      "ERROR: MANIFEST needs the full path of one manifest object, not the prefix 's3://b/'",
    )
  })

  it('needs exactly one authorization, well formed', () => {
    expect(() => parse("COPY t FROM 's3://b/k' CSV")).toThrow(
      'ERROR: COPY from S3 needs authorization',
    )
    expect(() => parse(`COPY t FROM 's3://b/k' ${ROLE} IAM_ROLE default`)).toThrow(
      'ERROR: conflicting or redundant authorization',
    )
    expect(() => parse("COPY t FROM 's3://b/k' IAM_ROLE 'not-an-arn'")).toThrow(
      "ERROR: IAM_ROLE 'not-an-arn' is not a role ARN",
    )
    expect(() => parse("COPY t FROM 's3://b/k' CREDENTIALS 'aws_access_key_id=A'")).toThrow(
      'ERROR: Invalid credentials. Must be of the format',
    )
    expect(() => parse("COPY t FROM 's3://b/k' ACCESS_KEY_ID 'A'")).toThrow(
      'ERROR: ACCESS_KEY_ID and SECRET_ACCESS_KEY must be given together',
    )
  })
})

describe('parseCopy: what it reads', () => {
  it('reads table, column list, source and the role', () => {
    const command = parse(
      `copy "Sch".Events ("Id", name) from 's3://bucket/pre/fix' ${ROLE} region as 'eu-west-1'`,
    )
    expect(command).toMatchObject({
      table: '"sch".Events',
      columns: ['id', 'name'],
      source: 's3://bucket/pre/fix',
      authorization: { kind: 'role', roleArn: 'arn:aws:iam::123456789012:role/load' },
      region: 'eu-west-1',
      format: { kind: 'text' },
      delimiter: '|',
      maxError: 0,
    })
    expect(parse(`copy t ("Id") from 's3://b/k' ${ROLE}`, true).columns).toEqual(['Id'])
    expect(parse("copy t from 's3://b/k' iam_role default").authorization).toEqual({
      kind: 'role',
      roleArn: 'default',
    })
  })

  it('reads the three ways of giving keys', () => {
    const keys = { kind: 'keys', accessKeyId: 'AK', secretAccessKey: 'SK', sessionToken: 'TOK' }
    expect(
      parse(
        "copy t from 's3://b/k' credentials 'aws_access_key_id=AK;aws_secret_access_key=SK;token=TOK'",
      ).authorization,
    ).toEqual(keys)
    expect(
      parse("copy t from 's3://b/k' access_key_id 'AK' secret_access_key 'SK' session_token 'TOK'")
        .authorization,
    ).toEqual(keys)
    expect(
      parse(
        "copy t from 's3://b/k' with credentials as 'aws_iam_role=arn:aws:iam::123456789012:role/x'",
      ).authorization,
    ).toEqual({ kind: 'role', roleArn: 'arn:aws:iam::123456789012:role/x' })
  })

  it('reads formats and conversion options', () => {
    expect(
      parse(`copy t from 's3://b/k' ${ROLE} format as csv quote as '%' delimiter ';'`),
    ).toMatchObject({
      format: { kind: 'csv', quote: '%' },
      delimiter: ';',
    })
    expect(parse(`copy t from 's3://b/k' ${ROLE} csv`).delimiter).toBe(',')
    expect(parse(`copy t from 's3://b/k' ${ROLE} json 'auto ignorecase'`).format).toEqual({
      kind: 'json',
      ignoreCase: true,
    })
    expect(parse(`copy t from 's3://b/k' ${ROLE} format json`).format).toEqual({
      kind: 'json',
      ignoreCase: false,
    })
    expect(
      parse(
        `copy t from 's3://b/k' ${ROLE} csv gzip null as 'NIL' emptyasnull blanksasnull trimblanks truncatecolumns roundec acceptinvchars as '^' ignoreheader as 2 maxerror as 5 dateformat 'MM/DD/YYYY' timeformat as 'epochsecs' compupdate off statupdate on comprows 1000 explicit_ids encoding utf8 ignoreblanklines fillrecord noload`,
      ),
    ).toMatchObject({
      gzip: true,
      nullAs: 'NIL',
      emptyAsNull: true,
      blanksAsNull: true,
      trimBlanks: true,
      truncateColumns: true,
      roundDecimals: true,
      acceptInvalidChars: '^',
      ignoreHeader: 2,
      maxError: 5,
      dateFormat: 'MM/DD/YYYY',
      timeFormat: 'epochsecs',
      ignoreBlankLines: true,
      fillRecord: true,
      noLoad: true,
    })
    expect(parse(`copy t from 's3://b/k' ${ROLE} ignoreallerrors`).maxError).toBe(
      Number.POSITIVE_INFINITY,
    )
    expect(parse(`copy t from 's3://b/k' ${ROLE} delimiter '\\t' escape`)).toMatchObject({
      delimiter: '\t',
      escape: true,
    })
  })
})
