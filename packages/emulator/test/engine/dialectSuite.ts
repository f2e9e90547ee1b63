import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Engine, EngineCell, EngineSession, StatementResult } from '../../src/engine/Engine.js'

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** An engine under test and how to stop what it runs on. */
export interface DialectBackend {
  readonly engine: Engine
  stop(): Promise<void>
}

/** The Redshift dialect behaviours, run against one backend (one engine per test file). */
export const defineDialectSuite = (
  backendName: string,
  start: () => Promise<DialectBackend>,
): void => {
  let backend: DialectBackend
  let engine: Engine
  let session: EngineSession

  beforeAll(async () => {
    backend = await start()
    engine = backend.engine
    session = await engine.openSession({ database: 'dev', user: 'admin' })
  }, 120_000)

  afterAll(async () => {
    await session?.close()
    await backend?.stop()
  })

  const values = (result: StatementResult): unknown[][] =>
    result.rows.map((row) =>
      row.map((cell: EngineCell) => (cell.kind === 'null' ? null : cell.value)),
    )

  const one = async (sql: string, s = session): Promise<unknown> => values(await s.run(sql))[0]?.[0]

  describe(`Redshift dialect executed ${backendName}`, () => {
    it('folds quoted and unquoted identifiers to lowercase', async () => {
      await session.run('CREATE TABLE "Folded" ("UserId" int, "userName" varchar(10))')
      await session.run('INSERT INTO folded (userid, "USERNAME") VALUES (1, \'a\')')
      const result = await session.run('SELECT "USERID", UserName FROM "FOLDED"')
      expect(result.columns.map((c) => c.name)).toEqual(['userid', 'username'])
      expect(values(result)).toEqual([[1n, 'a']])
      const described = await engine.describeTable('dev', 'public', 'folded')
      expect(described?.map((c) => c.name)).toEqual(['userid', 'username'])
    })

    it('folds only ASCII letters of names, quoted or not, as Redshift does', async () => {
      await session.run('CREATE TABLE "ÄrgerLog" ("CÖDE ""x""" int, Größe int)')
      await session.run('INSERT INTO ÄRGERLOG VALUES (1, 2)')
      const result = await session.run('SELECT "cÖde ""X""", GRößE FROM "ÄrgerLOG"')
      expect(result.columns.map((c) => c.name)).toEqual(['cÖde "x"', 'größe'])
      expect(values(result)).toEqual([[1n, 2n]])
      await expect(session.run('SELECT 1 FROM "ärgerlog"')).rejects.toThrow(
        'ERROR: relation "ärgerlog" does not exist',
      )
    })

    it('refuses names PostgreSQL would truncate instead of letting two of them collide', async () => {
      const long = `t_${'x'.repeat(62)}`
      await expect(session.run(`CREATE TABLE ${long} (id int)`)).rejects.toThrow(
        `ERROR: identifier "${long}" is 64 bytes long; the emulator keeps names up to 63 bytes`,
      )
      await expect(session.run(`SELECT 1 AS "${'é'.repeat(32)}"`)).rejects.toThrow(/64 bytes long/)
      const fits = `t_${'x'.repeat(61)}`
      await session.run(`CREATE TABLE ${fits} (id int)`)
      expect(values(await session.run(`SELECT count(*) FROM "${fits.toUpperCase()}"`))).toEqual([
        [0n],
      ])
    })

    it('returns column names in uppercase under describe_field_name_in_uppercase', async () => {
      const other = await engine.openSession({ database: 'dev', user: 'admin' })
      try {
        await other.run('SET describe_field_name_in_uppercase TO on')
        const result = await other.run('SELECT 1 AS lower_name')
        expect(result.columns.map((c) => [c.name, c.label])).toEqual([['LOWER_NAME', 'LOWER_NAME']])
        await other.run('RESET describe_field_name_in_uppercase')
        expect((await other.run('SELECT 1 AS lower_name')).columns[0]?.name).toBe('lower_name')
      } finally {
        await other.close()
      }
    })

    it('reads text back exactly, a leading byte-order mark included', async () => {
      await session.run('CREATE TABLE bom (id int, v varchar(20))')
      await session.run("INSERT INTO bom VALUES (1, '\ufeffstarts'), (2, 'mid\ufeffdle')")
      const result = await session.run('SELECT v, length(v) FROM bom ORDER BY id')
      expect(values(result)).toEqual([
        ['\ufeffstarts', 7n],
        ['mid\ufeffdle', 7n],
      ])
    })

    it('reports declared VARCHAR and DECIMAL sizes in result column metadata', async () => {
      await session.run('CREATE TABLE sized_result (v varchar(12), d decimal(10,3))')
      const result = await session.run('SELECT v, d FROM sized_result')
      expect(result.columns.map((c) => [c.typeName, c.length, c.precision, c.scale])).toEqual([
        ['varchar', 12, 12, 0],
        ['numeric', 0, 10, 3],
      ])
    })

    it('keeps quoted identifiers case sensitive after SET enable_case_sensitive_identifier', async () => {
      const other = await engine.openSession({ database: 'dev', user: 'admin' })
      try {
        await other.run('SET enable_case_sensitive_identifier TO true')
        expect(await one('SHOW enable_case_sensitive_identifier', other)).toBe('on')
        await other.run('CREATE TABLE sensitive ("Id" int, "id" int)')
        await other.run('INSERT INTO sensitive VALUES (1, 2)')
        const result = await other.run('SELECT "Id", "id" FROM sensitive')
        expect(result.columns.map((c) => c.name)).toEqual(['Id', 'id'])
        expect(values(result)).toEqual([[1n, 2n]])
        // Other sessions still fold: "Id" there is the lowercase column.
        expect(await one('SELECT "Id" FROM sensitive')).toBe(2n)
        expect(await one('SHOW enable_case_sensitive_identifier')).toBe('off')
        await other.run('RESET enable_case_sensitive_identifier')
        expect(await one('SELECT "Id" FROM sensitive', other)).toBe(2n)
      } finally {
        await other.close()
      }
    })

    it('reads string literals with backslash escapes as Redshift does', async () => {
      const result = await session.run(
        "SELECT 'it\\'s', 'a''b', 'back\\\\slash', 'tab\\there', 'ends with \\\\', 'plain \" quote'",
      )
      expect(values(result)).toEqual([
        ["it's", "a'b", 'back\\slash', 'tab\there', 'ends with \\', 'plain " quote'],
      ])
    })

    it('keeps a hostile string inside its literal', async () => {
      await session.run('CREATE TABLE hostile (v varchar(100))')
      await session.run("INSERT INTO hostile VALUES ('x\\'); DROP TABLE hostile; --')")
      expect(values(await session.run('SELECT v FROM hostile'))).toEqual([
        ["x'); DROP TABLE hostile; --"],
      ])
    })

    it('rejects NUL in SQL text, in escapes and in parameters', async () => {
      const message = 'ERROR: invalid byte sequence for encoding "UTF8": 0x00'
      await expect(session.run("SELECT 'a\u0000b'")).rejects.toThrow(message)
      await expect(session.run("SELECT 'a\\0b'")).rejects.toThrow(message)
      await expect(session.run("SELECT 'a\\x00'")).rejects.toThrow(message)
      await expect(
        session.run('SELECT :v', { parameters: [{ name: 'v', value: 'a\u0000' }] }),
      ).rejects.toThrow(message)
    })

    it('enforces VARCHAR and CHAR lengths in bytes with Redshift error text', async () => {
      await session.run('CREATE TABLE sized (v VARCHAR(4), c CHAR(2))')
      await session.run("INSERT INTO sized (v) VALUES ('abcd')")
      await session.run("INSERT INTO sized (v) VALUES ('éé')")
      await expect(session.run("INSERT INTO sized (v) VALUES ('ééé')")).rejects.toThrow(
        /^ERROR: value too long for type character varying\(4\)$/,
      )
      await expect(session.run("INSERT INTO sized (v) VALUES ('abcde')")).rejects.toThrow(
        /^ERROR: value too long for type character varying\(4\)$/,
      )
      await expect(session.run("INSERT INTO sized (c) VALUES ('ab')")).resolves.toBeDefined()
      await expect(session.run("INSERT INTO sized (c) VALUES ('abc')")).rejects.toThrow(
        /^ERROR: value too long for type character\(2\)$/,
      )
      expect(await one('SELECT count(*) FROM sized WHERE v IS NOT NULL')).toBe(2n)
    })

    it('gives VARCHAR(MAX) 65535 bytes and bare VARCHAR and TEXT 256, reported as varchar(n)', async () => {
      await session.run('CREATE TABLE widths (m VARCHAR(MAX), b VARCHAR, t TEXT)')
      const described = await engine.describeTable('dev', 'public', 'widths')
      expect(described?.map((c) => [c.typeName, c.length])).toEqual([
        ['varchar', 65535],
        ['varchar', 256],
        ['varchar', 256],
      ])
      await session.run(`INSERT INTO widths (b) VALUES ('${'x'.repeat(256)}')`)
      await expect(
        session.run(`INSERT INTO widths (t) VALUES ('${'x'.repeat(257)}')`),
      ).rejects.toThrow('ERROR: value too long for type character varying(256)')
      await expect(session.run('CREATE TABLE too_wide (v VARCHAR(65536))')).rejects.toThrow(
        'ERROR: length for type varchar cannot exceed 65535',
      )
      const info = await session.run(
        "SELECT data_type, character_maximum_length FROM information_schema.columns WHERE table_name = 'widths' ORDER BY ordinal_position",
      )
      expect(values(info)).toEqual([
        ['character varying', 65535n],
        ['character varying', 256n],
        ['character varying', 256n],
      ])
    })

    it('stores SUPER as jsonb, reports it as super and supports JSON_PARSE, JSON_SERIALIZE, IS_VALID_JSON', async () => {
      await session.run('CREATE TABLE docs (id int, doc SUPER)')
      await session.run(`INSERT INTO docs VALUES (1, JSON_PARSE('{"a": [1, 2], "s": "x y"}'))`)
      const result = await session.run('SELECT doc, JSON_SERIALIZE(doc) FROM docs')
      expect(result.columns.map((c) => c.typeName)).toEqual(['super', 'varchar'])
      expect(values(result)).toEqual([['{"a":[1,2],"s":"x y"}', '{"a":[1,2],"s":"x y"}']])
      expect(
        values(await session.run("SELECT IS_VALID_JSON('{\"a\":1}'), IS_VALID_JSON('{a')")),
      ).toEqual([[true, false]])
      const described = await engine.describeTable('dev', 'public', 'docs')
      expect(described?.[1]?.typeName).toBe('super')
    })

    it('stores a character value assigned to SUPER as a SUPER string, as Redshift does', async () => {
      await session.run('CREATE TABLE super_strings (id int, s SUPER, v varchar(40))')
      await session.run(
        `INSERT INTO super_strings (id, s) VALUES (1, 'abc'), (2, '{"a":1}'), (3, JSON_PARSE('{"a":1}')), (4, 5), (5, true), (6, NULL), (7, :p), (8, 'null'), (9, DEFAULT), (10, JSON_PARSE('"x"')), (11, '12')`,
        { parameters: [{ name: 'p', value: 'it\'s "q" \\ é\n' }] },
      )
      await session.run("INSERT INTO super_strings VALUES (12, '[1, 2]', 'row')")
      const read = async (): Promise<unknown[][]> =>
        values(await session.run('SELECT id, JSON_SERIALIZE(s), s FROM super_strings ORDER BY id'))
      const serialized = (text: string | null) => [text, text]
      expect(await read()).toEqual(
        [
          serialized('"abc"'),
          serialized('"{\\"a\\":1}"'),
          serialized('{"a":1}'),
          serialized('5'),
          serialized('true'),
          serialized(null),
          serialized(JSON.stringify('it\'s "q" \\ é\n')),
          serialized('"null"'),
          serialized(null),
          serialized('"x"'),
          serialized('"12"'),
          serialized('"[1, 2]"'),
        ].map((pair, k) => [BigInt(k + 1), ...pair]),
      )
      const typed = await session.run('SELECT s FROM super_strings WHERE id = 1')
      expect(typed.columns[0]?.typeName).toBe('super')
      expect(typed.rows[0]?.[0]).toEqual({ kind: 'string', value: '"abc"' })
      await session.run(
        "UPDATE super_strings SET s = v || '!' WHERE id = 12; UPDATE super_strings AS x SET s = 'set', v = 'w' WHERE x.id = 1",
      )
      expect(
        values(
          await session.run(
            'SELECT id, JSON_SERIALIZE(s), v FROM super_strings WHERE id IN (1, 12) ORDER BY id',
          ),
        ),
      ).toEqual([
        [1n, '"set"', 'w'],
        [12n, '"row!"', 'row'],
      ])
      await expect(session.run("SELECT JSON_PARSE('abc')")).rejects.toThrow(/^ERROR: /)
    })

    it('keeps any string, hostile ones included, as the SUPER string it was', async () => {
      await session.run('CREATE TABLE super_any (id int, s SUPER, c char(4), v varchar(30))')
      await fc.assert(
        fc.asyncProperty(
          fc.string({ unit: 'grapheme', maxLength: 30 }).filter((text) => !text.includes('\u0000')),
          async (text) => {
            await session.run('DELETE FROM super_any')
            await session.run('INSERT INTO super_any (id, s) VALUES (1, :p)', {
              parameters: [{ name: 'p', value: text }],
            })
            const [serialized, raw] = values(
              await session.run('SELECT JSON_SERIALIZE(s), s FROM super_any'),
            )[0] as [string, string]
            expect(JSON.parse(serialized)).toBe(text)
            expect(raw).toBe(serialized)
          },
        ),
        { numRuns: 60 },
      )
      await session.run(
        "INSERT INTO super_any (id, s, c, v) VALUES (2, 'x''), (3, JSON_PARSE(''{}''))', 'ab', 'when not matched')",
      )
      const row = async (): Promise<unknown[]> =>
        values(await session.run('SELECT id, JSON_SERIALIZE(s), v FROM super_any WHERE id > 1'))
      expect(await row()).toEqual([[2n, "\"x'), (3, JSON_PARSE('{}'))\"", 'when not matched']])
      await session.run('UPDATE super_any SET s = c WHERE id = 2')
      expect(await row()).toEqual([[2n, '"ab"', 'when not matched']])
      await session.run("UPDATE super_any SET s = v, v = 'done' WHERE id = 2")
      expect(await row()).toEqual([[2n, '"when not matched"', 'done']])
    })

    it('assigns strings to SUPER inside a transaction block, to a table the block created', async () => {
      await session.begin()
      try {
        await session.run('CREATE TABLE super_in_block (id int, s SUPER)')
        await session.run("INSERT INTO super_in_block VALUES (1, 'in block')")
        expect(values(await session.run('SELECT JSON_SERIALIZE(s) FROM super_in_block'))).toEqual([
          ['"in block"'],
        ])
      } finally {
        await session.rollback()
      }
      await expect(session.run("INSERT INTO super_in_block VALUES (1, 'x')")).rejects.toThrow(
        'ERROR: relation "super_in_block" does not exist',
      )
    })

    it('assigns MERGE values to SUPER columns as Redshift does', async () => {
      await session.run('CREATE TABLE super_merged (id int, s SUPER)')
      await session.run("INSERT INTO super_merged VALUES (1, JSON_PARSE('[1]'))")
      await session.run('CREATE TEMP TABLE super_src (id int, v varchar(20))')
      await session.run(`INSERT INTO super_src VALUES (1, '{"b":2}'), (2, 'plain')`)
      await session.run(
        'MERGE INTO super_merged USING super_src AS src ON super_merged.id = src.id WHEN MATCHED THEN UPDATE SET s = src.v WHEN NOT MATCHED THEN INSERT VALUES (src.id, src.v)',
      )
      expect(
        values(await session.run('SELECT id, JSON_SERIALIZE(s) FROM super_merged ORDER BY id')),
      ).toEqual([
        [1n, '"{\\"b\\":2}"'],
        [2n, '"plain"'],
      ])
    })

    it('stores VARBYTE as bytes with FROM_HEX and TO_HEX, returned as a blob', async () => {
      await session.run('CREATE TABLE bytes (b VARBYTE(16))')
      await session.run("INSERT INTO bytes VALUES (FROM_HEX('00ff10'))")
      const result = await session.run('SELECT b, TO_HEX(b) FROM bytes')
      expect(result.columns.map((c) => c.typeName)).toEqual(['varbyte', 'varchar'])
      expect(result.rows[0]?.[0]).toEqual({ kind: 'blob', value: new Uint8Array([0, 255, 16]) })
      expect(result.rows[0]?.[1]).toEqual({ kind: 'string', value: '00ff10' })
    })

    it('refuses a multibyte character in CHAR, as Redshift does, and keeps it in VARCHAR', async () => {
      await session.run('CREATE TABLE single_byte (c CHAR(3), v VARCHAR(3))')
      const multibyteError = (hex: string): RegExp =>
        new RegExp(
          `^ERROR: Multibyte character not supported for CHAR \\(Hint: Try using VARCHAR\\)\\. Invalid char: ${hex}$`,
        )
      const multibyte = multibyteError('c3a9')
      await expect(session.run("INSERT INTO single_byte (c) VALUES ('é')")).rejects.toThrow(
        multibyte,
      )
      await expect(session.run("INSERT INTO single_byte (c) VALUES ('aé')")).rejects.toThrow(
        multibyte,
      )
      await expect(
        session.run('INSERT INTO single_byte (c) VALUES (:c)', {
          parameters: [{ name: 'c', value: 'x😀' }],
        }),
      ).rejects.toThrow(/Invalid char: f09f9880$/)
      await expect(session.run("INSERT INTO single_byte (c) VALUES ('ééé')")).rejects.toThrow(
        multibyte,
      )
      await session.run("INSERT INTO single_byte (c) VALUES ('a~\\x7f')")
      await session.run("INSERT INTO single_byte (v) VALUES ('é')")
      await session.run("INSERT INTO single_byte (c) VALUES ('ok')")
      await expect(session.run("UPDATE single_byte SET c = 'ñ' WHERE c = 'ok'")).rejects.toThrow(
        multibyteError('c3b1'),
      )
      await session.run('CREATE TEMP TABLE single_byte_src (c VARCHAR(3))')
      await session.run("INSERT INTO single_byte_src VALUES ('ü')")
      await expect(
        session.run('INSERT INTO single_byte (c) SELECT c FROM single_byte_src'),
      ).rejects.toThrow(multibyteError('c3bc'))
      expect(values(await session.run('SELECT c, v FROM single_byte ORDER BY c'))).toEqual([
        ['a~\x7f', null],
        ['ok ', null],
        [null, 'é'],
      ])
    })

    it('adds the single-byte rule to a CHAR domain an older engine created without it', async () => {
      await session.run(
        'CREATE DOMAIN redstore_internal.bpchar_7 AS pg_catalog.bpchar(7) CONSTRAINT redstore_octets_bpchar_7 CHECK (octet_length(VALUE::text) <= 7)',
      )
      await session.run('CREATE TABLE older_char (c CHAR(7))')
      await expect(session.run("INSERT INTO older_char VALUES ('café')")).rejects.toThrow(
        /^ERROR: Multibyte character not supported for CHAR .* Invalid char: c3a9$/,
      )
      await expect(session.run("INSERT INTO older_char VALUES ('cafe123x')")).rejects.toThrow(
        /^ERROR: value too long for type character\(7\)$/,
      )
      await session.run("INSERT INTO older_char VALUES ('cafe')")
      expect(await one('SELECT count(*) FROM older_char')).toBe(1n)
    })

    it('enforces VARBYTE(n) in bytes, 64000 bytes when bare, with a varbyte error', async () => {
      await session.run('CREATE TABLE byte_sized (b VARBYTE(4), d VARBYTE, e BINARY VARYING(2))')
      await session.run("INSERT INTO byte_sized (b) VALUES (FROM_HEX('00ff10ab'))")
      await expect(
        session.run("INSERT INTO byte_sized (b) VALUES (FROM_HEX('00ff10abcd'))"),
      ).rejects.toThrow(/^ERROR: value too long for type varbyte\(4\)$/)
      await expect(
        session.run("INSERT INTO byte_sized (e) VALUES (FROM_HEX('000000'))"),
      ).rejects.toThrow(/^ERROR: value too long for type varbyte\(2\)$/)
      await session.run(`INSERT INTO byte_sized (d) VALUES (FROM_HEX('${'ab'.repeat(64000)}'))`)
      await expect(
        session.run(`INSERT INTO byte_sized (d) VALUES (FROM_HEX('${'ab'.repeat(64001)}'))`),
      ).rejects.toThrow(/^ERROR: value too long for type varbyte\(64000\)$/)
      await expect(
        session.run("UPDATE byte_sized SET b = FROM_HEX('0102030405') WHERE b IS NOT NULL"),
      ).rejects.toThrow(/^ERROR: value too long for type varbyte\(4\)$/)
      expect(
        values(
          await session.run('SELECT TO_HEX(b), length(d) FROM byte_sized ORDER BY 2 NULLS FIRST'),
        ),
      ).toEqual([
        ['00ff10ab', null],
        [null, 64000n],
      ])
      await expect(
        session.run('CREATE TABLE too_many_bytes (b VARBYTE(16777217))'),
      ).rejects.toThrow('ERROR: length for type varbyte cannot exceed 16777216')
      await expect(session.run('CREATE TABLE no_bytes (b VARBYTE(0))')).rejects.toThrow(
        'ERROR: length for type varbyte must be at least 1',
      )
      const described = await engine.describeTable('dev', 'public', 'byte_sized')
      expect(described?.map((c) => c.typeName)).toEqual(['varbyte', 'varbyte', 'varbyte'])
    })

    it('limits each string inside a SUPER value to 65535 bytes', async () => {
      await session.run('CREATE TABLE super_limits (id int, s SUPER)')
      const fits = 'é'.repeat(32767) + 'x'
      await session.run(`INSERT INTO super_limits VALUES (1, '${fits}')`)
      await session.run(
        `INSERT INTO super_limits VALUES (2, JSON_PARSE('{"a": [1, {"b": "${'y'.repeat(65535)}"}]}'))`,
      )
      const tooLong =
        /^ERROR: string of 65536 bytes inside a SUPER value exceeds the maximum of 65535 bytes$/
      await expect(session.run(`INSERT INTO super_limits VALUES (3, '${fits}x')`)).rejects.toThrow(
        tooLong,
      )
      await expect(
        session.run(
          `INSERT INTO super_limits VALUES (4, JSON_PARSE('{"a": [1, {"b": "${'y'.repeat(65536)}"}]}'))`,
        ),
      ).rejects.toThrow(tooLong)
      await expect(
        session.run(`UPDATE super_limits SET s = :s WHERE id = 1`, {
          parameters: [{ name: 's', value: 'z'.repeat(65536) }],
        }),
      ).rejects.toThrow(tooLong)
      await session.run(
        `INSERT INTO super_limits VALUES (5, JSON_PARSE('[${Array.from({ length: 3 }, () => `"${'q'.repeat(60000)}"`).join(',')}]'))`,
      )
      expect(
        values(
          await session.run('SELECT id, length(JSON_SERIALIZE(s)) FROM super_limits ORDER BY id'),
        ),
      ).toEqual([
        [1n, 32770n],
        [2n, 65553n],
        [5n, 180010n],
      ])
    })

    it('limits a SUPER value to 16 MB serialized', async () => {
      await session.run('CREATE TABLE super_size (s SUPER)')
      const array = (count: number) =>
        `JSON_PARSE('[${Array.from({ length: count }, () => `"${'w'.repeat(65533)}"`).join(',')}]')`
      // Each string serializes to 65535 bytes: 255 of them with separators fit, 257 do not.
      await session.run(`INSERT INTO super_size VALUES (${array(255)})`)
      await expect(session.run(`INSERT INTO super_size VALUES (${array(257)})`)).rejects.toThrow(
        /^ERROR: SUPER value of 16842753 bytes exceeds the maximum size of 16777216 bytes$/,
      )
      expect(await one('SELECT count(*) FROM super_size')).toBe(1n)
    }, 60_000)

    it('accepts PRIMARY KEY and UNIQUE without enforcing them', async () => {
      await session.run(
        'CREATE TABLE keyed (id int PRIMARY KEY, code varchar(5) UNIQUE, other int, CONSTRAINT u UNIQUE (other), PRIMARY KEY (id))',
      )
      await session.run("INSERT INTO keyed VALUES (1, 'a', 1), (1, 'a', 1)")
      expect(await one('SELECT count(*) FROM keyed')).toBe(2n)
      await expect(session.run("INSERT INTO keyed VALUES (NULL, 'b', 2)")).rejects.toThrow(
        /null value in column "id"/,
      )
      await session.run('ALTER TABLE keyed ADD PRIMARY KEY (code)')
      await session.run("INSERT INTO keyed VALUES (2, 'a', 1)")
      expect(await one('SELECT count(*) FROM keyed')).toBe(3n)
    })

    it('accepts DISTSTYLE, DISTKEY, SORTKEY, ENCODE and BACKUP', async () => {
      await session.run(
        'CREATE TABLE tuned (id int ENCODE az64 DISTKEY, ts timestamp SORTKEY ENCODE raw, v varchar(3) ENCODE lzo) DISTSTYLE KEY DISTKEY (id) COMPOUND SORTKEY (id, ts) BACKUP NO',
      )
      await session.run('CREATE TABLE tuned_auto (id int) DISTSTYLE AUTO SORTKEY AUTO ENCODE AUTO')
      await session.run('CREATE TABLE tuned_copy DISTSTYLE EVEN AS SELECT * FROM tuned')
      await session.run('ALTER TABLE tuned ALTER DISTSTYLE EVEN')
      await session.run('ALTER TABLE tuned ALTER COLUMN v ENCODE zstd')
      const tables = await engine.listTables('dev', { tablePattern: 'tuned%' })
      expect(tables.map((t) => t.name)).toEqual(['tuned', 'tuned_auto', 'tuned_copy'])
    })

    it('has GETDATE() to the second and SYSDATE at transaction start', async () => {
      const result = await session.run(
        "SELECT GETDATE(), SYSDATE, date_part('microseconds', GETDATE())::int % 1000000",
      )
      expect(result.columns.map((c) => c.typeName)).toEqual(['timestamp', 'timestamp', 'int4'])
      const [getdate, sysdate, micros] = values(result)[0] as [string, string, bigint]
      expect(getdate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
      expect(sysdate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/)
      expect(micros).toBe(0n)
      await session.run('CREATE TABLE stamped (id int, at timestamp DEFAULT GETDATE())')
      await session.run('INSERT INTO stamped (id) VALUES (1)')
      expect(await one('SELECT at IS NOT NULL FROM stamped')).toBe(true)
    })

    it('creates CREATE TEMP TABLE ... (LIKE t) with the parent columns and limits', async () => {
      await session.run('CREATE TABLE parent (id int NOT NULL, name varchar(3))')
      await session.run('CREATE TEMP TABLE child (LIKE parent)')
      await expect(session.run("INSERT INTO child VALUES (1, 'abcd')")).rejects.toThrow(
        'ERROR: value too long for type character varying(3)',
      )
      await expect(session.run("INSERT INTO child VALUES (NULL, 'a')")).rejects.toThrow(
        /null value/,
      )
      await session.run("INSERT INTO child VALUES (1, 'abc')")
      expect(await one('SELECT count(*) FROM child')).toBe(1n)
      const tables = await engine.listTables('dev', { tablePattern: 'child' })
      expect(tables).toEqual([])
    })

    it('runs MERGE upserts and reports several matches as Redshift does', async () => {
      await session.run('CREATE TABLE target (id int, name varchar(10))')
      await session.run("INSERT INTO target VALUES (1, 'old'), (2, 'keep')")
      await session.run('CREATE TEMP TABLE source (id int, name varchar(10))')
      await session.run("INSERT INTO source VALUES (1, 'new'), (3, 'added')")
      const merged = await session.run(
        'MERGE INTO target USING source ON target.id = source.id WHEN MATCHED THEN UPDATE SET name = source.name WHEN NOT MATCHED THEN INSERT VALUES (source.id, source.name)',
      )
      expect(merged.rowCount).toBe(2)
      expect(values(await session.run('SELECT id, name FROM target ORDER BY id'))).toEqual([
        [1n, 'new'],
        [2n, 'keep'],
        [3n, 'added'],
      ])
      await session.run("INSERT INTO source VALUES (1, 'twice')")
      await expect(
        session.run(
          'MERGE INTO target USING source s ON target.id = s.id WHEN MATCHED THEN UPDATE SET name = s.name WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.name)',
        ),
      ).rejects.toThrow(/^ERROR: Found multiple matches to update the same tuple\.$/)
    })

    it('refuses MERGE forms Redshift does not have, with its syntax error, changing nothing', async () => {
      await session.run('CREATE TABLE merge_strict (id int, name varchar(10))')
      await session.run("INSERT INTO merge_strict VALUES (1, 'old')")
      await session.run('CREATE TEMP TABLE merge_strict_src (id int, name varchar(10))')
      await session.run("INSERT INTO merge_strict_src VALUES (1, 'new'), (2, 'added')")
      const head = 'MERGE INTO merge_strict USING merge_strict_src s ON merge_strict.id = s.id'
      const update = 'WHEN MATCHED THEN UPDATE SET name = s.name'
      const insert = 'WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.name)'
      const refused: Array<[string, string]> = [
        [`${head} ${update}`, 'ERROR: syntax error at end of input'],
        [`${head} ${insert}`, 'ERROR: syntax error at or near "NOT"'],
        [
          `${head} WHEN MATCHED AND s.id > 0 THEN DELETE ${insert}`,
          'ERROR: syntax error at or near "AND"',
        ],
        [`${head} WHEN MATCHED THEN DO NOTHING ${insert}`, 'ERROR: syntax error at or near "DO"'],
        [
          `${head} ${update} WHEN NOT MATCHED THEN INSERT DEFAULT VALUES`,
          'ERROR: syntax error at or near "DEFAULT"',
        ],
        [
          `${head} WHEN MATCHED THEN UPDATE SET merge_strict.name = s.name ${insert}`,
          'ERROR: syntax error at or near "."',
        ],
        [`${head} ${update} ${insert} ${update}`, 'ERROR: syntax error at or near "WHEN"'],
      ]
      for (const [sql, message] of refused) {
        await expect(session.run(sql), sql).rejects.toThrow(
          new RegExp(`^${escapeRegExp(message)}$`),
        )
      }
      expect(values(await session.run('SELECT id, name FROM merge_strict ORDER BY id'))).toEqual([
        [1n, 'old'],
      ])
      await session.run(`${head} WHEN MATCHED THEN DELETE ${insert}`)
      expect(values(await session.run('SELECT id, name FROM merge_strict ORDER BY id'))).toEqual([
        [2n, 'added'],
      ])
    })

    it("runs both forms @redstore/sql's mergeFromTemp writes", async () => {
      await session.run('CREATE TABLE "Users" (id int NOT NULL, name varchar(10), doc SUPER)')
      await session.run("INSERT INTO users VALUES (1, 'old', JSON_PARSE('{}'))")
      await session.run('CREATE TEMP TABLE "redstore_stage_1" (LIKE "public"."Users")')
      await session.run(
        `INSERT INTO "redstore_stage_1" ("id", "name", "doc") VALUES (1, 'new', JSON_PARSE('{"k":[1]}')), (2, 'two', 'text')`,
      )
      const merged = await session.run(
        'MERGE INTO "public"."Users"\nUSING "redstore_stage_1"\nON "public"."Users"."id" = "redstore_stage_1"."id"\nWHEN MATCHED THEN UPDATE SET "name" = "redstore_stage_1"."name", "doc" = "redstore_stage_1"."doc"\nWHEN NOT MATCHED THEN INSERT ("id", "name", "doc") VALUES ("redstore_stage_1"."id", "redstore_stage_1"."name", "redstore_stage_1"."doc")',
      )
      expect(merged.rowCount).toBe(2)
      await session.run('INSERT INTO "redstore_stage_1" ("id") VALUES (2), (3)')
      const keyOnly = await session.run(
        'INSERT INTO "public"."Users" ("id")\nSELECT "redstore_stage_1"."id" FROM "redstore_stage_1"\nWHERE NOT EXISTS (SELECT 1 FROM "public"."Users" WHERE "public"."Users"."id" = "redstore_stage_1"."id")',
      )
      expect(keyOnly.rowCount).toBe(1)
      expect(
        values(await session.run('SELECT id, name, JSON_SERIALIZE(doc) FROM users ORDER BY id')),
      ).toEqual([
        [1n, 'new', '{"k":[1]}'],
        [2n, 'two', '"text"'],
        [3n, null, null],
      ])
    })

    it('runs MERGE ... REMOVE DUPLICATES', async () => {
      await session.run('CREATE TABLE dedup (id int, name varchar(10))')
      await session.run(
        "INSERT INTO dedup VALUES (1, 'a'), (1, 'a again'), (2, 'b'), (4, 'x'), (4, 'x')",
      )
      await session.run('CREATE TEMP TABLE dedup_src (id int, name varchar(10))')
      await session.run("INSERT INTO dedup_src VALUES (1, 'one'), (3, 'three')")
      await session.run('MERGE INTO dedup USING dedup_src s ON dedup.id = s.id REMOVE DUPLICATES')
      expect(values(await session.run('SELECT id, name FROM dedup ORDER BY id, name'))).toEqual([
        [1n, 'one'],
        [2n, 'b'],
        [3n, 'three'],
        [4n, 'x'],
        [4n, 'x'],
      ])
      await session.run("INSERT INTO dedup_src VALUES (2, 'b1'), (2, 'b2')")
      await expect(
        session.run('MERGE INTO dedup USING dedup_src s ON dedup.id = s.id REMOVE DUPLICATES'),
      ).rejects.toThrow('ERROR: Found multiple matches to update the same tuple.')
      expect(await one('SELECT count(*) FROM dedup')).toBe(5n)
    })

    it('limits ALTER TABLE ADD COLUMN to one column', async () => {
      await session.run('CREATE TABLE growing (id int)')
      await expect(
        session.run('ALTER TABLE growing ADD COLUMN a int, ADD COLUMN b int'),
      ).rejects.toThrow('ERROR: syntax error at or near ","')
      await expect(
        session.run('ALTER TABLE growing ADD COLUMN IF NOT EXISTS a int'),
      ).rejects.toThrow(/^ERROR: syntax error at or near "NOT"$/)
      await session.run("ALTER TABLE growing ADD COLUMN a varchar(2) DEFAULT 'x' ENCODE lzo")
      await expect(session.run("INSERT INTO growing VALUES (1, 'abc')")).rejects.toThrow(
        'ERROR: value too long for type character varying(2)',
      )
    })

    it('only widens VARCHAR with ALTER COLUMN TYPE, and never inside a transaction block', async () => {
      await session.run('CREATE TABLE widen (id int, v varchar(3))')
      await session.run("INSERT INTO widen VALUES (1, 'abc')")
      await session.run('ALTER TABLE widen ALTER COLUMN v TYPE varchar(5)')
      await session.run("INSERT INTO widen VALUES (2, 'abcde')")
      expect((await engine.describeTable('dev', 'public', 'widen'))?.[1]?.length).toBe(5)
      await expect(session.run('ALTER TABLE widen ALTER COLUMN v TYPE varchar(4)')).rejects.toThrow(
        /target column size 4 should be greater or equal to current maximum column size 5/,
      )
      await expect(session.run('ALTER TABLE widen ALTER COLUMN id TYPE bigint')).rejects.toThrow(
        /supported only for VARCHAR/,
      )
      await expect(
        session.run('ALTER TABLE widen ALTER COLUMN id TYPE varchar(10)'),
      ).rejects.toThrow(/supported only for VARCHAR/)
      await session.begin()
      try {
        await expect(
          session.run('ALTER TABLE widen ALTER COLUMN v TYPE varchar(9)'),
        ).rejects.toThrow('ERROR: ALTER TABLE ALTER COLUMN cannot run inside a transaction block')
      } finally {
        await session.rollback()
      }
    })

    it('binds :name parameters outside strings and comments, and fails on a missing one', async () => {
      const result = await session.run(
        "SELECT :a AS a, ':a' AS literal, 1::int AS cast /* :b */ -- :b\n, :a || :c AS joined",
        {
          parameters: [
            { name: 'a', value: "O'Brien\\" },
            { name: 'c', value: '!' },
          ],
        },
      )
      expect(values(result)).toEqual([["O'Brien\\", ':a', 1n, "O'Brien\\!"]])
      await expect(
        session.run('SELECT :missing', { parameters: [{ name: 'other', value: '1' }] }),
      ).rejects.toThrow('ERROR: no value supplied for parameter ":missing"')
    })

    it('commits the open transaction block at TRUNCATE, as Redshift does', async () => {
      await session.run('CREATE TABLE truncated (id int)')
      await session.run('CREATE TABLE kept_by_truncate (id int)')
      await session.begin()
      await session.run('INSERT INTO kept_by_truncate VALUES (1)')
      await session.run('INSERT INTO truncated VALUES (1)')
      await session.run('TRUNCATE TABLE truncated')
      await session.run('INSERT INTO truncated VALUES (2)')
      await session.rollback()
      expect(values(await session.run('SELECT count(*) FROM kept_by_truncate'))).toEqual([[1n]])
      expect(values(await session.run('SELECT id FROM truncated'))).toEqual([[2n]])
    })

    it('keeps the session user, temp tables and its defaults after RESET ALL', async () => {
      const other = await engine.openSession({ database: 'dev', user: 'IAM:resetter' })
      try {
        await other.run('SET enable_case_sensitive_identifier TO true')
        await other.run("SET datestyle TO 'SQL, DMY'")
        await other.run('CREATE TEMP TABLE survives_reset (id int)')
        await other.run('RESET ALL')
        expect(values(await other.run('SHOW enable_case_sensitive_identifier'))).toEqual([['off']])
        expect(values(await other.run('SHOW datestyle'))).toEqual([['ISO, MDY']])
        expect(
          values(await other.run('SELECT current_user, count(*) FROM survives_reset')),
        ).toEqual([['IAM:resetter', 0n]])
        expect(values(await other.run('SHOW TimeZone'))).toEqual([['UTC']])
        expect(values(await other.run('SHOW default_transaction_isolation'))).toEqual([
          ['serializable'],
        ])
      } finally {
        await other.close()
      }
    })

    it('fails COPY without an S3 endpoint and refuses UNLOAD, each with a clear error', async () => {
      await session.run('CREATE TABLE copy_target (id int)')
      await expect(
        session.run(
          "COPY copy_target FROM 's3://bucket/key' IAM_ROLE 'arn:aws:iam::123456789012:role/r'",
        ),
      ).rejects.toThrow(
        /^ERROR: COPY from S3 needs an S3 endpoint and the emulator has none: start it with startEmulator\(\{ s3: \{ endpoint \} \}\) or the --s3-endpoint <url> flag$/,
      )
      await expect(session.run("UNLOAD ('SELECT 1') TO 's3://b/p'")).rejects.toThrow(
        /^ERROR: UNLOAD/,
      )
    })

    it('keeps information_schema and pg_catalog queries working', async () => {
      await session.run('CREATE TABLE catalogued (id int, name varchar(7))')
      const columns = await session.run(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'catalogued' ORDER BY ordinal_position",
      )
      expect(values(columns)).toEqual([
        ['id', 'integer'],
        ['name', 'character varying'],
      ])
      const classes = await session.run(
        "SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname = 'catalogued'",
      )
      expect(values(classes)).toEqual([['catalogued']])
      expect(await engine.listSchemas('dev')).toEqual([
        'information_schema',
        'pg_catalog',
        'public',
      ])
    })

    it('names SUPER and VARBYTE as Redshift does in information_schema and pg_table_def, hiding private schemas', async () => {
      await session.run(
        'CREATE TABLE typed_catalog (doc SUPER, raw VARBYTE, v VARCHAR(12) NOT NULL)',
      )
      const columns = await session.run(
        "SELECT column_name, data_type, udt_name, character_maximum_length FROM information_schema.columns WHERE table_name = 'typed_catalog' ORDER BY ordinal_position",
      )
      expect(values(columns)).toEqual([
        ['doc', 'super', 'super', null],
        ['raw', 'binary varying', 'varbyte', 64000n],
        ['v', 'character varying', 'varchar', 12n],
      ])
      const tableDef = await session.run(
        'SELECT "column", type, "notnull" FROM pg_table_def WHERE tablename = \'typed_catalog\'',
      )
      expect(values(tableDef)).toEqual([
        ['doc', 'super', false],
        ['raw', 'varbyte', false],
        ['v', 'character varying(12)', true],
      ])
      await session.run('CREATE TEMP TABLE private_stage (id int)')
      const schemas = await session.run(
        "SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'redstore%'",
      )
      expect(values(schemas)).toEqual([[0n]])
      const tables = await session.run(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'private_stage' OR table_schema = 'redstore_internal'",
      )
      expect(values(tables)).toEqual([[0n]])
    })
  })
}
