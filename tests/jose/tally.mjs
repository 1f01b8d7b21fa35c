// A real tally, checked by a JOSE library we did not write: run by
// tests/run.sh as node tests/jose/tally.mjs DIR, where DIR holds what
// tests/integration/test_vote wrote: tally.jws (the JWS ygd signed at the
// close of a vote) and server_key (ygd's published key, "ed25519:" +
// base64url). jose must accept it with that key and refuse it altered.
import { readFileSync } from 'node:fs';
import * as jose from 'jose';

const dir = process.argv[2];
const jws = readFileSync(`${dir}/tally.jws`, 'utf8').trim();
const text = readFileSync(`${dir}/server_key`, 'utf8').trim();
if (!text.startsWith('ed25519:')) throw new Error(`not a server key: ${text}`);
const key = await jose.importJWK({ kty: 'OKP', crv: 'Ed25519', x: text.slice(8) }, 'EdDSA');
let failed = 0;

const { payload, protectedHeader } = await jose.compactVerify(jws, key);
const doc = JSON.parse(new TextDecoder().decode(payload));
const ok = protectedHeader.alg === 'EdDSA' && protectedHeader.typ === 'yg-tally' &&
  protectedHeader.kid === text && doc.format === 'yangguang-tally/2' &&
  Array.isArray(doc.counts) && doc.ballots === doc.voters.length;
console.log(`${ok ? 'ok' : 'FAIL'} - jose verifies ygd's tally (counts ${JSON.stringify(doc.counts)}, outcome ${doc.outcome.result})`);
if (!ok) failed++;

// The same tally with one count changed must be refused.
const [h, p, s] = jws.split('.');
doc.counts[0] += 1;
const forged = `${h}.${Buffer.from(JSON.stringify(doc)).toString('base64url')}.${s}`;
let refused = false;
try {
  await jose.compactVerify(forged, key);
} catch {
  refused = true;
}
console.log(`${refused ? 'ok' : 'FAIL'} - jose refuses the tally with a count changed`);
if (!refused) failed++;
process.exit(failed === 0 ? 0 : 1);
