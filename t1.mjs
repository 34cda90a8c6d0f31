import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';

let t = Date.now();
const db = await PGlite.create({ extensions: { vector } });
console.log('create mem', Date.now() - t);
await db.exec(`
CREATE ROLE fin_app NOLOGIN;
CREATE TABLE t (tenant_id text, v int);
ALTER TABLE t ENABLE ROW LEVEL SECURITY; ALTER TABLE t FORCE ROW LEVEL SECURITY;
CREATE POLICY p ON t USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')) WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), ''));
GRANT SELECT, INSERT ON t TO fin_app;
INSERT INTO t VALUES ('a',1),('b',2);
CREATE FUNCTION fauth(p text) RETURNS TABLE(who text, n bigint) LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('role','fin_app',true);
  PERFORM set_config('app.tenant_id', p, true);
  RETURN QUERY SELECT current_user::text, (SELECT count(*) FROM t);
END $$;
`);
console.log((await db.query(`SELECT * FROM fauth('a')`)).rows);
console.log((await db.query(`SELECT current_user, count(*) FROM t`)).rows);
console.log((await db.query(`SELECT version()`)).rows);
await db.exec('BEGIN; SELECT set_config($$role$$,$$fin_app$$,true)');
console.log((await db.query(`SELECT current_user, count(*) FROM t`)).rows);
await db.exec('COMMIT');
t = Date.now();
const dump = await db.dumpDataDir('none');
console.log('dump', Date.now() - t, dump.size);
t = Date.now();
const db2 = await PGlite.create({ loadDataDir: dump, extensions: { vector } });
console.log('load', Date.now() - t, (await db2.query('select count(*) from t')).rows);
